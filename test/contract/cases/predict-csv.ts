/** Contract: POST /predict with a CSV body, and answers as CSV when the client accepts text/csv. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { predictResponseSchema } from '../../../main/shared/http-contract.ts';
import { classAnswer, expectNear, expectPredictions, valuesOf } from '../answers.ts';
import type { ContractContext } from '../context.ts';

export function describePredictCsv(context: ContractContext): void {
  const post = (body: string, headers: Record<string, string>): Promise<Response> =>
    fetch(`${context.url}/predict`, { method: 'POST', body, headers: { 'Content-Type': 'text/csv', ...headers } });

  describe('POST /predict with CSV', () => {
    it('reads a CSV written by pandas (a header, gaps, True/False) and answers JSON as the library does', async () => {
      const e = context.expectations;
      const response = await post(e.csv, {});
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expectPredictions(predictResponseSchema.parse(await response.json()).predictions, e);
    });

    it('answers CSV with Accept: text/csv: the rows as sent, then the prediction columns', async () => {
      const e = context.expectations;
      const response = await post(e.csv, { Accept: 'text/csv' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('vary'), 'the answer depends on Accept').toMatch(/\bAccept\b/i);
      const sent = parse(e.csv) as string[][];
      const [header, ...lines] = parse(await response.text()) as string[][];
      const width = sent[0]!.length;
      expect(header!.slice(0, width)).toEqual(sent[0]);
      expect(lines).toHaveLength(e.rows.length);
      if (e.task === 'classification') {
        expect(header!.slice(width)).toEqual(['label', 'score', ...e.classes!.map((c) => `p(${c})`)]);
      } else {
        const targets = valuesOf(e, 0).length;
        expect(header!.slice(width)).toEqual(targets === 1 ? ['value'] : Array.from({ length: targets }, (_, k) => `value[${k}]`));
      }
      lines.forEach((line, i) => {
        expect(line.slice(0, width), `line ${i + 2}`).toEqual(sent[i + 1]);
        if (e.task === 'classification') {
          const want = classAnswer(e, i);
          expect(line[width], `line ${i + 2} label`).toBe(want.label);
          line
            .slice(width + 2)
            .forEach((p, c) => expectNear(Number(p), want.probabilities[c]!, e.tolerance, `line ${i + 2} p(${e.classes![c]})`));
        } else {
          line.slice(width).forEach((v, k) => expectNear(Number(v), valuesOf(e, i)[k]!, e.tolerance, `line ${i + 2} value ${k}`));
        }
      });
    });

    it('answers JSON rows as CSV when the client accepts only text/csv', async () => {
      const e = context.expectations;
      const response = await fetch(`${context.url}/predict`, {
        method: 'POST',
        body: JSON.stringify({ instances: e.rows.slice(0, 2) }),
        headers: { 'Content-Type': 'application/json', Accept: 'text/csv' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, ...lines] = parse(await response.text()) as string[][];
      expect(header!.slice(0, e.columns.length)).toEqual(e.columns.map((c) => c.name));
      expect(lines).toHaveLength(2);
    });
  });
}
