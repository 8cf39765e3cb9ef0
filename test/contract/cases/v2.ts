/** Contract: the Open Inference Protocol (KServe V2) on a table: metadata, infer by column or by one 2-D tensor, binary data. */
import { describe, expect, it } from 'vitest';
import { v2ErrorSchema, v2ModelMetadataSchema, v2ServerMetadataSchema } from '../../../main/shared/http-contract.ts';
import { postJson, type Json } from '../../runtime/helpers.ts';
import { wholeRows } from '../answers.ts';
import type { ContractContext } from '../context.ts';
import { columnInputs, decodeBinary, DECLARED_DATATYPES, encodeBinary, expectV2Answer } from '../v2-tensors.ts';

export function describeV2(context: ContractContext): void {
  const infer = (): string => `${context.url}/v2/models/${context.expectations.model.name}/infer`;

  describe('KServe V2', () => {
    it('describes the server, with the binary tensor data extension, and the model with one input per column', async () => {
      const e = context.expectations;
      const server = v2ServerMetadataSchema.parse(await (await fetch(`${context.url}/v2`)).json());
      expect(server.extensions).toContain('binary_tensor_data');
      const response = await fetch(`${context.url}/v2/models/${e.model.name}`);
      expect(response.status).toBe(200);
      const model = v2ModelMetadataSchema.parse(await response.json());
      expect(model.name).toBe(e.model.name);
      expect(model.versions).toContain(e.model.version);
      expect(model.inputs.map((i) => i.name)).toEqual(e.columns.map((c) => c.name));
      model.inputs.forEach((input, k) => {
        expect(DECLARED_DATATYPES[e.columns[k]!.type], input.name).toContain(input.datatype);
        expect(input.shape[0], input.name).toBe(-1);
      });
    });

    it('infers from one JSON input per column, [N] or [N, 1], as the library does', async () => {
      const e = context.expectations;
      const rows = wholeRows(e);
      for (const shape of [[rows.length], [rows.length, 1]]) {
        const inputs = columnInputs(e, rows).map((input) => ({ ...input, shape }));
        const { status, body } = await postJson(infer(), { id: 'by-column', inputs });
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body.id).toBe('by-column');
        expectV2Answer(body, e, rows);
      }
    });

    it('infers from the model own 2-D input [N, columns] when it has one', async (test) => {
      const e = context.expectations;
      if (!e.tensor) test.skip('the fixture model has no 2-D input of its own');
      const rows = wholeRows(e);
      const data = rows.flatMap((i) => e.columns.map((c) => e.rows[i]![c.name]));
      const { status, body } = await postJson(infer(), {
        inputs: [{ name: e.tensor!.name, shape: [rows.length, e.columns.length], datatype: e.tensor!.datatype, data }],
      });
      expect(status, JSON.stringify(body)).toBe(200);
      expectV2Answer(body, e, rows);
    });

    it('reads binary inputs and answers binary outputs (binary tensor data extension)', async () => {
      const e = context.expectations;
      const rows = wholeRows(e);
      const inputs = columnInputs(e, rows);
      const tensors = inputs.map(encodeBinary);
      const meta = v2ModelMetadataSchema.parse(await (await fetch(`${context.url}/v2/models/${e.model.name}`)).json());
      const header = Buffer.from(
        JSON.stringify({
          inputs: inputs.map(({ data: _data, ...input }, k) => ({ ...input, parameters: { binary_data_size: tensors[k]!.length } })),
          outputs: meta.outputs.map((o) => ({ name: o.name, parameters: { binary_data: true } })),
        }),
      );
      const response = await fetch(infer(), {
        method: 'POST',
        body: new Uint8Array(Buffer.concat([header, ...tensors])),
        headers: { 'Content-Type': 'application/octet-stream', 'Inference-Header-Content-Length': String(header.length) },
      });
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      const length = Number(response.headers.get('inference-header-content-length'));
      expect(length).toBeGreaterThan(0);
      const answer = JSON.parse(bytes.subarray(0, length).toString('utf8')) as Json;
      let at = length;
      for (const output of answer.outputs) {
        const size = output.parameters.binary_data_size as number;
        output.data = decodeBinary(output.datatype, bytes.subarray(at, at + size));
        delete output.parameters;
        at += size;
      }
      expect(at).toBe(bytes.length);
      expectV2Answer(answer, e, rows);
    });

    it('answers V2 errors as {"error": "..."}: an unknown model (404) and a missing column (422)', async () => {
      const e = context.expectations;
      const unknown = await postJson(`${context.url}/v2/models/no-such-model/infer`, { inputs: columnInputs(e, wholeRows(e).slice(0, 1)) });
      expect(unknown.status).toBe(404);
      v2ErrorSchema.parse(unknown.body);
      const missing = await postJson(infer(), { inputs: columnInputs(e, wholeRows(e)).slice(1) });
      expect(missing.status).toBe(422);
      expect(v2ErrorSchema.parse(missing.body).error).toContain(`"${e.columns[0]!.name}"`);
    });
  });
}
