/** The web mode never stages files by path: stageModelPaths (the desktop preload's call) is refused with 403, nothing read or staged. */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessWebFixture, type InProcessWeb } from './web-fixture.ts';

const MODEL = path.resolve('test/fixtures/onnx/torch_dynamo_external/model.onnx');
let web: InProcessWeb;

const stagingFolders = async (): Promise<string[]> => (await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-'));

beforeAll(async () => {
  web = await inProcessWebFixture('paths');
});

afterAll(async () => {
  await web?.close();
});

describe('the web mode and staging by path', () => {
  it('refuses stageModelPaths with 403 and a line saying to upload, staging nothing', async () => {
    const { origin, token } = web;
    const answer = await web.fetch(`${origin}/api/call/stageModelPaths`, {
      method: 'POST',
      headers: { 'X-CraneML-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: [MODEL, `${MODEL}.data`] }),
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({
      error: { code: 'FORBIDDEN', message: 'stageModelPaths is for the desktop app only; the web page uploads the files (stageModel)' },
    });
    expect(await stagingFolders()).toEqual([]);
    // The server keeps serving the page's own calls.
    const state = await web.fetch(`${origin}/api/call/appState`, {
      method: 'POST',
      headers: { 'X-CraneML-Token': token, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(state.status).toBe(200);
  });
});
