/**
 * Boots the built dist/electron/main.js on the fake electron module (run with
 * `node --import tsx/esm --import ./electron-alias.mjs`) and prints what it did as one JSON line.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pollUntil } from '../helpers/poll.ts';
import { app, BrowserWindow, ipcMain, session } from './fake-electron.ts';

const [dist, userData] = process.argv.slice(2) as [string, string];
app.userData = userData;
process.env.CRANEML_CONFIG_DIR = userData;
await import(pathToFileURL(path.join(dist, 'electron/main.js')).href);
// app.whenReady()'s callback registers the protocol and IPC, then opens the window last.
const window = await pollUntil('the main window', () => BrowserWindow.created[0]);
const page = await session.defaultSession.protocolHandlers.get('app')!({ url: 'app://craneml/index.html', method: 'GET' });
const state = await ipcMain.invoke('craneml:call:appState', window.webContents, {});
console.log(
  JSON.stringify({
    windows: BrowserWindow.created.length,
    url: window.loadedUrl,
    preload: (window.options.webPreferences as { preload: string }).preload,
    page: { status: page.status, csp: page.headers.get('content-security-policy'), html: await page.text() },
    state,
  }),
);
process.exit(0);
