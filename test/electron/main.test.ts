/** The main process booted on a fake electron module: what it registers, the window it opens, and model files handed to it. */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIGITS_EXAMPLE } from '../../main/packaging/app-resources.ts';
import { callChannel, EVENT_CHANNEL, SUBSCRIBE_CHANNEL } from '../../main/electron/ipc-channels.ts';
import { CALL_NAMES } from '../../main/shared/crane-api.ts';
import * as electron from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

type Fake = typeof electron;
let dir: string;

/** Quits the booted app as Electron does, and waits until it exits (after its core has closed). */
async function quit(fake: Fake): Promise<void> {
  if (fake.app.listenerCount('will-quit') === 0) return;
  fake.app.exitCode = undefined;
  const event = new fake.FakeEvent();
  fake.app.emit('will-quit', event);
  expect(event.defaultPrevented).toBe(true);
  await vi.waitFor(() => expect(fake.app.exitCode).toBe(0), { timeout: 10_000 });
}

/** A fresh main process on a reset fake (the mocked module stays one instance); `prepare` runs before main.ts is imported. */
async function boot(prepare: (fake: Fake) => void = () => {}): Promise<Fake> {
  vi.resetModules();
  const fake = electron;
  await quit(fake); // the previous boot's core closes its staging area
  fake.resetFake();
  fake.app.userData = dir;
  prepare(fake);
  await import('../../main/electron/main.ts');
  // One turn of the event loop, not a wait: the fake's whenReady() is resolved, so its callback has run by then.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return fake;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-main-'));
  process.env.CRANEML_CONFIG_DIR = dir;
});
afterAll(async () => {
  await quit(electron);
  delete process.env.CRANEML_CONFIG_DIR;
  await rm(dir, { recursive: true, force: true });
});

describe('the main process', () => {
  it('registers app:// as a privileged scheme, serves it, denies permissions, handles every call and opens one window', async () => {
    const fake = await boot();
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const session = fake.session.defaultSession;
    expect([...session.protocolHandlers.keys()]).toEqual(['app']);
    expect(session.permissionRequest).toBeTypeOf('function');
    for (const name of CALL_NAMES) expect(fake.ipcMain.handlers.has(callChannel(name)), name).toBe(true);
    expect(fake.BrowserWindow.created).toHaveLength(1);
    const window = fake.BrowserWindow.created[0]!;
    expect(window.loadedUrl).toBe('app://craneml/index.html');
    expect((window.options.webPreferences as { preload: string }).preload).toMatch(/[\\/]preload\.cjs$/);
    // the menu lists recent projects, read from disk after the window opens
    await vi.waitFor(() => expect((fake.Menu.current as { label?: string }[] | undefined)?.[0]?.label).toBe('File'), { timeout: 10_000 });
    const index = await session.protocolHandlers.get('app')!({ url: 'app://craneml/nothing', method: 'GET' });
    expect(index.status).toBe(404);
  });

  it('quits at once, opening nothing, when another instance holds the single-instance lock', async () => {
    const fake = await boot((f) => (f.app.lock = false));
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.BrowserWindow.created).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('sends a model file from a second instance’s command line, or dropped on the window, to the page as openModel', async () => {
    const fake = await boot();
    const page = fake.BrowserWindow.created[0]!.webContents;
    expect(await fake.ipcMain.invoke(SUBSCRIBE_CHANNEL, page, { name: 'openModel', params: {}, id: 's1' })).toEqual({
      result: { id: 's1' },
    });
    const model = path.join(DIGITS_EXAMPLE, 'model.onnx');
    fake.app.emit('second-instance', new fake.FakeEvent(), ['/opt/CraneML/craneml-app', model], '/');
    await vi.waitFor(() => expect(page.sent).toHaveLength(1), { timeout: 10_000 });
    expect(page.sent[0]).toMatchObject({ channel: EVENT_CHANNEL, args: ['s1', { format: 'onnx', fileName: 'model.onnx' }] });

    expect(page.fire('will-navigate', pathToFileURL(model).href).defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(page.sent).toHaveLength(2), { timeout: 10_000 });
    expect(fake.dialog.errors).toEqual([]);
  });

  it('with CRANEML_SMOKE_TEST=1 (the release workflow), asks the page’s bridge once it loads and exits 0', async () => {
    process.env.CRANEML_SMOKE_TEST = '1';
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const fake = await boot();
      const page = fake.BrowserWindow.created[0]!.webContents;
      page.scriptAnswer = '21 0.1.0';
      page.emit('did-finish-load');
      await vi.waitFor(() => expect(fake.app.exitCode).toBe(0));
      expect(log).toHaveBeenCalledWith(expect.stringContaining('smoke test passed'));
    } finally {
      delete process.env.CRANEML_SMOKE_TEST;
    }
  });

  it('keeps running past an error nobody caught, and on quit removes its staging folders before it exits', async () => {
    const stageFolders = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-'));
    await quit(electron);
    const handlers = process.listenerCount('unhandledRejection');
    const before = await stageFolders();
    const fake = await boot();
    expect(process.listenerCount('unhandledRejection')).toBe(handlers + 1);
    expect(process.listenerCount('uncaughtException')).toBeGreaterThan(0);
    const model = path.join(dir, 'opened.onnx');
    await copyFile(path.join(DIGITS_EXAMPLE, 'model.onnx'), model);
    fake.app.emit('open-file', new fake.FakeEvent(), model);
    await vi.waitFor(async () => expect(await stageFolders()).toHaveLength(before.length + 1), { timeout: 10_000 });
    await quit(fake);
    expect(await stageFolders()).toEqual(before);
    expect(process.listenerCount('unhandledRejection')).toBe(handlers);
  });

  it('says in a message box why a file handed to it cannot be opened', async () => {
    const fake = await boot();
    fake.app.emit('open-file', new fake.FakeEvent(), path.join(dir, 'missing.onnx'));
    await vi.waitFor(() => expect(fake.dialog.errors).toHaveLength(1), { timeout: 10_000 });
    expect(fake.dialog.errors[0]).toContain('missing.onnx');
  });
});
