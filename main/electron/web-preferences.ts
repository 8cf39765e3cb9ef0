/** The renderer's web preferences, Electron's security checklist in one place (a test checks each). */
import type { WebPreferences } from 'electron';

/** @example new BrowserWindow({ webPreferences: secureWebPreferences(preloadPath) }); */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // A file dropped outside the Drop step becomes a navigation, which guard.ts turns into "open this model".
    navigateOnDragDrop: true,
    safeDialogs: true,
    spellcheck: false,
  };
}
