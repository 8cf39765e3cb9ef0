/** The one place the renderer picks its transport: the Electron preload's bridge, else the web mode. */
import type { CraneApi } from '../../../main/shared/crane-api.ts';
import { createWebApi } from './web-client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in the web mode. */
    craneml?: CraneApi;
  }
}

function sessionToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="craneml-token"]')?.content ?? '';
}

export const api: CraneApi = window.craneml ?? createWebApi(sessionToken());
