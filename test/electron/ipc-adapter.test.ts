/** The IPC adapter against a fake ipcMain: every call validated by the contract's schemas, the core's codes, streams per page. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createCraneCore, type CraneCore, type CraneHandlers } from '../../main/api/crane-core.ts';
import { EventHub } from '../../main/api/event-hub.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { registerCraneIpc } from '../../main/electron/ipc-adapter.ts';
import { callChannel, EVENT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from '../../main/electron/ipc-channels.ts';
import { CraneError } from '../../main/errors.ts';
import { CALL_NAMES } from '../../main/shared/crane-api.ts';
import { FakeWebContents, ipcMain, resetFake } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

/** A core whose every handler records its arguments and answers `{ ok: name }`. */
function recordingCore(hub = new EventHub()) {
  const calls: { name: string; args: unknown }[] = [];
  const handlers = Object.fromEntries(
    CALL_NAMES.map((name) => [name, async (args: unknown) => (calls.push({ name, args }), { ok: name })]),
  ) as unknown as CraneHandlers;
  return { calls, hub, core: { handlers, subscribe: hub.subscribe.bind(hub) as CraneCore['subscribe'] } };
}

let page: FakeWebContents;
beforeEach(() => {
  resetFake();
  page = new FakeWebContents();
});

describe('the IPC adapter', () => {
  it('registers one ipcMain.handle per CraneApi call, plus subscribe and unsubscribe', () => {
    registerCraneIpc({ ipcMain, core: recordingCore().core });
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CALL_NAMES.map(callChannel), SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL].sort());
  });

  it('refuses, for every call, arguments its schema rejects, before the core sees them', async () => {
    const { core, calls } = recordingCore();
    registerCraneIpc({ ipcMain, core });
    for (const name of CALL_NAMES) {
      const answer = (await ipcMain.invoke(callChannel(name), page, 42)) as { error: { code: string; message: string } };
      expect(answer.error.code, name).toBe('BAD_ARGUMENTS');
      expect(answer.error.message, name).toMatch(new RegExp(`^${name}: `));
    }
    expect(calls).toEqual([]);
  });

  it('names the field at fault and passes parsed arguments, defaults filled in, to the core', async () => {
    const { core, calls } = recordingCore();
    registerCraneIpc({ ipcMain, core });
    const bad = await ipcMain.invoke(callChannel('stageModel'), page, { files: [{ name: '../etc/passwd', bytes: new Uint8Array(1) }] });
    expect(bad).toEqual({
      error: {
        code: 'BAD_ARGUMENTS',
        message: 'stageModel: files.0.name: must be a file name without folders, or a path inside the picked project folder',
      },
    });
    const port = await ipcMain.invoke(callChannel('runImage'), page, { image: 'digits:1.0.0', port: 70000 });
    expect(port).toMatchObject({ error: { code: 'BAD_ARGUMENTS' } });
    expect(await ipcMain.invoke(callChannel('runImage'), page, { image: 'digits:1.0.0' })).toEqual({ result: { ok: 'runImage' } });
    expect(calls).toEqual([{ name: 'runImage', args: { image: 'digits:1.0.0', port: 8080 } }]);
  });

  it('answers the core’s typed error codes, and INTERNAL (no stack) for anything else', async () => {
    const { core } = recordingCore();
    core.handlers.runImage = async () => {
      throw new CraneError('PORT_IN_USE', 'port 8080 is in use\nsecond line');
    };
    core.handlers.listImages = async () => {
      throw new TypeError('x is undefined');
    };
    registerCraneIpc({ ipcMain, core });
    expect(await ipcMain.invoke(callChannel('runImage'), page, { image: 'a' })).toEqual({
      error: { code: 'PORT_IN_USE', message: 'port 8080 is in use' },
    });
    const internal = (await ipcMain.invoke(callChannel('listImages'), page, {})) as { error: { code: string; message: string } };
    expect(internal.error.code).toBe('INTERNAL');
    expect(internal.error.message).not.toMatch(/\n\s+at /);
  });

  it('passes the real core’s codes through: a file that is no model is MODEL_FORMAT', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-ipc-'));
    const core = createCraneCore({
      settings: new SettingsStore(dir),
      projectsDir: dir,
      docker: () => Promise.reject(new Error('no docker')),
    });
    try {
      registerCraneIpc({ ipcMain, core });
      const answer = await ipcMain.invoke(callChannel('stageModel'), page, {
        files: [{ name: 'notes.onnx', bytes: new TextEncoder().encode('hello') }],
      });
      expect(answer).toMatchObject({ error: { code: 'MODEL_FORMAT' } });
      const missing = await ipcMain.invoke(callChannel('presetSetup'), page, { stagedId: 'nothing-here', preset: 'digits' });
      expect(missing).toMatchObject({ error: { code: 'NOT_FOUND' } });
    } finally {
      await core.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers FORBIDDEN to a frame that is not the app’s own page (another origin, a subframe, a destroyed frame)', async () => {
    const { core, calls } = recordingCore();
    registerCraneIpc({ ipcMain, core });
    const channel = callChannel('dockerStatus');
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/x.html', parent: null },
      { url: 'app://craneml/index.html', parent: {} },
      null,
    ]) {
      expect(await ipcMain.invoke(channel, page, {}, frame as never)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(
      await ipcMain.invoke(
        SUBSCRIBE_CHANNEL,
        page,
        { name: 'build', params: { jobId: 'j1' }, id: 's1' },
        { url: 'https://evil.example/', parent: null },
      ),
    ).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(calls).toEqual([]);
    expect(await ipcMain.invoke(channel, page, {})).toEqual({ result: { ok: 'dockerStatus' } });
  });
});

