/**
 * A round trip through the preload bridge over a fake IPC pair (electron-mock-ipc): a renderer-side
 * call goes through ipcRenderer.invoke, the adapter's ipcMain.handle, the real core, and back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { DIGITS_EXAMPLE } from '../../main/packaging/app-resources.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { ModelOpener } from '../../main/electron/open-model.ts';
import { CraneApiError, type CraneApi, type StagedModel } from '../../main/shared/crane-api.ts';
import { CRANEML_VERSION } from '../../main/version.ts';
import { fakeIpcBridge } from './fake-ipc-bridge.ts';

let dir: string;
let core: CraneCore;
let api: CraneApi;
let opener: ModelOpener;
const errors: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-roundtrip-'));
  core = createCraneCore({ settings: new SettingsStore(dir), projectsDir: dir, docker: () => Promise.reject(new Error('no docker here')) });
  opener = new ModelOpener(core, (file, message) => errors.push(`${file}: ${message}`));
  api = fakeIpcBridge({ handlers: core.handlers, subscribe: opener.subscribe }).api;
});

afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the preload bridge over a fake IPC pair, to the real core and back', () => {
  it('answers appState with the core’s version and projects folder', async () => {
    expect(await api.appState({})).toEqual({ version: CRANEML_VERSION, projectsDir: dir });
  });

  it('stages the digits example and runs the preset through the core', async () => {
    const staged = await api.stageExample({});
    expect(staged).toMatchObject({ format: 'onnx', fileName: 'model.onnx' });
    expect(staged.inputs[0]!.shape.slice(-2)).toEqual([28, 28]);
    const setup = await api.presetSetup({ stagedId: staged.stagedId, preset: 'digits' });
    expect(setup.labels).toHaveLength(10);
  });

  it('carries bytes there and the core’s error code back as a CraneApiError', async () => {
    const error = await api
      .stageModel({ files: [{ name: 'notes.onnx', bytes: new TextEncoder().encode('not a model') }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CraneApiError);
    expect((error as CraneApiError).code).toBe('MODEL_FORMAT');
    const bad = await api.presetSetup({ stagedId: 'no such id!', preset: 'digits' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'BAD_ARGUMENTS' });
  });

  it('brings a model opened by the shell to the page on the openModel stream', async () => {
    const received = new Promise<StagedModel>((resolve) => {
      const stop = api.subscribe('openModel', {}, (model) => {
        stop();
        resolve(model);
      });
    });
    // The subscription reaches main, so the model goes out on the stream (not held for a later page).
    await expect.poll(() => core.hub.listenerCount('openModel', '')).toBe(1);
    await opener.open(path.join(DIGITS_EXAMPLE, 'model.onnx'));
    expect(await received).toMatchObject({ format: 'onnx', fileName: 'model.onnx' });
    expect(errors).toEqual([]);
  });
});
