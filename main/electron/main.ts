/**
 * The desktop app's main process: one window on app://craneml, the core over IPC, the menu, and
 * model files opened with the app (file association, command line, File › Open model…, a drop).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, protocol, session, type BrowserWindow } from 'electron';
import { createCraneCore, type CraneHandlers } from '../api/crane-core.ts';
import { keepServing } from '../api/keep-serving.ts';
import type { CallName } from '../shared/crane-api.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveRenderer } from './app-protocol.ts';
import { ExternalLinks } from './external-links.ts';
import { guardContents, openProducedLink } from './guard.ts';
import { registerCraneIpc } from './ipc-adapter.ts';
import { menuTemplate } from './menu.ts';
import { MODEL_EXTENSIONS, modelFileFromArgs } from './model-files.ts';
import { ModelOpener } from './open-model.ts';
import { denyPermissions } from './permissions.ts';
import { createMainWindow } from './window.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Beside the compiled main (dist/electron): the preload, and the renderer bundle in dist/renderer. */
export const PRELOAD = path.join(HERE, 'preload.cjs');
export const RENDERER_DIR = path.join(HERE, '..', 'renderer');

/** Calls after which the menu's recent projects or the running model's docs may have changed. */
const MENU_CALLS: ReadonlySet<CallName> = new Set(['createProject', 'openProject', 'buildImage', 'runImage', 'serviceInfo']);

/** Starts the app; a second instance hands its command line to the first and quits. */
export function startApp(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const releaseGuards = keepServing((line) => console.error(line));
  let window: BrowserWindow | undefined;
  const waiting: string[] = [];
  let openFile = (file: string): void => void waiting.push(file);
  const links = new ExternalLinks();

  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFile(file);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
    const file = modelFileFromArgs(argv, cwd);
    if (file) openFile(file);
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents, { links, onOpenFile: (file) => openFile(file) }));
  app.on('window-all-closed', () => app.quit());

  const first = modelFileFromArgs(process.argv, process.cwd());
  if (first) waiting.push(first);

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    session.defaultSession.protocol.handle(APP_SCHEME, (request) => serveRenderer(request, RENDERER_DIR));
    const core = createCraneCore();
    // Quitting waits for the core to remove its staging folders, then exits for good.
    app.once('will-quit', (event) => {
      event.preventDefault();
      void core.close().finally(() => {
        releaseGuards();
        app.exit(0);
      });
    });
    const opener = new ModelOpener(core, (file, message) => dialog.showErrorBox('CraneML cannot open this model', `${file}\n\n${message}`));
    openFile = (file) => {
      window?.focus();
      void opener.open(file);
    };

    // File › Recent projects reopens the page at that project, as `craneml ui <project>` does.
    let chosenProject: string | undefined;
    const handlers: CraneHandlers = {
      ...core.handlers,
      appState: async (args) => {
        const state = await core.handlers.appState(args);
        if (!chosenProject) return state;
        const project = await core.handlers.openProject({ dir: chosenProject }).catch(() => undefined);
        return { ...state, project };
      },
    };

    const refreshMenu = async (): Promise<void> => {
      const recent = await core.handlers.recentProjects({}).catch(() => []);
      const template = menuTemplate({
        isMac: process.platform === 'darwin',
        recent,
        docsUrl: links.latestDocs(),
        openModel: () => {
          const options = {
            properties: ['openFile' as const],
            filters: [{ name: 'Models', extensions: [...MODEL_EXTENSIONS, 'json', 'txt'] }],
          };
          void (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options)).then(
            (picked) => picked.filePaths[0] && openFile(picked.filePaths[0]),
          );
        },
        openProject: (dir) => {
          chosenProject = dir;
          window?.webContents.reload();
        },
        openDocs: (url) => void openProducedLink(links, url),
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    };

    registerCraneIpc({
      ipcMain,
      core: { handlers, subscribe: opener.subscribe },
      onResult: (name, result) => {
        links.remember(result);
        if (MENU_CALLS.has(name)) void refreshMenu();
      },
    });
    void refreshMenu();
    window = createMainWindow({ preload: PRELOAD, stateFile: path.join(app.getPath('userData'), 'window-state.json') });
    window.on('closed', () => (window = undefined));
    if (process.env.CRANEML_SMOKE_TEST === '1') smokeTest(window);
    for (const file of waiting.splice(0)) openFile(file);
  });
}

/**
 * CRANEML_SMOKE_TEST=1, for the release workflow's run of the real binary: once the page has
 * loaded from app://craneml, ask the preload's bridge for appState, print it and quit.
 */
function smokeTest(window: BrowserWindow): void {
  window.webContents.once('did-finish-load', () => {
    window.webContents
      .executeJavaScript('window.craneml.appState({}).then((state) => `${Object.keys(window.craneml).length} ${state.version}`)')
      .then(
        (answer: string) => {
          console.log(`smoke test passed: the page loaded and the bridge (calls + subscribe, version): ${answer}`);
          app.exit(0);
        },
        (error: unknown) => {
          console.error(`smoke test failed: ${String(error)}`);
          app.exit(1);
        },
      );
  });
}

startApp();
