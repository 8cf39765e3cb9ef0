/** Contract: what the server says about itself: /metadata, /openapi.json and /metrics. */
import { describe, expect, it } from 'vitest';
import { metadataSchema, predictResponseSchema } from '../../../main/shared/http-contract.ts';
import type { ContractContext } from '../context.ts';

/** The metric names both runtimes export (templates/runtime-node/src/metrics.ts). */
export const METRIC_NAMES = [
  'craneml_requests_total',
  'craneml_request_errors_total',
  'craneml_request_duration_seconds',
  'craneml_batch_size',
  'craneml_inference_duration_seconds',
  'craneml_queue_wait_seconds',
  'craneml_rejected_overload_total',
  'craneml_queue_depth',
  'craneml_model_ready',
];

/** Every `properties` object anywhere in a JSON document. */
function propertyNames(node: unknown, found: string[][] = []): string[][] {
  if (Array.isArray(node)) node.forEach((item) => propertyNames(item, found));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') found.push(Object.keys(record.properties));
    Object.values(record).forEach((value) => propertyNames(value, found));
  }
  return found;
}

export function describeDescriptions(context: ContractContext): void {
  describe('descriptions', () => {
    it('answers /metadata in the shape of metadataSchema, naming the columns, task and labels', async () => {
      const e = context.expectations;
      const response = await fetch(`${context.url}/metadata`);
      expect(response.status).toBe(200);
      const meta = metadataSchema.parse(await response.json());
      expect({ name: meta.name, version: meta.version }).toEqual(e.model);
      expect(meta.task).toBe(e.task);
      if (e.classes) expect(meta.labels).toEqual(e.classes);
      expect(meta.input.kind).toBe('table');
      const columns = (meta.input as unknown as { columns: { name: string; type: string }[] }).columns;
      expect(columns.map((c) => ({ name: c.name, type: c.type }))).toEqual(e.columns);
      expect(meta.limits.max_body_bytes).toBeGreaterThan(0);
    });

    it('documents /predict in /openapi.json with every column named, and the CSV body', async () => {
      const response = await fetch(`${context.url}/openapi.json`);
      expect(response.status).toBe(200);
      const doc = (await response.json()) as {
        openapi: string;
        paths: Record<string, Record<string, { requestBody: { content: Record<string, unknown> } }>>;
      };
      expect(doc.openapi).toMatch(/^3\./);
      const predict = doc.paths['/predict']!.post!;
      const names = context.expectations.columns.map((c) => c.name);
      const objects = propertyNames(predict.requestBody.content['application/json']);
      expect(
        objects.some((keys) => names.every((name) => keys.includes(name))),
        'a JSON schema of /predict names every column',
      ).toBe(true);
      expect(Object.keys(predict.requestBody.content)).toContain('text/csv');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/predict', '/metadata', '/v2/models/{name}/infer']));
    });

    it('exports the same metric names on /metrics, counting the requests answered', async () => {
      const e = context.expectations;
      const predicted = await fetch(`${context.url}/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ instances: e.rows.slice(0, 1) }),
      });
      predictResponseSchema.parse(await predicted.json());
      const response = await fetch(`${context.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      for (const name of METRIC_NAMES) expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
      expect(text).toMatch(/^craneml_model_ready(\{[^}]*\})? 1$/m);
      expect(text).toMatch(/^craneml_requests_total\{[^}]*route="\/predict"[^}]*\} [1-9]/m);
    });
  });
}
