/** The one place the renderer picks its transport: the Electron preload's bridge, else the web mode. */
import type { CraneApi } from '../../../main/shared/crane-api.ts';
import { CraneApiError } from '../../../main/shared/crane-error.ts';
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

/** The preload's bridge, failed calls made CraneApiError again (contextBridge carries them as plain objects). */
function desktopApi(bridge: CraneApi): CraneApi {
  const call = (name: string) => (args: unknown) =>
    (bridge[name as keyof CraneApi] as (args: unknown) => Promise<unknown>)(args).catch((error: unknown) =>
      Promise.reject(CraneApiError.revive(error)),
    );
  const subscribe: CraneApi['subscribe'] = (name, params, listener) => bridge.subscribe(name, params, listener);
  const entries = Object.keys(bridge).map((name) => [name, name === 'subscribe' ? subscribe : call(name)]);
  return Object.fromEntries(entries) as CraneApi;
}

/** True in the desktop app, where the preload's bridge is there. */
export const desktop = window.craneml !== undefined;

export const api: CraneApi = window.craneml ? desktopApi(window.craneml) : createWebApi(sessionToken());
