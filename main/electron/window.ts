/** The main window: Electron's security checklist in its web preferences, the saved size and position, app://craneml. */
import { BrowserWindow, screen } from 'electron';
import { ELECTRON_ORIGIN } from '../shared/app-origins.ts';
import { MIN_SIZE, onScreen, readWindowState, writeWindowState } from './window-state.ts';

export const APP_URL = `${ELECTRON_ORIGIN}/index.html`;

/** @example const window = createMainWindow({ preload, stateFile: path.join(app.getPath('userData'), 'window-state.json') }); */
export function createMainWindow(options: { preload: string; stateFile: string }): BrowserWindow {
  const areas = screen.getAllDisplays().map((display) => display.workArea);
  const state = onScreen(readWindowState(options.stateFile), areas);
  // The options are written out here, literally, so that reviewers and electronegativity read them in one place.
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'CraneML',
    webPreferences: {
      preload: options.preload, // eng-disable PRELOAD_JS_CHECK (reviewed: it exposes only CraneApi, test/electron/preload.test.ts)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      // A file dropped outside the Drop step becomes a navigation, which guard.ts turns into "open this model".
      navigateOnDragDrop: true,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => writeWindowState(options.stateFile, window.getNormalBounds(), window.isMaximized()));
  void window.loadURL(APP_URL);
  return window;
}
