/** Builds an image with the classic builder, streaming typed events and failing on any error line; records it as CraneML's. */
import { readdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { ImageBuildError } from '../errors.ts';
import { BuildStreamParser, type BuildStreamEvent, type BuildStep } from './build-stream.ts';
import { recordBuiltImage } from './built-images.ts';
import { daemonMessage } from './docker-errors.ts';
import { readEventStream } from './read-stream.ts';

export interface BuildOptions {
  tag: string;
  labels?: Record<string, string>;
  /** e.g. linux/amd64; omitted: the daemon's own platform. */
  platform?: string;
  buildargs?: Record<string, string>;
  dockerfile?: string;
  nocache?: boolean;
  /** The build's RUN steps' network, e.g. 'host' where the daemon's bridge is off and a step needs PyPI. */
  networkmode?: string;
  signal?: AbortSignal;
}

export interface BuiltImage {
  imageId: string;
  tag: string;
  /** The log lines the build printed, for a caller that did not watch the events. */
  log: string[];
}

function stepName(step: BuildStep | undefined): string | undefined {
  return step ? `step ${step.index}/${step.total}: ${step.instruction}` : undefined;
}

/** A folder is sent as a tar of its entries (dockerode packs it, honouring .dockerignore). */
async function contextOf(source: string | NodeJS.ReadableStream): Promise<NodeJS.ReadableStream | Docker.ImageBuildContext> {
  if (typeof source !== 'string') return source;
  return { context: source, src: await readdir(source) };
}

/**
 * Whether a build failed because an image its cache stood on was deleted while it ran: removing an
 * image also deletes its untagged parents, which the classic builder may be reusing as cached steps
 * of another build at that moment (`docker rmi`, `docker image prune`, another CraneML build).
 * The daemon says so in two ways: the step's parent is gone ("No such image"), or its record in the
 * image store vanished while being read ("failed to get digest … no such file or directory").
 * @example isVanishedCacheImage('COPY runtime/ /app/: failed to get destination image "sha256:5f…": No such image: sha256:5f…') // true
 */
export function isVanishedCacheImage(message: string): boolean {
  return /failed to get destination image|No such image: sha256:[0-9a-f]{64}|failed to get digest sha256:[0-9a-f]{64}: open \S+: no such file or directory/.test(
    message,
  );
}

/**
 * Builds `source` (a context folder or a tar stream) and resolves with the image ID, recorded as one
 * CraneML built (built-images.ts). A folder's build that lost a cached step to a concurrent removal is
 * built once more (its steps are found again or redone); a stream cannot be sent twice.
 * Every line of the daemon's stream is checked: an `error`/`errorDetail` line, a dropped stream,
 * or a stream that ends without an image ID all throw ImageBuildError naming the failing step.
 * @example
 * const { imageId } = await buildImage(docker, 'build/ctx', { tag: 'digits:1.0', labels }, (e) => {
 *   if (e.type === 'step') console.log(`${e.index}/${e.total} ${e.instruction}`);
 * });
 */
export async function buildImage(
  docker: Docker,
  source: string | NodeJS.ReadableStream,
  options: BuildOptions,
  onEvent?: (event: BuildStreamEvent) => void,
): Promise<BuiltImage> {
  try {
    return await buildOnce(docker, source, options, onEvent);
  } catch (error) {
    if (
      typeof source !== 'string' ||
      options.signal?.aborted ||
      !(error instanceof ImageBuildError) ||
      !isVanishedCacheImage(error.message)
    )
      throw error;
    onEvent?.({ type: 'log', text: 'An image this build reused was removed while it ran; building again.' });
    return await buildOnce(docker, source, options, onEvent);
  }
}

async function buildOnce(
  docker: Docker,
  source: string | NodeJS.ReadableStream,
  options: BuildOptions,
  onEvent?: (event: BuildStreamEvent) => void,
): Promise<BuiltImage> {
  const parser = new BuildStreamParser();
  let events: BuildStreamEvent[];
  try {
    const stream = await docker.buildImage(await contextOf(source), {
      t: options.tag,
      labels: options.labels,
      platform: options.platform,
      buildargs: options.buildargs,
      dockerfile: options.dockerfile,
      nocache: options.nocache,
      networkmode: options.networkmode,
      abortSignal: options.signal,
      rm: true,
      forcerm: true,
      version: '1',
    });
    events = await readEventStream(stream, parser, onEvent);
  } catch (error) {
    const step = parser.currentStep;
    const where = stepName(step);
    throw new ImageBuildError(`building ${options.tag} failed${where ? ` at ${where}` : ''}: ${daemonMessage(error)}`, {
      cause: error,
      step: where,
    });
  }
  const failure = events.find((e): e is Extract<BuildStreamEvent, { type: 'error' }> => e.type === 'error');
  if (failure) {
    const where = stepName(failure.step);
    throw new ImageBuildError(`building ${options.tag} failed${where ? ` at ${where}` : ''}: ${failure.message}`, { step: where });
  }
  const done = events.find((e): e is Extract<BuildStreamEvent, { type: 'done' }> => e.type === 'done');
  if (!done) throw new ImageBuildError(`building ${options.tag} ended without an image ID`, { step: stepName(parser.currentStep) });
  await recordBuiltImage(done.imageId);
  const log = events.flatMap((e) =>
    e.type === 'log' ? [e.text] : e.type === 'step' ? [`Step ${e.index}/${e.total} : ${e.instruction}`] : [],
  );
  return { imageId: done.imageId, tag: options.tag, log };
}
