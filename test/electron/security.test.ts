/** The shell's security checklist, against a fake electron module: window options, navigation, new windows, permissions. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExternalLinks } from '../../main/electron/external-links.ts';
import { guardContents } from '../../main/electron/guard.ts';
import { denyPermissions } from '../../main/electron/permissions.ts';
import { APP_URL, createMainWindow } from '../../main/electron/window.ts';
import { BrowserWindow, FakeWebContents, resetFake, session, shell } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

let dir: string;
beforeEach(async () => {
  resetFake();
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-window-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const guarded = (links = new ExternalLinks()) => {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  guardContents(contents as never, { links, onOpenFile: (file) => opened.push(file) });
  return { contents, opened };
};

// The checklist grouped by meaning, so a changed option fails by name: the isolation the renderer keeps, and the
// Node access and insecure content it never gets.
const MUST_BE_ON = ['contextIsolation', 'sandbox', 'webSecurity'];
const NODE_IN_RENDERER = ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames'];
const MUST_BE_OFF = [...NODE_IN_RENDERER, 'allowRunningInsecureContent', 'experimentalFeatures', 'webviewTag'];

describe('the main window', () => {
  it('is created with every security option of the checklist and a preload', () => {
    createMainWindow({ preload: '/app/dist/electron/preload.cjs', stateFile: path.join(dir, 'state.json') });
    const prefs = BrowserWindow.created[0]!.options.webPreferences as Record<string, unknown>;
    for (const key of MUST_BE_ON) expect(prefs[key], key).toBe(true);
    for (const key of MUST_BE_OFF) expect(prefs[key], key).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
  });

  it('loads the renderer from the app:// protocol, never from file://', () => {
    const window = createMainWindow({ preload: '/p.cjs', stateFile: path.join(dir, 'state.json') }) as unknown as BrowserWindow;
    expect(APP_URL).toBe('app://craneml/index.html');
    expect(window.loadedUrl).toBe(APP_URL);
  });

  it('opens at its saved size and position, and saves them when it closes', async () => {
    const stateFile = path.join(dir, 'state.json');
    await writeFile(stateFile, JSON.stringify({ x: 40, y: 30, width: 1000, height: 700, maximized: true }));
    const window = createMainWindow({ preload: '/p.cjs', stateFile }) as unknown as BrowserWindow;
    expect(window.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700, show: false });
    expect(window.maximized).toBe(true);
    window.bounds = { x: 100, y: 120, width: 1300, height: 900 };
    window.maximized = false;
    window.close();
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toEqual({ x: 100, y: 120, width: 1300, height: 900, maximized: false });
  });

  it('lets the system place a window whose saved position is on a display that is gone', async () => {
    const stateFile = path.join(dir, 'state.json');
    await writeFile(stateFile, JSON.stringify({ x: 4000, y: 30, width: 1000, height: 700 }));
    const window = createMainWindow({ preload: '/p.cjs', stateFile }) as unknown as BrowserWindow;
    expect(window.options.x).toBeUndefined();
    expect(window.options).toMatchObject({ width: 1000, height: 700 });
  });
});

describe('navigation and new windows', () => {
  it('denies every navigation away from the app', () => {
    const { contents, opened } = guarded();
    for (const url of ['https://example.com/', 'app://craneml/other', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(contents.fire('will-navigate', url).defaultPrevented).toBe(true);
    }
    expect(contents.fire('will-redirect', 'https://example.com/').defaultPrevented).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
    expect(opened).toEqual([]);
  });

  it('turns a model file dropped on the window into "open this model" instead of a navigation', () => {
    const { contents, opened } = guarded();
    const model = path.join(dir, 'mnist.onnx');
    expect(contents.fire('will-navigate', pathToFileURL(model).href).defaultPrevented).toBe(true);
    contents.fire('will-navigate', pathToFileURL(path.join(dir, 'photo.png')).href);
    expect(opened).toEqual([model]);
  });

  it('denies every new window; a link the app produced opens in the system browser', () => {
    const links = new ExternalLinks();
    links.remember({ url: 'http://127.0.0.1:8080', docsUrl: 'http://127.0.0.1:8080/docs' });
    const { contents } = guarded(links);
    for (const url of ['http://127.0.0.1:8080/docs', 'https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:9999/docs']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual(['http://127.0.0.1:8080/docs']);
  });

  it('hands only http(s) URLs the app produced to shell.openExternal', () => {
    const links = new ExternalLinks();
    links.remember([{ url: 'http://127.0.0.1:8081', docsUrl: 'javascript:alert(1)' }, { url: 'file:///etc/passwd' }]);
    expect(links.allows('http://127.0.0.1:8081')).toBe(true);
    expect(links.allows('javascript:alert(1)')).toBe(false);
    expect(links.allows('file:///etc/passwd')).toBe(false);
    expect(links.allows('http://127.0.0.1:8081/anything-else')).toBe(false);
    expect(links.latestDocs()).toBeUndefined();
  });
});

describe('permission requests', () => {
  it('are denied: camera, microphone, location, notifications, devices and any other', () => {
    denyPermissions(session.defaultSession as never);
    const fake = session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'midiSysex', 'openExternal', 'fullscreen', 'pointerLock', 'hid']) {
      const answered = vi.fn();
      fake.permissionRequest!({}, permission, answered, { requestingUrl: 'app://craneml/index.html' });
      expect(answered).toHaveBeenCalledWith(false);
      expect(fake.permissionCheck!({}, permission, 'app://craneml')).toBe(false);
    }
    expect(fake.devicePermission!()).toBe(false);
  });

  it('grant clipboard writes only to the app’s own page (its copy buttons)', () => {
    denyPermissions(session.defaultSession as never);
    const fake = session.defaultSession;
    const answers: boolean[] = [];
    fake.permissionRequest!({}, 'clipboard-sanitized-write', (granted) => answers.push(granted), {
      requestingUrl: 'app://craneml/index.html',
    });
    fake.permissionRequest!({}, 'clipboard-sanitized-write', (granted) => answers.push(granted), {
      requestingUrl: 'http://127.0.0.1:8080/docs',
    });
    fake.permissionRequest!({}, 'clipboard-read', (granted) => answers.push(granted), { requestingUrl: 'app://craneml/index.html' });
    expect(answers).toEqual([true, false, false]);
  });
});
