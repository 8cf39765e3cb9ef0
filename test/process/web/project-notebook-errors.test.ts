/**
 * A notebook model the app refuses reaches the page as the contract's error body (with 200, as the call's answer):
 * a hostile pickle dropped in web mode is refused by its code (UNSAFE_MODEL, naming the call),
 * nothing in it ran, and the app stages the next file as before.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadModel } from '../../web/upload-client.ts';
import { startWebFixture, type WebFixture } from '../../web/web-fixture.ts';

const HOSTILE = path.resolve('test/fixtures/tabular/hostile');

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture('notebook-errors');
});
afterAll(async () => {
  await web?.close();
});

describe('a hostile pickle dropped on the app', () => {
  it('is answered UNSAFE_MODEL naming the call, and nothing runs', async () => {
    const bytes = new Uint8Array(await readFile(path.join(HOSTILE, 'popen.pkl')));
    const server = { port: Number(new URL(web.origin).port), token: web.token };
    const answer = await uploadModel(server, [{ name: 'popen.pkl', bytes }]);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNSAFE_MODEL');
    expect(body.error.message).toMatch(/Popen/);
    expect(body.error.message).not.toMatch(/craneml-stage-|internal error/);
    await expect(stat(path.join(HOSTILE, 'RAN'))).rejects.toThrow();

    // The app keeps working: the next drop is staged as usual.
    const onnx = new Uint8Array(await readFile('assets/examples/digits/model.onnx'));
    const next = await uploadModel(server, [{ name: 'model.onnx', bytes: onnx }]);
    expect(next.status, next.body).toBe(200);
  });
});
