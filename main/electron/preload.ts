/** The preload: exposes exactly CraneApi as `window.craneml`; ipcRenderer itself stays here. */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, plainErrors } from './preload-bridge.ts';

contextBridge.exposeInMainWorld('craneml', plainErrors(createBridge(ipcRenderer)));
