/**
 * CraneApi over an ipcRenderer: one function per call, event streams by subscription id, errors
 * rethrown as CraneApiError; dropped files go as their paths. The preload hands it to contextBridge;
 * tests drive it over a fake IPC pair.
 */
import {
  CraneApiError,
  PAGE_CALL_NAMES,
  type PageCallName,
  type CraneApi,
  type CraneCalls,
  type EventName,
  type EventParams,
  type Listener,
} from '../shared/crane-api.ts';
import { pickedFolderOnDisk } from '../shared/picked-folder.ts';
import {
  callChannel,
  EVENT_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  type IpcAnswer,
  type SubscribeRequest,
} from './ipc-channels.ts';

/** The two ipcRenderer methods the bridge uses (kept inside the preload, never exposed). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function unwrap<T>(answer: unknown): T {
  const body = answer as IpcAnswer<T> | undefined;
  if (body && 'error' in body) throw new CraneApiError(body.error);
  if (body && 'result' in body) return body.result;
  throw new CraneApiError({ code: 'INTERNAL', message: 'the app answered a call with nothing' });
}

/**
 * The bridge as the page receives it: contextBridge keeps only an Error's message, so a failed call
 * rejects with the CraneApiError's plain `{ name, code, message }`, which the renderer's transport
 * turns back into a CraneApiError (CraneApiError.revive).
 */
export function plainErrors(api: CraneApi): CraneApi {
  const plain = (error: unknown): unknown =>
    error instanceof CraneApiError ? { name: error.name, code: error.code, message: error.message } : error;
  const call = (name: PageCallName | 'stageDropped') => (args: unknown) =>
    (api[name] as (a: unknown) => Promise<unknown>)(args).catch((error: unknown) => Promise.reject(plain(error)));
  const calls = Object.fromEntries(PAGE_CALL_NAMES.map((name) => [name, call(name)])) as unknown as CraneCalls;
  return { ...calls, stageDropped: call('stageDropped') as CraneApi['stageDropped'], subscribe: api.subscribe };
}

/** Where a File the page holds lies on disk ('' when it is not a file of this machine): Electron's webUtils.getPathForFile. */
export type PathOfFile = (file: File) => string;

/** @example contextBridge.exposeInMainWorld('craneml', plainErrors(createBridge(ipcRenderer, webUtils.getPathForFile))); */
export function createBridge(ipc: IpcRendererLike, pathOf: PathOfFile): CraneApi {
  const listeners = new Map<string, (payload: unknown) => void>();
  let nextId = 0;
  ipc.on(EVENT_CHANNEL, (_event, id, payload) => listeners.get(String(id))?.(payload));

  const call = (name: PageCallName) => async (args: unknown) => unwrap(await ipc.invoke(callChannel(name), args ?? {}));
  const calls = Object.fromEntries(PAGE_CALL_NAMES.map((name) => [name, call(name)])) as unknown as CraneCalls;

  // Only paths Electron gives for the user's own files reach the core: the page cannot name a path itself.
  // A picked project folder's files (File.webkitRelativePath set) go as the one folder; a dropped folder is one path already.
  const stageDropped: CraneApi['stageDropped'] = async ({ files, inputShape }) => {
    const picked = files[0]?.webkitRelativePath ? pathOf(files[0]) : '';
    const paths = picked ? [pickedFolderOnDisk(picked, files[0]!.webkitRelativePath)] : Array.from(files, (file) => pathOf(file));
    if (paths.length === 0 || paths.includes(''))
      throw new CraneApiError({ code: 'BAD_ARGUMENTS', message: 'drop or pick the model’s files from a folder of this computer' });
    return unwrap(await ipc.invoke(callChannel('stageModelPaths'), { paths, inputShape }));
  };

  const subscribe = <K extends EventName>(name: K, params: EventParams<K>, listener: Listener<K>): (() => void) => {
    const id = `s${++nextId}`;
    listeners.set(id, listener as (payload: unknown) => void);
    const request: SubscribeRequest = { name, params, id };
    ipc
      .invoke(SUBSCRIBE_CHANNEL, request)
      .then(unwrap)
      .catch(() => listeners.delete(id)); // refused: nothing will come
    return () => {
      if (listeners.delete(id)) ipc.invoke(UNSUBSCRIBE_CHANNEL, { id }).catch(() => undefined);
    };
  };
  return { ...calls, stageDropped, subscribe };
}
