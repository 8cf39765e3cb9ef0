/** Models opened by the shell: staged by the core, sent on openModel, held for a page that has not subscribed yet; `npm start` without Electron. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CraneCore } from '../../main/api/crane-core.ts';
import { EventHub } from '../../main/api/event-hub.ts';
import { ModelOpener } from '../../main/electron/open-model.ts';
import { ModelFormatError } from '../../main/errors.ts';
import type { FileWriter } from '../../main/api/staging.ts';
import type { StagedModel } from '../../main/shared/crane-api.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-open-'));
  await writeFile(path.join(dir, 'net.onnx'), 'model bytes');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A core whose stageFiles lets the writer copy into a real folder, then answers the first file's name or refuses "bad.onnx". */
function fakeCore() {
  const hub = new EventHub();
  const copied: Record<string, string>[] = [];
  const core: Pick<CraneCore, 'stageFiles' | 'hub' | 'subscribe'> = {
    hub,
    subscribe: hub.subscribe.bind(hub) as CraneCore['subscribe'],
    stageFiles: async (write: FileWriter) => {
      const into = await mkdtemp(path.join(dir, 'stage-'));
      const names = await write(into);
      copied.push(
        Object.fromEntries(await Promise.all((await readdir(into)).map(async (n) => [n, await readFile(path.join(into, n), 'utf8')]))),
      );
      if (names[0] === 'bad.onnx') throw new ModelFormatError('bad.onnx: not an ONNX model');
      return { stagedId: 'x1', fileName: names[0]! } as StagedModel;
    },
  };
  return { core, copied };
}

describe('opening a model from the shell', () => {
  it('holds a model opened before the page listens and hands it to the first subscription', async () => {
    const { core } = fakeCore();
    const opener = new ModelOpener(core, () => undefined);
    await opener.open(path.join(dir, 'net.onnx'));
    const received: StagedModel[] = [];
    opener.subscribe('openModel', '', (model) => received.push(model));
    opener.subscribe('openModel', '', (model) => received.push(model));
    await Promise.resolve();
    expect(received.map((m) => m.fileName)).toEqual(['net.onnx']);
  });

  it('copies the model and its companion file into the staging folder by path', async () => {
    const { core, copied } = fakeCore();
    await writeFile(path.join(dir, 'net.onnx.data'), 'weights');
    await new ModelOpener(core, () => undefined).open(path.join(dir, 'net.onnx'));
    await rm(path.join(dir, 'net.onnx.data'));
    expect(copied).toEqual([{ 'net.onnx': 'model bytes', 'net.onnx.data': 'weights' }]);
  });

  it('sends a model to the pages listening at once', async () => {
    const { core } = fakeCore();
    const opener = new ModelOpener(core, () => undefined);
    const received: string[] = [];
    const stop = opener.subscribe('openModel', '', (model) => received.push(model.fileName));
    await opener.open(path.join(dir, 'net.onnx'));
    stop();
    await opener.open(path.join(dir, 'net.onnx'));
    expect(received).toEqual(['net.onnx']);
  });

  it('reports a file it cannot read or the core refuses, with the core’s message', async () => {
    const { core } = fakeCore();
    const errors: string[] = [];
    const opener = new ModelOpener(core, (file, message) => errors.push(`${path.basename(file)}: ${message}`));
    await writeFile(path.join(dir, 'bad.onnx'), 'x');
    await opener.open(path.join(dir, 'bad.onnx'));
    await opener.open(path.join(dir, 'gone.onnx'));
    expect(errors[0]).toBe('bad.onnx: bad.onnx: not an ONNX model');
    expect(errors[1]).toBe(`gone.onnx: ${path.join(dir, 'gone.onnx')}: no such file`);
  });
});

describe('npm start', () => {
  it('says what to do and exits 1 where Electron’s binary is not installed', async () => {
    const run = promisify(execFile)(process.execPath, ['bin/tsx.js', 'scripts/start-app.ts'], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir }, // an Electron folder with no binary in it
    });
    const failed = (await run.then(
      () => undefined,
      (error: unknown) => error,
    )) as { code: number; stderr: string } | undefined;
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("Electron's binary is not installed here");
    expect(failed?.stderr).toContain('node node_modules/electron/install.js');
    expect(failed?.stderr).toContain('npx craneml ui');
  });
});
