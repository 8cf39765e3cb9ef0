/** Contract: refusals a client can act on, each in the native error body with its code. */
import { describe, expect, it } from 'vitest';
import { errorBodySchema, type ErrorCode } from '../../../main/shared/http-contract.ts';
import { bodyOf, postJson, type Json } from '../../runtime/helpers.ts';
import type { ContractContext } from '../context.ts';
import type { Expectations } from '../expectations-schema.ts';

/** The answer is `status` with the native error body and `code`; returns its message. */
function expectError(answer: { status: number; body: Json }, status: number, code: ErrorCode): string {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const { error } = errorBodySchema.parse(answer.body);
  expect(error.code).toBe(code);
  return error.message;
}

/** A number (or integer) column of the fixture, for the word-in-a-number case. */
function numberColumn(e: Expectations): string {
  const column = e.columns.find((c) => c.type === 'number' || c.type === 'integer');
  if (!column) throw new Error('the fixture has no number column; the contract needs one');
  return column.name;
}

export function describeErrors(context: ContractContext): void {
  const predict = (): string => `${context.url}/predict`;

  describe('refusals', () => {
    it('refuses a row missing a column and naming an unknown one (422 INPUT_INVALID), naming both and the row', async () => {
      const e = context.expectations;
      const [first, second] = e.rows;
      const missing = e.columns[0]!.name;
      const bad: Record<string, unknown> = { ...second, 'no such column': 1 };
      delete bad[missing];
      const message = expectError(await postJson(predict(), { instances: [first, bad] }), 422, 'INPUT_INVALID');
      expect(message).toContain(`"${missing}"`);
      expect(message).toContain('"no such column"');
      expect(message).toMatch(/\b1\b/);
    });

    it('refuses a word in a number column (422), naming the column and the word, from JSON and from CSV', async () => {
      const e = context.expectations;
      const column = numberColumn(e);
      const fromJson = expectError(
        await postJson(predict(), { instances: [e.rows[0], { ...e.rows[1], [column]: 'cheap' }] }),
        422,
        'INPUT_INVALID',
      );
      expect(fromJson).toContain(`"${column}"`);
      expect(fromJson).toContain('cheap');
      const index = e.columns.findIndex((c) => c.name === column);
      const [header, ...lines] = e.csv.trimEnd().split(/\r?\n/);
      const cells = lines[1]!.split(',');
      expect(cells, 'the fixture CSV row has no quoted commas').toHaveLength(e.columns.length);
      cells[index] = 'cheap';
      const csv = [header, lines[0], cells.join(','), ...lines.slice(2)].join('\n') + '\n';
      const response = await fetch(predict(), { method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv' } });
      const fromCsv = expectError({ status: response.status, body: await bodyOf(response) }, 422, 'INPUT_INVALID');
      expect(fromCsv).toContain(`"${column}"`);
      expect(fromCsv).toMatch(/line 3\b/);
    });

    it("refuses a number past a double's range in a number column (422), written with an exponent or in 400 digits", async () => {
      const e = context.expectations;
      const column = numberColumn(e);
      for (const huge of ['1e400', `-1${'0'.repeat(400)}`]) {
        // JSON.stringify cannot write it: the number goes into the text as the client sent it.
        const text = JSON.stringify({ instances: [e.rows[0], { ...e.rows[1], [column]: 'HUGE' }] }).replace('"HUGE"', huge);
        const response = await fetch(predict(), { method: 'POST', body: text, headers: { 'Content-Type': 'application/json' } });
        const message = expectError({ status: response.status, body: await bodyOf(response) }, 422, 'INPUT_INVALID');
        expect(message).toContain(`"${column}"`);
        expect(message).toMatch(/instance 1\b/);
      }
    });

    it('refuses a body over limits.max_body_bytes (413 INPUT_TOO_LARGE)', async () => {
      const meta = (await (await fetch(`${context.url}/metadata`)).json()) as Json;
      const limit = meta.limits.max_body_bytes as number;
      const body = `{"instances": [${' '.repeat(limit)}]}`;
      const response = await fetch(predict(), { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
      expectError({ status: response.status, body: await bodyOf(response) }, 413, 'INPUT_TOO_LARGE');
    });

    it('refuses a media type it does not read (415 UNSUPPORTED_MEDIA)', async () => {
      const response = await fetch(predict(), { method: 'POST', body: 'hello', headers: { 'Content-Type': 'text/plain' } });
      expectError({ status: response.status, body: await bodyOf(response) }, 415, 'UNSUPPORTED_MEDIA');
    });

    it('answers an unknown path 404 NOT_FOUND and a wrong method 405 METHOD_NOT_ALLOWED with Allow', async () => {
      const missing = await fetch(`${context.url}/no-such-endpoint`);
      expectError({ status: missing.status, body: await bodyOf(missing) }, 404, 'NOT_FOUND');
      const wrong = await fetch(predict(), { method: 'GET' });
      expectError({ status: wrong.status, body: await bodyOf(wrong) }, 405, 'METHOD_NOT_ALLOWED');
      expect(wrong.headers.get('allow')).toMatch(/\bPOST\b/);
    });

    it('refuses a body that is not JSON (400 BAD_REQUEST) and one with no instances (400 or 422)', async () => {
      expectError(await postJson(predict(), '{"instances": [1,'), 400, 'BAD_REQUEST');
      const empty = await postJson(predict(), { rows: [] });
      expect([400, 422]).toContain(empty.status);
      errorBodySchema.parse(empty.body);
    });

    it('refuses instances nested 100,000 arrays deep with a client error, and stays up', async () => {
      const text = `{"instances": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const response = await fetch(predict(), { method: 'POST', body: text, headers: { 'Content-Type': 'application/json' } });
      const body = await bodyOf(response);
      expect([400, 422], JSON.stringify(body)).toContain(response.status);
      errorBodySchema.parse(body);
      expect((await postJson(predict(), { instances: [context.expectations.rows[0]] })).status).toBe(200);
    });

    it('refuses NaN and Infinity written as bare words, which JSON has not (400 BAD_REQUEST)', async () => {
      const e = context.expectations;
      const column = numberColumn(e);
      for (const word of ['NaN', 'Infinity', '-Infinity']) {
        const text = JSON.stringify({ instances: [{ ...e.rows[0], [column]: 'WORD' }] }).replace('"WORD"', word);
        const response = await fetch(predict(), { method: 'POST', body: text, headers: { 'Content-Type': 'application/json' } });
        expectError({ status: response.status, body: await bodyOf(response) }, 400, 'BAD_REQUEST');
      }
    });
  });
}
