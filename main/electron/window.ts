/** The main window: secure preferences, the saved size and position, loaded from app://craneml. */
import { BrowserWindow, screen } from 'electron';
import { ELECTRON_ORIGIN } from '../shared/app-origins.ts';
import { secureWebPreferences } from './web-preferences.ts';
import { MIN_SIZE, onScreen, readWindowState, writeWindowState } from './window-state.ts';

export const APP_URL = `${ELECTRON_ORIGIN}/index.html`;

/** @example const window = createMainWindow({ preload, stateFile: path.join(app.getPath('userData'), 'window-state.json') }); */
export function createMainWindow(options: { preload: string; stateFile: string }): BrowserWindow {
  const areas = screen.getAllDisplays().map((display) => display.workArea);
  const state = onScreen(readWindowState(options.stateFile), areas);
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'CraneML',
    webPreferences: secureWebPreferences(options.preload),
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => writeWindowState(options.stateFile, window.getNormalBounds(), window.isMaximized()));
  void window.loadURL(APP_URL);
  return window;
}
