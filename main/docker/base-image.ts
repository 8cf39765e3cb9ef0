/**
 * Makes sure a build's base image is on the daemon before the build starts: present, pulled, or
 * (for the default base only) replaced by a locally made one, saying so. A build that would fail at
 * `FROM` gets one clear message instead.
 */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, daemonMessage } from './docker-errors.ts';
import { imageHandle } from './handles.ts';
import { readEventStream } from './read-stream.ts';
import { RegistryStreamParser, type RegistryEvent } from './registry-stream.ts';

export interface BaseImageOptions {
  /** Used when `image` is missing and cannot be pulled (only offered for the default base). */
  fallback?: string;
  /** The command that makes `fallback`, for the message when neither is here (a runtime's RuntimeBase.localRecipe). */
  fallbackRecipe?: string;
  pullTimeoutMs?: number;
  onEvent?: (event: RegistryEvent) => void;
  /** The build's platform, like linux/arm64: a base of another architecture does not count as present. */
  platform?: string;
}

export interface ResolvedBaseImage {
  image: string;
  /** Set when the fallback replaced the requested image: why. */
  fellBackBecause?: string;
}

/** The image's platform as `os/architecture` (linux/amd64), or undefined when the daemon does not have it. */
export async function imagePlatform(docker: Docker, image: string): Promise<string | undefined> {
  try {
    const info = await imageHandle(docker, image).inspect();
    return `${info.Os}/${info.Architecture}`;
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') return undefined;
    throw error;
  }
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  return (await imagePlatform(docker, image)) !== undefined;
}

/** linux/arm64/v8 and linux/arm64 are the same base for CraneML's purposes. */
function fits(present: string | undefined, wanted: string | undefined): boolean {
  if (present === undefined) return false;
  return wanted === undefined || present === wanted.split('/').slice(0, 2).join('/');
}

async function pull(
  docker: Docker,
  image: string,
  timeoutMs: number,
  platform: string | undefined,
  onEvent?: (event: RegistryEvent) => void,
): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  let events: RegistryEvent[];
  try {
    const stream = (await docker.pull(image, { abortSignal: signal, ...(platform ? { platform } : {}) })) as NodeJS.ReadableStream;
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
 * const { image, local, localRecipe } = runtimeFor(manifest).base(manifest);
 * const base = await resolveBaseImage(docker, image, { fallback: local, fallbackRecipe: localRecipe });
 * if (base.fellBackBecause) console.warn(`using ${base.image}: ${base.fellBackBecause}`);
 */
export async function resolveBaseImage(docker: Docker, image: string, options: BaseImageOptions = {}): Promise<ResolvedBaseImage> {
  const { platform } = options;
  const present = await imagePlatform(docker, image);
  if (fits(present, platform)) return { image };
  let reason: string;
  try {
    // A pull for a platform fails when the registry has no such build. The daemon's inspect may still
    // describe the host's variant first (containerd image store), so it is not asked again.
    await pull(docker, image, options.pullTimeoutMs ?? 300_000, platform, options.onEvent);
    return { image };
  } catch (error) {
    reason = firstLine(error);
  }
  const fallback = options.fallback;
  if (fallback && fits(await imagePlatform(docker, fallback), platform)) {
    return { image: fallback, fellBackBecause: `${image} could not be pulled (${reason})` };
  }
  const hint = fallback
    ? `pull it when online, pass --base-image, or make the local base ${fallback}${options.fallbackRecipe ? ` with: ${options.fallbackRecipe}` : ''}`
    : 'check the name, pull it yourself, or pass another --base-image';
  // Naming the platform only helps when the image is here, for another one.
  const wanted = present !== undefined && platform ? ` for ${platform}` : '';
  throw new CraneError('BASE_IMAGE', `base image ${image}${wanted} is not on this machine and could not be pulled: ${reason}; ${hint}`);
}