describe('event streams over IPC', () => {
  it('validate their parameters with the contract’s event schemas', async () => {
    registerCraneIpc({ ipcMain, core: recordingCore().core });
    expect(await ipcMain.invoke(SUBSCRIBE_CHANNEL, page, { name: 'build', params: { jobId: '../x' }, id: 's1' })).toMatchObject({
      error: { code: 'BAD_ARGUMENTS' },
    });
    expect(await ipcMain.invoke(SUBSCRIBE_CHANNEL, page, { name: 'everything', params: {}, id: 's1' })).toMatchObject({
      error: { code: 'BAD_ARGUMENTS' },
    });
  });

  it('go only to the page that subscribed', async () => {
    const { core, hub } = recordingCore();
    registerCraneIpc({ ipcMain, core });
    const other = new FakeWebContents();
    await ipcMain.invoke(SUBSCRIBE_CHANNEL, page, { name: 'build', params: { jobId: 'job1' }, id: 's1' });
    hub.emit('build', 'job1', { type: 'log', line: 'Step 1/5' });
    expect(page.sent).toEqual([{ channel: EVENT_CHANNEL, args: ['s1', { type: 'log', line: 'Step 1/5' }] }]);
    expect(other.sent).toEqual([]);
  });

  it('stop when the page unsubscribes, reloads, or its window closes', async () => {
    const { core, hub } = recordingCore();
    const stopped: string[] = [];
    hub.source('containerStatus', (key) => () => stopped.push(key));
    const ipc = registerCraneIpc({ ipcMain, core });
    const subscribe = (id: string) =>
      ipcMain.invoke(SUBSCRIBE_CHANNEL, page, { name: 'containerStatus', params: { container: `c-${id}` }, id });

    await subscribe('a');
    await ipcMain.invoke(UNSUBSCRIBE_CHANNEL, page, { id: 'a' });
    expect(stopped).toEqual(['c-a']);

    await subscribe('b');
    page.reload();
    expect(stopped).toEqual(['c-a', 'c-b']);

    await subscribe('c');
    await subscribe('d');
    expect(ipc.subscriptionCount(page as never)).toBe(2);
    page.destroy(); // the window closed
    expect(stopped).toEqual(['c-a', 'c-b', 'c-c', 'c-d']);
    expect(ipc.subscriptionCount(page as never)).toBe(0);
    expect(hub.listenerCount('containerStatus', 'c-d')).toBe(0);
    hub.emit('containerStatus', 'c-d', { container: 'c-d', state: 'running', ready: true });
    expect(page.sent).toEqual([]);
  });
});
