/** The web mode's API: POST /api/call/<name> runs one CraneApi call; GET /api/events/<name> streams one event stream. */
import type { ServerResponse } from 'node:http';
import type { CraneCore } from '../api/crane-core.ts';
import type { StageOptions } from '../api/staging.ts';
import { toErrorBody } from '../api/error-body.ts';
import type { Exchange } from '../http/exchange.ts';
import { mediaType } from '../http/body.ts';
import { ClientGoneError, HttpError } from '../http/http-errors.ts';
import { CALL_SCHEMAS, EVENT_SCHEMAS, SHELL_ONLY_CALLS, type ApiErrorBody, type CallName, type EventName } from '../shared/crane-api.ts';
import { readCallArgs } from './call-args.ts';
import { SECURITY_HEADERS } from './page.ts';
import { receiveUpload } from './upload-to-disk.ts';

const HEARTBEAT_MS = 15_000;

/** The HTTP status of a refusal before the core ran: a bad or forbidden request 4xx, the rest 500. */
const STATUS: Partial<Record<ApiErrorBody['code'], number>> = {
  BAD_ARGUMENTS: 400,
  FORBIDDEN: 403,
};

export function sendError(exchange: Exchange, body: ApiErrorBody, status = STATUS[body.code] ?? 500): void {
  exchange.json(status, JSON.stringify({ error: body }));
}

/**
 * The core's answer to a call that threw. A refusal (a code the user can act on) is the call's answer,
 * carried with 200 as Electron IPC carries it ({error}): a 4xx makes Chromium log "Failed to load
 * resource" for every refused input, and the page rethrows it the same either way. A fault (INTERNAL)
 * stays a 500, which the console should show.
 */
function sendCallError(exchange: Exchange, error: unknown): void {
  const body = toErrorBody(error);
  if (body.code === 'INTERNAL') sendError(exchange, body);
  else exchange.json(200, JSON.stringify({ error: body }));
}

function issueText(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}`;
}

/** Dropped model files go from the request straight to the staging folder; a refusal is answered at once. */
async function stageUpload(exchange: Exchange, core: CraneCore, maxUploadBytes?: number): Promise<void> {
  try {
    // The form's args field (read before the files) may carry the model's input shape.
    const options: StageOptions = {};
    const result = await core.stageFiles((dir) => receiveUpload(exchange.req, dir, exchange, maxUploadBytes, options), options);
    exchange.json(200, JSON.stringify({ result }));
  } catch (error) {
    if (error instanceof HttpError || error instanceof ClientGoneError) throw error;
    // Past the cap the answer must say 413 while the client is still sending, so that it stops.
    const body = toErrorBody(error);
    if (body.code === 'INPUT_TOO_LARGE') sendError(exchange, body, 413);
    else sendCallError(exchange, error);
    exchange.discardBody();
  }
}

export async function callRoute(exchange: Exchange, core: CraneCore, name: string, maxUploadBytes?: number): Promise<void> {
  if (!Object.hasOwn(CALL_SCHEMAS, name)) throw new HttpError(404, 'NOT_FOUND', `no call named "${name.slice(0, 60)}"`);
  const call = name as CallName;
  // A page must never make the server read a path it names: files come up as an upload instead.
  if ((SHELL_ONLY_CALLS as readonly string[]).includes(call)) {
    sendError(exchange, { code: 'FORBIDDEN', message: `${call} is for the desktop app only; the web page uploads the files (stageModel)` });
    return exchange.discardBody();
  }
  if (call === 'stageModel' && mediaType(exchange.req.headers['content-type']) === 'multipart/form-data')
    return stageUpload(exchange, core, maxUploadBytes);
  let raw: unknown;
  try {
    raw = await readCallArgs(exchange.req, exchange);
  } catch (error) {
    if (error instanceof HttpError && error.code === 'BAD_REQUEST')
      return sendError(exchange, { code: 'BAD_ARGUMENTS', message: error.message });
    throw error;
  }
  const parsed = CALL_SCHEMAS[call].safeParse(raw);
  if (!parsed.success) return sendError(exchange, { code: 'BAD_ARGUMENTS', message: `${call}: ${issueText(parsed.error.issues[0]!)}` });
  try {
    const handler = core.handlers[call] as (args: unknown) => Promise<unknown>;
    const result = await handler(parsed.data);
    exchange.json(200, JSON.stringify({ result: result ?? null }));
  } catch (error) {
    sendCallError(exchange, error);
  }
}

/** The key an event stream is kept under: the build job, or the container. */
function keyOf(params: Record<string, string>): string {
  return params.jobId ?? params.container ?? '';
}

/** Server-sent events until the page goes away; then the subscription (and any log follower) stops. */
export function eventsRoute(exchange: Exchange, core: CraneCore, name: string, query: URLSearchParams): void {
  if (!Object.hasOwn(EVENT_SCHEMAS, name)) throw new HttpError(404, 'NOT_FOUND', `no event stream named "${name.slice(0, 60)}"`);
  const stream = name as EventName;
  let params: unknown;
  try {
    params = JSON.parse(query.get('params') ?? '{}');
  } catch {
    return sendError(exchange, { code: 'BAD_ARGUMENTS', message: 'params must be JSON' });
  }
  const parsed = EVENT_SCHEMAS[stream].safeParse(params);
  if (!parsed.success) return sendError(exchange, { code: 'BAD_ARGUMENTS', message: `${stream}: ${issueText(parsed.error.issues[0]!)}` });
  const res: ServerResponse = exchange.res;
  exchange.answered = true;
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  let unsubscribe = (): void => {};
  let ended = false;
  const stop = (): void => {
    try {
      unsubscribe();
    } catch {
      // the source is broken already; the stream ends all the same
    }
  };
  // A failing stream (its source throws, an event cannot be written) ends this stream only.
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    stop();
    res.end();
  };
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  res.once('close', end);
  res.on('error', end);
  try {
    unsubscribe = core.subscribe(stream, keyOf(parsed.data as Record<string, string>), (event) => {
      if (ended) return;
      try {
        res.write(`data: ${JSON.stringify(event)}\n\n`);
      } catch {
        end();
      }
    });
  } catch {
    end();
  }
  if (ended) stop(); // it failed while subscribing: the subscription it made is dropped too
}
