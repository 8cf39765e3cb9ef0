/**
 * CraneApi over the web mode's HTTP API: calls are POST /api/call/<name>, event streams are
 * server-sent events read with fetch (so the session token travels in a header, never in a URL).
 * Dropped files go up as stageModel's form, each File a part the browser streams from disk.
 */
import { splitBinary } from '../../../main/shared/binary-envelope.ts';
import { CraneApiError, type ApiErrorBody } from '../../../main/shared/crane-error.ts';
import type { CallArgs, CallName, CallResults, CraneApi, EventName, EventParams, Listener } from '../../../main/shared/crane-api.ts';

const TOKEN_HEADER = 'X-CraneML-Token';

async function failure(response: Response): Promise<CraneApiError> {
  const body = (await response.json().catch(() => ({}))) as { error?: Partial<ApiErrorBody> };
  return new CraneApiError({
    code: body.error?.code ?? 'INTERNAL',
    message: body.error?.message ?? `the app answered ${response.status} ${response.statusText}`,
  });
}

function requestBody(args: unknown): { body: BodyInit; headers: Record<string, string> } {
  const { json, blobs } = splitBinary(args);
  if (blobs.length === 0) return { body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } };
  const form = new FormData();
  form.append('args', JSON.stringify(json));
  blobs.forEach((blob, i) => form.append(`binary${i}`, new Blob([blob as Uint8Array<ArrayBuffer>]), `binary${i}`));
  return { body: form, headers: {} };
}

/**
 * stageModel's form for dropped files, as upload-to-disk.ts reads it: the "args" field first, then one
 * part per File, named by its path from a picked project folder ("echo/weights/x.bin"), else by its own name.
 */
function droppedFilesForm(files: readonly File[], inputShape?: number[]): FormData {
  const form = new FormData();
  const named = files.map((file, i) => ({ name: file.webkitRelativePath || file.name, bytes: { $binary: i } }));
  form.append('args', JSON.stringify({ files: named, inputShape }));
  files.forEach((file, i) => form.append(`binary${i}`, file, `binary${i}`));
  return form;
}

/** Reads `data:` lines of a server-sent event stream and hands each parsed event on. */
async function readEvents(stream: ReadableStream<Uint8Array>, onEvent: (data: unknown) => void): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data) onEvent(JSON.parse(data));
    }
  }
}

/** @example const api = createWebApi(token); await api.dockerStatus({}); */
export function createWebApi(token: string): CraneApi {
  const post = async <K extends CallName>(name: K, { body, headers }: ReturnType<typeof requestBody>): Promise<CallResults[K]> => {
    const response = await fetch(`/api/call/${name}`, { method: 'POST', body, headers: { ...headers, [TOKEN_HEADER]: token } });
    if (!response.ok) throw await failure(response);
    // The core's refusal comes with 200, as {error} (api-routes.ts), so the console stays quiet.
    const answer = (await response.json()) as { result: CallResults[K] } | { error: ApiErrorBody };
    if ('error' in answer) throw new CraneApiError(answer.error);
    return answer.result;
  };
  const call = <K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResults[K]> => post(name, requestBody(args));
  const stageDropped: CraneApi['stageDropped'] = ({ files, inputShape }) =>
    post('stageModel', { body: droppedFilesForm(files, inputShape), headers: {} });
  const subscribe = <K extends EventName>(name: K, params: EventParams<K>, listener: Listener<K>): (() => void) => {
    const abort = new AbortController();
    const query = encodeURIComponent(JSON.stringify(params));
    fetch(`/api/events/${name}?params=${query}`, { headers: { [TOKEN_HEADER]: token }, signal: abort.signal })
      .then(async (response) => {
        if (!response.ok || !response.body) throw await failure(response);
        await readEvents(response.body, (data) => listener(data as Parameters<Listener<K>>[0]));
      })
      .catch(() => {
        // A closed stream ends the subscription; the caller's next action opens a new one.
      });
    return () => abort.abort();
  };
  const calls = new Proxy({} as CraneApi, {
    get: (_target, key: string) =>
      key === 'subscribe' ? subscribe : key === 'stageDropped' ? stageDropped : (args: never) => call(key as CallName, args),
  });
  return calls;
}
