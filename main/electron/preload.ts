/** The preload: exposes exactly CraneApi as `window.craneml`; ipcRenderer and webUtils themselves stay here. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge, plainErrors } from './preload-bridge.ts';

contextBridge.exposeInMainWorld('craneml', plainErrors(createBridge(ipcRenderer, (file) => webUtils.getPathForFile(file))));
