/** The web mode answers every failure of a call or a stream for that call alone, and stages uploads on disk within a cap. */
import http from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CraneCore } from '../../main/api/crane-core.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';
import { uploadModel } from './upload-client.ts';
import { startWebFixture, type WebFixture } from './web-fixture.ts';

const EXTERNAL = 'test/fixtures/onnx/torch_dynamo_external';
const CAP = 8 * 1024 ** 2;
let server: WebServer;
let core: CraneCore;
let web: WebFixture;
let origin: string;
let token: string;
let stagedBefore: Set<string>;

const stageFolders = async () =>
  (await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-') && !stagedBefore.has(name));

const call = (name: string, body: unknown, headers?: Record<string, string>) => web.call(name, body, headers);

beforeAll(async () => {
  stagedBefore = new Set((await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-')));
  web = await startWebFixture('survives', { maxUploadBytes: CAP });
  ({ core, server, origin, token } = web);
});

afterAll(async () => {
  await web?.close();
});

describe('web mode failures', () => {
  it('answers 500 for a handler that throws or rejects, and keeps serving', async () => {
    const handlers = core.handlers as Record<string, unknown>;
    const original = handlers.recentProjects;
    handlers.recentProjects = () => {
      throw new Error('thrown at once');
    };
    const thrown = await call('recentProjects', {});
    handlers.recentProjects = async () => Promise.reject(new TypeError('rejected later'));
    const rejected = await call('recentProjects', {});
    handlers.recentProjects = original;
    expect(thrown.status).toBe(500);
    expect(await thrown.json()).toEqual({ error: { code: 'INTERNAL', message: 'something went wrong inside CraneML: thrown at once' } });
    expect(rejected.status).toBe(500);
    expect((await call('recentProjects', {})).status).toBe(200);
  });

  it('ends only the stream whose event source fails, and keeps serving', async () => {
    core.hub.source('containerLogs', () => {
      throw new Error('the log source broke');
    });
    const params = encodeURIComponent(JSON.stringify({ container: 'craneml-broken-source' }));
    const stream = await fetch(`${origin}/api/events/containerLogs?params=${params}`, { headers: { 'X-CraneML-Token': token } });
    expect(stream.status).toBe(200);
    expect(await stream.text()).toBe(': connected\n\n'); // the body ends: the stream is over
    expect(core.hub.listenerCount('containerLogs', 'craneml-broken-source')).toBe(0);
    expect((await call('appState', {})).status).toBe(200);
  });
});

describe('model uploads in the web mode', () => {
  it('writes an upload to a staging folder and keeps only the newest two staged models', async () => {
    const files = [
      { name: 'model.onnx', bytes: await readFile(`${EXTERNAL}/model.onnx`) },
      { name: 'model.onnx.data', bytes: await readFile(`${EXTERNAL}/model.onnx.data`) },
    ];
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await uploadModel({ port: server.port, token }, files));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const staged = JSON.parse(answers[2]!.body) as { result: { format: string; files: { path: string }[] } };
    expect(staged.result.format).toBe('onnx');
    expect(staged.result.files.map((f) => f.path).sort()).toEqual(['model.onnx', 'model.onnx.data']);
    const folders = await stageFolders();
    expect(folders).toHaveLength(2);
    const first = JSON.parse(answers[0]!.body) as { result: { stagedId: string } };
    const gone = await call('presetSetup', { stagedId: first.result.stagedId, preset: 'digits' });
    expect(gone.status).toBe(200);
    expect(((await gone.json()) as { error: { message: string } }).error.message).toMatch(/no longer staged; drop it again/);
  });

  it('refuses an upload with 413 naming the limit as soon as it crosses the cap, and removes what it wrote', async () => {
    const before = await stageFolders();
    const answer = await uploadModel({ port: server.port, token }, [
      { name: 'model.onnx', size: 1024 },
      { name: 'model.onnx.data', size: 4 * CAP },
    ]);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'INPUT_TOO_LARGE', message: `the dropped files are larger than the limit of ${CAP} bytes (8 MiB)` },
    });
    expect(answer.sentAtAnswer).toBeLessThan(answer.total / 2);
    expect(await stageFolders()).toEqual(before);
  });

  it('removes a partial upload when the client goes away midway', async () => {
    const before = await stageFolders();
    const boundary = 'gone-midway';
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: '/api/call/stageModel',
      method: 'POST',
      headers: { 'X-CraneML-Token': token, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('error', () => undefined); // we hang up ourselves
    const args = JSON.stringify({ files: [{ name: 'model.onnx', bytes: { $binary: 0 } }] });
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="args"\r\n\r\n${args}\r\n`);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="binary0"; filename="b"\r\n\r\n`);
    req.write(Buffer.alloc(2 * 1024 ** 2));
    await expect.poll(async () => (await stageFolders()).length).toBe(before.length + 1);
    req.destroy();
    await expect.poll(stageFolders).toEqual(before);
    expect((await call('appState', {})).status).toBe(200);
  });

  it('refuses file names with folders and parts the arguments do not name', async () => {
    const traversal = await uploadModel({ port: server.port, token }, [{ name: '../escape.onnx', size: 10 }]);
    expect(traversal.status).toBe(400);
    expect(traversal.body).toMatch(/must be a file name without folders/);
    expect((await call('appState', {})).status).toBe(200);
  });

  it('removes every staging folder when the server closes', async () => {
    const extra = await startWebServer(core, 0);
    await extra.close(); // closing one server closes the core it serves
    expect(await stageFolders()).toEqual([]);
  });
});
