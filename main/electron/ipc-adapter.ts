/**
 * CraneApi over Electron IPC, main side: every call is an `ipcMain.handle` that checks the sending
 * frame, validates its arguments with the contract's schemas and answers `{result}` or `{error}`.
 * Event streams go only to the page that subscribed and stop when it closes, reloads or crashes.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import type { CraneCore } from '../api/crane-core.ts';
import { toErrorBody } from '../api/error-body.ts';
import { ELECTRON_ORIGIN } from '../shared/app-origins.ts';
import { CALL_NAMES, CALL_SCHEMAS, EVENT_SCHEMAS, type ApiErrorBody, type CallName, type EventName } from '../shared/crane-api.ts';
import { callChannel, EVENT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, type IpcAnswer } from './ipc-channels.ts';

type Handler = (event: IpcMainInvokeEvent, raw: unknown) => Promise<unknown>;

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcAdapterOptions {
  ipcMain: IpcMainLike;
  core: Pick<CraneCore, 'handlers' | 'subscribe'>;
  /** Whether a call comes from the app's own page (default: the top frame of app://craneml). */
  trustSender?: (event: IpcMainInvokeEvent) => boolean;
  /** Told every call's result (the shell learns the URLs it produced and the recent projects). */
  onResult?: (name: CallName, result: unknown) => void;
}

export interface IpcAdapter {
  /** Live subscriptions of one page (tests check that closing a window leaves none). */
  subscriptionCount(contents: WebContents): number;
  dispose(): void;
}

/** A refusal the wrapper answers as it is (bad arguments, a foreign frame). */
class Refusal extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

const subscribeSchema = z.object({
  name: z.string().refine((name) => Object.hasOwn(EVENT_SCHEMAS, name), 'must be an event stream of the app'),
  params: z.unknown(),
  id: z.string().regex(/^[\w-]{1,64}$/),
});
const unsubscribeSchema = z.object({ id: z.string().max(64) });

function parse<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  throw new Refusal({ code: 'BAD_ARGUMENTS', message: `${what}: ${where}${issue.message}` });
}

/** The app's own page: the top frame, loaded from app://craneml. */
export function isAppFrame(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === ELECTRON_ORIGIN;
  } catch {
    return false;
  }
}

/** The one wrapper: sender check, then `{result}` or `{error}`; nothing else crosses IPC. */
function answering(trust: (event: IpcMainInvokeEvent) => boolean, handler: Handler) {
  return async (event: IpcMainInvokeEvent, raw: unknown): Promise<IpcAnswer> => {
    try {
      if (!trust(event)) throw new Refusal({ code: 'FORBIDDEN', message: 'only the app’s own page may call CraneML' });
      return { result: (await handler(event, raw)) ?? null };
    } catch (error) {
      return { error: error instanceof Refusal ? error.body : toErrorBody(error) };
    }
  };
}

/** The key an event stream is kept under: the build job, the container, or none. */
function keyOf(params: unknown): string {
  const p = params as { jobId?: string; container?: string };
  return p.jobId ?? p.container ?? '';
}

/** @example registerCraneIpc({ ipcMain, core: createCraneCore() }); */
export function registerCraneIpc(options: IpcAdapterOptions): IpcAdapter {
  const { ipcMain, core } = options;
  const trust = options.trustSender ?? isAppFrame;
  const pages = new Map<WebContents, Map<string, () => void>>();

  const stopAll = (contents: WebContents): void => {
    for (const stop of pages.get(contents)?.values() ?? []) stop();
    pages.delete(contents);
  };
  const subscriptionsOf = (contents: WebContents): Map<string, () => void> => {
    let subs = pages.get(contents);
    if (subs) return subs;
    pages.set(contents, (subs = new Map()));
    contents.once('destroyed', () => stopAll(contents));
    contents.on('did-navigate', () => stopAll(contents)); // a reload: the new page subscribes afresh
    contents.on('render-process-gone', () => stopAll(contents));
    return subs;
  };

  for (const name of CALL_NAMES) {
    ipcMain.handle(
      callChannel(name),
      answering(trust, async (_event, raw) => {
        const args = parse(CALL_SCHEMAS[name] as z.ZodType<unknown>, raw ?? {}, name);
        const result = await (core.handlers[name] as (args: unknown) => Promise<unknown>)(args);
        options.onResult?.(name, result);
        return result;
      }),
    );
  }

  ipcMain.handle(
    SUBSCRIBE_CHANNEL,
    answering(trust, async (event, raw) => {
      const request = parse(subscribeSchema, raw, 'subscribe');
      const name = request.name as EventName;
      const params = parse(EVENT_SCHEMAS[name] as z.ZodType<unknown>, request.params ?? {}, name);
      const contents = event.sender;
      const subs = subscriptionsOf(contents);
      subs.get(request.id)?.();
      subs.set(
        request.id,
        core.subscribe(name, keyOf(params), (payload) => {
          if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, request.id, payload);
        }),
      );
      return { id: request.id };
    }),
  );
  ipcMain.handle(
    UNSUBSCRIBE_CHANNEL,
    answering(trust, async (event, raw) => {
      const { id } = parse(unsubscribeSchema, raw, 'unsubscribe');
      const subs = pages.get(event.sender);
      subs?.get(id)?.();
      return { stopped: subs?.delete(id) ?? false };
    }),
  );

  return {
    subscriptionCount: (contents) => pages.get(contents)?.size ?? 0,
    dispose() {
      for (const contents of [...pages.keys()]) stopAll(contents);
      for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
      ipcMain.removeHandler(SUBSCRIBE_CHANNEL);
      ipcMain.removeHandler(UNSUBSCRIBE_CHANNEL);
    },
  };
}
