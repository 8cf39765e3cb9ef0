/**
 * The whole packaging job for one project: build context, base image, `docker build`, with typed
 * progress events for the CLI and the desktop app.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { resolveBaseImage } from '../docker/base-image.ts';
import { buildImage, type BuiltImage } from '../docker/build-image.ts';
import { imageIdOf, removeReplacedImage } from '../docker/replaced-image.ts';
import type { BuildStreamEvent } from '../docker/build-stream.ts';
import type { RegistryEvent } from '../docker/registry-stream.ts';
import type { Project } from '../project.ts';
import { hostPlatform, writeModel } from './context.ts';
import { defaultImageTag } from './export.ts';
import { imageLabels } from './labels.ts';
import { runtimeFor, type PreparedRuntime } from '../runtimes/index.ts';
import {
  findRuntimeImage,
  rebuildDockerfile,
  rememberRuntimeImage,
  runtimeImageOf,
  splitAtRuntimeLayer,
  type RuntimeLayerKey,
} from './runtime-image.ts';

export type PackageStage = 'context' | 'base-image' | 'build';

export type PackageEvent =
  | { type: 'stage'; stage: PackageStage; message: string }
  | { type: 'notice'; message: string }
  | { type: 'pull'; event: RegistryEvent }
  | { type: 'build'; event: BuildStreamEvent };

export interface PackageOptions {
  /** Image name:tag; default <name>:<version> from the manifest. */
  tag?: string;
  /** Base image; when omitted the runtime's public base is used, with its local base as fallback. */
  baseImage?: string;
  platform?: string;
  onEvent?: (event: PackageEvent) => void;
  signal?: AbortSignal;
  /** The runtime folder, when the caller prepared it already (default: the runtime's prepare, from the cache when current). */
  runtime?: PreparedRuntime;
}

export interface PackagedImage {
  tag: string;
  imageId: string;
  baseImage: string;
  platform: string;
  labels: Record<string, string>;
  /** Wall-clock time of the whole job. */
  ms: number;
  /** The runtime layer came from an earlier build: only the model and its manifest were sent to the daemon. */
  reusedRuntime: boolean;
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
  const runner = runtimeFor(project.manifest);
  const wanted = runner.base(project.manifest);

  emit({ type: 'stage', stage: 'base-image', message: `checking base image ${options.baseImage ?? wanted.image}` });
  const base = await resolveBaseImage(docker, options.baseImage ?? wanted.image, {
    fallback: options.baseImage ? undefined : wanted.local,
    fallbackRecipe: wanted.localRecipe,
    onEvent: (event) => emit({ type: 'pull', event }),
    platform,
  });
  if (base.fellBackBecause)
    emit({ type: 'notice', message: `${base.fellBackBecause}; building from the local base ${base.image} instead` });

  const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-build-'));
  try {
    emit({ type: 'stage', stage: 'context', message: `preparing the build context (runtime for ${platform}, model files)` });
    const runtime =
      options.runtime ?? (await runner.prepare(project, platform, { notify: (message) => emit({ type: 'notice', message }) }));
    const notify = (message: string): void => emit({ type: 'notice', message });
    const from = runner.buildBase
      ? await runner.buildBase(docker, project, {
          base: base.image,
          platform,
          runtime,
          onEvent: (event) => emit({ type: 'build', event }),
          notify,
          signal: options.signal,
        })
      : base.image;
    const labels = imageLabels(project.manifest);
    const dockerfile = await runner.dockerfile(project.manifest, from, labels);
    const { head, tail } = splitAtRuntimeLayer(dockerfile);
    const key: RuntimeLayerKey = {
      runtimeDigest: runtime.digest,
      baseImageId: (await imageIdOf(docker, from)) ?? from,
      platform,
      head,
    };
    let runtimeImage = await findRuntimeImage(docker, key);
    await writeModel(path.join(dir, 'model'), project);
    const wholeRecipe = async (): Promise<void> => {
      await cp(runtime.dir, path.join(dir, 'runtime'), { recursive: true });
      await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
    };
    if (runtimeImage) {
      emit({ type: 'notice', message: `reusing the runtime layer of an earlier build (${shortId(runtimeImage)}): sending only the model` });
      await writeFile(path.join(dir, 'Dockerfile'), rebuildDockerfile(runtimeImage, tail));
    } else await wholeRecipe();
    // An abort before the request starts would never reach it (docker-modem listens for the event only).
    options.signal?.throwIfAborted();
    emit({ type: 'stage', stage: 'build', message: `building ${tag} from ${base.image}` });
    const previousId = await imageIdOf(docker, tag);
    const build = (): Promise<BuiltImage> =>
      buildImage(docker, dir, { tag, platform, signal: options.signal }, (event) => emit({ type: 'build', event }));
    const built = await build().catch(async (error: unknown) => {
      // The runtime image went away between the check and the build (an image prune): send the whole recipe.
      if (!runtimeImage || options.signal?.aborted || (await imageIdOf(docker, runtimeImage))) throw error;
      emit({ type: 'notice', message: `the runtime layer ${shortId(runtimeImage)} is gone; building the whole recipe` });
      runtimeImage = undefined;
      await wholeRecipe();
      return build();
    });
    if (!runtimeImage) {
      const made = await runtimeImageOf(docker, built.imageId).catch(() => undefined);
      if (made) await rememberRuntimeImage(key, made).catch(() => undefined);
    }
    if (previousId) {
      const replaced = await removeReplacedImage(docker, previousId, built.imageId);
      if (replaced === 'removed') emit({ type: 'notice', message: `removed the image ${tag} pointed to before (${shortId(previousId)})` });
      else if (replaced === 'kept-not-ours')
        emit({
          type: 'notice',
          message: `${tag} named an image CraneML did not build: the tag moved, that image is kept (${shortId(previousId)})`,
        });
    }
    return {
      tag,
      imageId: built.imageId,
      baseImage: base.image,
      platform,
      labels,
      ms: performance.now() - started,
      reusedRuntime: runtimeImage !== undefined,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
