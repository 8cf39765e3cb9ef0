/**
 * The whole packaging job for one project: build context, base image, `docker build`, with typed
 * progress events for the CLI and the desktop app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { LOCAL_BASE_IMAGE, resolveBaseImage } from '../docker/base-image.ts';
import { buildImage } from '../docker/build-image.ts';
import { imageIdOf, removeReplacedImage } from '../docker/replaced-image.ts';
import type { BuildEvent } from '../docker/build-stream.ts';
import type { RegistryEvent } from '../docker/registry-stream.ts';
import type { Project } from '../project.ts';
import { assembleContext, hostPlatform } from './context.ts';
import { DEFAULT_BASE_IMAGE } from './dockerfile.ts';
import { defaultImageTag } from './export.ts';

export type PackageStage = 'context' | 'base-image' | 'build';

export type PackageEvent =
  | { type: 'stage'; stage: PackageStage; message: string }
  | { type: 'notice'; message: string }
  | { type: 'pull'; event: RegistryEvent }
  | { type: 'build'; event: BuildEvent };

export interface PackageOptions {
  /** Image name:tag; default <name>:<version> from the manifest. */
  tag?: string;
  /** Base image; when omitted the default public base is used, with the local base as fallback. */
  baseImage?: string;
  platform?: string;
  onEvent?: (event: PackageEvent) => void;
  signal?: AbortSignal;
}

export interface PackagedImage {
  tag: string;
  imageId: string;
  baseImage: string;
  platform: string;
  labels: Record<string, string>;
  /** Wall-clock time of the whole job. */
  ms: number;
}

/**
 * @example
 * const image = await packageImage(docker, await openProject('assets/examples/digits'), { onEvent: console.log });
 */
export async function packageImage(docker: Docker, project: Project, options: PackageOptions = {}): Promise<PackagedImage> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const tag = options.tag ?? defaultImageTag(project.manifest);
  const platform = options.platform ?? hostPlatform();

  emit({ type: 'stage', stage: 'base-image', message: `checking base image ${options.baseImage ?? DEFAULT_BASE_IMAGE}` });
  const base = await resolveBaseImage(docker, options.baseImage ?? DEFAULT_BASE_IMAGE, {
    fallback: options.baseImage ? undefined : LOCAL_BASE_IMAGE,
    onEvent: (event) => emit({ type: 'pull', event }),
    platform,
  });
  if (base.fellBackBecause)
    emit({ type: 'notice', message: `${base.fellBackBecause}; building from the local base ${base.image} instead` });

  const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-build-'));
  try {
    emit({ type: 'stage', stage: 'context', message: `preparing the build context (runtime for ${platform}, model files)` });
    const context = await assembleContext(project, dir, {
      baseImage: base.image,
      platform,
      onNotice: (message) => emit({ type: 'notice', message }),
    });
    emit({ type: 'stage', stage: 'build', message: `building ${tag} from ${base.image}` });
    const previousId = await imageIdOf(docker, tag);
    const built = await buildImage(docker, dir, { tag, platform, signal: options.signal }, (event) => emit({ type: 'build', event }));
    if (previousId && (await removeReplacedImage(docker, previousId, built.imageId)))
      emit({ type: 'notice', message: `removed the image ${tag} pointed to before (${previousId.replace(/^sha256:/, '').slice(0, 12)})` });
    return { tag, imageId: built.imageId, baseImage: base.image, platform, labels: context.labels, ms: performance.now() - started };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
