/** Packaging a project or model into an image: the one build every front end runs (`craneml build`, `craneml demo`, the app's build jobs). */
import type Docker from 'dockerode';
import { packageImage, type PackagedImage, type PackageEvent } from '../packaging/package-image.ts';
import { imageFacts } from '../docker/image-facts.ts';
import { parseManifest } from '../manifest.ts';
import { openProject, type Project } from '../project.ts';
import { withNotebooks } from '../convert/notebook-conversion.ts';

export type { PackageEvent };

/** What a build packages and how: every option any front end offers. */
export interface BuildRequest {
  /** Project folder, or a model file (`preset` describes a bare one). */
  target: string;
  /** Image name:tag; default <name>:<version> from the manifest. */
  tag?: string;
  preset?: string;
  /** Model version for this image instead of craneml.json's (its labels, /metadata and default tag). */
  version?: string;
  /** Base image; default the runtime's public base, with its local base as fallback. */
  baseImage?: string;
  /** linux/amd64 or linux/arm64; default the host's. */
  platform?: string;
}

/** A built image with its size on the daemon. */
export interface BuiltImage extends PackagedImage {
  bytes: number;
}

/**
 * The project a build packages, its manifest's version replaced by `version` when given (checked as
 * the manifest checks it, MANIFEST_INVALID naming --version) before Docker is asked anything.
 * @example const project = await openBuildTarget({ target: 'digits/', version: '1.1.0' });
 */
export async function openBuildTarget(request: Pick<BuildRequest, 'target' | 'preset' | 'version'>): Promise<Project> {
  const project = await openProject(request.target, withNotebooks({ preset: request.preset }));
  if (request.version === undefined) return project;
  return { ...project, manifest: parseManifest({ ...project.manifest, version: request.version }, '--version') };
}

/**
 * Packages `project` into an image on the daemon, reporting each step to `onEvent`; `signal` cancels
 * it (its temporary build folder is removed).
 * @example const { tag, bytes } = await buildImage(docker, project, { tag: 'digits:1.0' });
 */
export async function buildImage(
  docker: Docker,
  project: Project,
  request: Pick<BuildRequest, 'tag' | 'baseImage' | 'platform'>,
  progress: { onEvent?: (event: PackageEvent) => void; signal?: AbortSignal } = {},
): Promise<BuiltImage> {
  const { tag, baseImage, platform } = request;
  const image = await packageImage(docker, project, { tag, baseImage, platform, onEvent: progress.onEvent, signal: progress.signal });
  return { ...image, bytes: (await imageFacts(docker, image.imageId)).sizeBytes };
}
