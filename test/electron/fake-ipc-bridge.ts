/** The preload bridge joined to the IPC adapter over electron-mock-ipc's fake pair, as the app's page reaches the core. */
import { ipcMain as MockIpcMain, ipcRenderer as MockIpcRenderer, pipe } from 'electron-mock-ipc';
import { registerCraneIpc, type IpcAdapterOptions } from '../../main/electron/ipc-adapter.ts';
import { createBridge, type IpcRendererLike } from '../../main/electron/preload-bridge.ts';
import type { CraneApi } from '../../main/shared/crane-api.ts';
import { FakeWebContents, webUtils } from './fake-electron.ts';

export interface FakeIpcBridge {
  /** What the page calls: the bridge, with dropped Files turned into their paths by webUtils. */
  api: CraneApi;
  /** The renderer's end of the pair, for calls the bridge would never send. */
  ipcRenderer: IpcRendererLike;
}

/**
 * Registers the adapter for `core` on a fresh fake IPC pair and returns the renderer's side.
 * @example const { api } = fakeIpcBridge(createCraneCore({ settings, projectsDir })); await api.appState({});
 */
export function fakeIpcBridge(core: IpcAdapterOptions['core']): FakeIpcBridge {
  const mock = { ipcMain: new MockIpcMain(), ipcRenderer: new MockIpcRenderer() };
  pipe(mock.ipcMain, mock.ipcRenderer);
  // electron-mock-ipc's event has a bare sender: give it the app page's frame and lifetime, as Electron's has,
  // keeping the bare sender's send so that streams still reach the renderer.
  const page = new FakeWebContents();
  const event = (mock.ipcMain as unknown as { _event: Record<string, unknown> })._event;
  const send = (event.sender as { send: (...args: unknown[]) => void }).send.bind(event.sender);
  Object.assign(page, { send });
  event.sender = page;
  event.senderFrame = page.mainFrame;
  registerCraneIpc({ ipcMain: mock.ipcMain as never, core });
  const ipcRenderer = mock.ipcRenderer as unknown as IpcRendererLike;
  return { api: createBridge(ipcRenderer, (file) => webUtils.getPathForFile(file)), ipcRenderer };
}
