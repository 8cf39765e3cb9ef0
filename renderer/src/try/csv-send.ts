/**
 * Sends a batch's instances to /predict in chunks, one after another, and collects one answer per row. A row
 * the server refuses (422 "instance 5: column …") is marked with the server's words and the rest of its chunk is
 * sent again; a busy server (503 with Retry-After) is waited for; any other failure stops the batch, keeping
 * what was answered.
 */
import { ContainerCallError, predictInstances, type ContainerTarget } from './container-client.ts';

/** A row's outcome: the server's prediction for it, or why it was refused, in words. */
export type RowAnswer = { prediction: unknown } | { refused: string };

export interface SendOptions {
  /** Most rows in one request (the server's max_queue caps it too). */
  chunkRows: number;
  /** Called after each answered request with the rows settled so far. */
  onProgress?: (settled: number) => void;
  /** False once the batch is no longer wanted (another file was chosen): nothing more is sent. */
  isWanted?: () => boolean;
}

export interface SendOutcome {
  /** One per instance; undefined where the batch stopped before the row was answered. */
  answers: (RowAnswer | undefined)[];
  /** Why the batch stopped before the end, in words. */
  stopped?: string;
}

/** After a refusal the rows that follow are sent in smaller requests, so a file with many bad rows is not resent whole for each. */
const SHRINK = 4;
/** How often one request waits out a busy server before the batch stops. */
const BUSY_RETRIES = 3;

/** The server names the refused instance of a request of several ("instance 5: column …"), wherever the client's words put it. */
const REFUSED_INSTANCE = /instance (\d+): /;

/** The row of a request the server refused, and the refusal in words without the index (it is the request's, not the file's). */
function namedRow(error: ContainerCallError, sent: number): { at: number; message: string } | undefined {
  if (sent === 1) return { at: 0, message: error.message };
  const match = REFUSED_INSTANCE.exec(error.message);
  const at = match ? Number(match[1]) : -1;
  return match && at < sent ? { at, message: error.message.replace(match[0], '') } : undefined;
}

const wait = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Answers `instances` (undefined ones are skipped: they were refused before sending).
 * @example const { answers } = await sendInstances(target, instances, { chunkRows: 500 });
 */
export async function sendInstances(
  target: ContainerTarget,
  instances: readonly (object | undefined)[],
  options: SendOptions,
): Promise<SendOutcome> {
  const answers: (RowAnswer | undefined)[] = new Array(instances.length).fill(undefined);
  const order = instances.flatMap((instance, row) => (instance === undefined ? [] : [row]));
  let settled = instances.length - order.length;
  let size = options.chunkRows;
  let busyTries = 0;
  let at = 0;
  while (at < order.length) {
    if (options.isWanted && !options.isWanted()) return { answers, stopped: 'stopped: another file was chosen' };
    const rows = order.slice(at, at + size);
    try {
      const { value } = await predictInstances(
        target,
        rows.map((row) => instances[row]),
      );
      rows.forEach((row, i) => (answers[row] = { prediction: value.predictions[i] }));
      at += rows.length;
      settled += rows.length;
      size = Math.min(options.chunkRows, size * 2);
      busyTries = 0;
    } catch (error) {
      if (!(error instanceof ContainerCallError)) throw error;
      if (error.status === 503 && error.retryAfterS !== undefined && busyTries < BUSY_RETRIES) {
        busyTries++;
        await wait(error.retryAfterS);
        continue;
      }
      const refusal = error.status === 422 || error.status === 400 || error.status === 413;
      const named = refusal ? namedRow(error, rows.length) : undefined;
      if (named) {
        answers[rows[named.at]!] = { refused: named.message };
        order.splice(at + named.at, 1);
        settled++;
        size = Math.max(1, Math.floor(size / SHRINK));
      } else if (refusal && rows.length > 1) {
        // Refused as a whole (too large, or no row named): halve the request until the row is found.
        size = Math.ceil(rows.length / 2);
        continue;
      } else {
        return { answers, stopped: error.message };
      }
    }
    options.onProgress?.(settled);
  }
  return { answers };
}
