/** Contract: POST /predict with JSON rows, named or in column order, answered as the library answers. */
import { describe, expect, it } from 'vitest';
import { predictResponseSchema } from '../../../main/shared/http-contract.ts';
import { postJson } from '../../runtime/helpers.ts';
import { expectPredictions } from '../answers.ts';
import type { ContractContext } from '../context.ts';

export function describePredictJson(context: ContractContext): void {
  describe('POST /predict with JSON', () => {
    it('answers named rows (gaps as null) as the library does, with the model name and version', async () => {
      const e = context.expectations;
      const { status, body } = await postJson(`${context.url}/predict`, { instances: e.rows });
      expect(status).toBe(200);
      const answer = predictResponseSchema.parse(body);
      expect(answer.model).toEqual(e.model);
      expectPredictions(answer.predictions, e);
    });

    it('answers rows given as arrays in column order, and named keys in any order, alike', async () => {
      const e = context.expectations;
      const names = e.columns.map((c) => c.name);
      const arrays = e.rows.map((row) => names.map((name) => row[name]));
      const reversed = e.rows.map((row) => Object.fromEntries(Object.entries(row).reverse()));
      const inOrder = await postJson(`${context.url}/predict`, { instances: arrays });
      expect(inOrder.status).toBe(200);
      expectPredictions(predictResponseSchema.parse(inOrder.body).predictions, e);
      const shuffled = await postJson(`${context.url}/predict`, { instances: reversed });
      expect(shuffled.status).toBe(200);
      expectPredictions(predictResponseSchema.parse(shuffled.body).predictions, e);
    });

    it('answers rows sent by concurrent requests each with its own answer', async () => {
      const e = context.expectations;
      const answers = await Promise.all(e.rows.map((row) => postJson(`${context.url}/predict`, { instances: [row] })));
      answers.forEach(({ status, body }, i) => {
        expect(status, `row ${i}`).toBe(200);
        expectPredictions(predictResponseSchema.parse(body).predictions, e, [i]);
      });
    });
  });
}
