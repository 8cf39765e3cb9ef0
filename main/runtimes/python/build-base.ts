/** The image a Python-runtime build starts FROM: its dependency image, and for picture models the codec's Node.js. */
import type Docker from 'dockerode';
import type { Project } from '../../project.ts';
import type { Manifest } from '../../shared/manifest-schema.ts';
import type { BuildBaseOptions } from '../types.ts';
import { ensureDepsImage } from './deps-image.ts';
import { resolveCodecNode } from './image-codec-node.ts';

/** A model that takes pictures: its image carries the Node runtime's codec (image-codec-bundle.ts) and Node.js. */
export function takesImages(manifest: Manifest): boolean {
  return manifest.input.kind === 'image';
}

/**
 * The image a CraneML build of `project` starts FROM: its dependency image, made when missing (pip's
 * lines go to `onEvent` as build log lines). The Dockerfile asked with it starts after the dependency layer.
 * @example const from = await pythonBuildBase(docker, project, { base, platform, runtime }); // 'craneml/python-deps:3f2a1b0c9d8e'
 */
export async function pythonBuildBase(docker: Docker, project: Project, options: BuildBaseOptions): Promise<string> {
  const started = performance.now();
  const deps = await ensureDepsImage(docker, { ...options, runtimeDir: options.runtime.dir });
  if (deps.built) options.notify?.(`made the dependency image ${deps.tag} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  else options.notify?.(`reusing the dependency image ${deps.tag}: the same base and requirements as an earlier build`);
  if (takesImages(project.manifest)) await resolveCodecNode(docker, deps.tag, options.platform, options.notify);
  return deps.tag;
}
