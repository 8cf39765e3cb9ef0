/**
 * Makes sure a build's base image is on the daemon before the build starts: present, pulled, or
 * (for the default base only) replaced by a locally made one, saying so. A build that would fail at
 * `FROM` gets one clear message instead.
 */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, daemonMessage } from './docker-errors.ts';
import { readEventStream } from './read-stream.ts';
import { RegistryStreamParser, type RegistryEvent } from './registry-stream.ts';

/** The base `scripts/make-local-base.sh` makes from this machine's Node.js, for machines without a registry. */
export const LOCAL_BASE_IMAGE = 'craneml/local-base:node20';

export interface BaseImageOptions {
  /** Used when `image` is missing and cannot be pulled (only offered for the default base). */
  fallback?: string;
  pullTimeoutMs?: number;
  onEvent?: (event: RegistryEvent) => void;
}

export interface ResolvedBaseImage {
  image: string;
  /** Set when the fallback replaced the requested image: why. */
  fellBackBecause?: string;
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') return false;
    throw error;
  }
}

async function pull(docker: Docker, image: string, timeoutMs: number, onEvent?: (event: RegistryEvent) => void): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  let events: RegistryEvent[];
  try {
    const stream = (await docker.pull(image, { abortSignal: signal })) as NodeJS.ReadableStream;
    events = await readEventStream(stream, new RegistryStreamParser(), onEvent);
  } catch (error) {
    if (signal.aborted) throw new Error(`no answer from the registry in ${Math.round(timeoutMs / 1000)} s`, { cause: error });
    throw new Error(daemonMessage(error), { cause: error });
  }
  const failure = events.find((e): e is Extract<RegistryEvent, { type: 'error' }> => e.type === 'error');
  if (failure) throw new Error(failure.message);
}

function firstLine(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/**
 * @example
 * const base = await resolveBaseImage(docker, 'node:20-bookworm-slim', { fallback: LOCAL_BASE_IMAGE });
 * if (base.fellBackBecause) console.warn(`using ${base.image}: ${base.fellBackBecause}`);
 */
export async function resolveBaseImage(docker: Docker, image: string, options: BaseImageOptions = {}): Promise<ResolvedBaseImage> {
  if (await imageExists(docker, image)) return { image };
  let reason: string;
  try {
    await pull(docker, image, options.pullTimeoutMs ?? 300_000, options.onEvent);
    return { image };
  } catch (error) {
    reason = firstLine(error);
  }
  const fallback = options.fallback;
  if (fallback && (await imageExists(docker, fallback))) {
    return { image: fallback, fellBackBecause: `${image} could not be pulled (${reason})` };
  }
  const hint = fallback
    ? `pull it when online, pass --base-image, or make the local base ${fallback} with: bash scripts/make-local-base.sh`
    : 'check the name, pull it yourself, or pass another --base-image';
  throw new CraneError('BASE_IMAGE', `base image ${image} is not on this machine and could not be pulled: ${reason}; ${hint}`);
}
