/** Reads a container's logs (all, the last N lines, or followed live), split into stdout and stderr. */
import type Docker from 'dockerode';
import { toCraneError } from './docker-errors.ts';
import { containerHandle } from './handles.ts';
import { LogDemuxer, type LogChunk } from './log-demux.ts';

export interface LogOptions {
  /** Only the last N lines. */
  tail?: number;
  timestamps?: boolean;
}

/** A TTY container's log is raw bytes with no frame headers; ours never use a TTY, but others may. */
async function isTty(container: Docker.Container): Promise<boolean> {
  return (await container.inspect()).Config.Tty;
}

/**
 * The logs so far.
 * @example
 * for (const { stream, data } of await readLogs(docker, 'digits')) process[stream].write(data);
 */
export async function readLogs(docker: Docker, nameOrId: string, options: LogOptions = {}): Promise<LogChunk[]> {
  const container = containerHandle(docker, nameOrId);
  try {
    const tty = await isTty(container);
    const buffer = await container.logs({ follow: false, stdout: true, stderr: true, tail: options.tail, timestamps: options.timestamps });
    return tty ? [{ stream: 'stdout', data: buffer }] : new LogDemuxer().push(buffer);
  } catch (error) {
    throw toCraneError(error, `reading the logs of ${nameOrId}`);
  }
}

/** The last `count` lines of stdout and stderr together, as text (for error reports). */
export async function lastLogLines(docker: Docker, nameOrId: string, count = 40): Promise<string[]> {
  const chunks = await readLogs(docker, nameOrId, { tail: count });
  const text = Buffer.concat(chunks.map((c) => c.data)).toString('utf8');
  return text
    .split(/\r?\n/)
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .slice(-count);
}

/**
 * Streams logs as they come until the container stops or `signal` aborts.
 * @example
 * await followLogs(docker, 'digits', { tail: 10 }, ({ stream, data }) => process[stream].write(data));
 */
export async function followLogs(
  docker: Docker,
  nameOrId: string,
  options: LogOptions & { signal?: AbortSignal },
  onChunk: (chunk: LogChunk) => void,
): Promise<void> {
  const container = containerHandle(docker, nameOrId);
  let stream: NodeJS.ReadableStream;
  let tty: boolean;
  try {
    tty = await isTty(container);
    stream = await container.logs({ follow: true, stdout: true, stderr: true, tail: options.tail, timestamps: options.timestamps });
  } catch (error) {
    throw toCraneError(error, `reading the logs of ${nameOrId}`);
  }
  const demux = new LogDemuxer();
  await new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      resolve();
    };
    if (options.signal?.aborted) return stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => {
      for (const part of tty ? [{ stream: 'stdout' as const, data: chunk }] : demux.push(chunk)) onChunk(part);
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', (error) => (options.signal?.aborted ? resolve() : reject(toCraneError(error, `following the logs of ${nameOrId}`))));
  });
}
