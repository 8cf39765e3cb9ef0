/** The web mode never stages files by path: stageModelPaths (the desktop preload's call) is refused with 403, nothing read or staged. */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';

const MODEL = path.resolve('test/fixtures/onnx/torch_dynamo_external/model.onnx');
let config: TempDir;
let core: CraneCore;
let server: WebServer;

const stagingFolders = async (): Promise<string[]> => (await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-'));

beforeAll(async () => {
  config = await tempDir('web-paths');
  core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
  server = await startWebServer(core, 0);
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  await config?.remove();
});

describe('the web mode and staging by path', () => {
  it('refuses stageModelPaths with 403 and a line saying to upload, staging nothing', async () => {
    const origin = new URL(server.url).origin;
    const token = new URL(server.url).searchParams.get('token')!;
    const answer = await fetch(`${origin}/api/call/stageModelPaths`, {
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
    const state = await fetch(`${origin}/api/call/appState`, {
      method: 'POST',
      headers: { 'X-CraneML-Token': token, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(state.status).toBe(200);
  });
});
