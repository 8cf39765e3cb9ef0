/**
 * The Python runtime (templates/runtime-python): pickles no converter takes, predict.py projects and
 * Cog projects, served by a Starlette server in an image whose packages sit in a dependency layer.
 */
import type Docker from 'dockerode';
import { archOf } from '../../build/context.ts';
import type { Project } from '../../project.ts';
import type { Manifest } from '../../shared/manifest-schema.ts';
import { DEFAULT_PYTHON_VERSION } from '../../shared/python-runtime-schema.ts';
import type { BuildBaseOptions, Runtime } from '../types.ts';
import { pythonBase } from './base-image.ts';
import { ensureDepsImage } from './deps-image.ts';
import { codecNodeImage, resolveCodecNode } from './image-codec-node.ts';
import { renderPythonDockerfile } from './dockerfile.ts';
import { PYTHON_HEALTH_CHECK } from './health.ts';
import { preparePythonRuntime } from './runtime-folder.ts';
import { refuseServe } from './serve.ts';

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

/** A model that takes pictures: its image carries the Node runtime's codec (image-codec-bundle.ts) and Node.js. */
function takesImages(manifest: Manifest): boolean {
  return manifest.input.kind === 'image';
}

export const pythonRuntime: Runtime = {
  id: 'python',
  label: 'Python (Starlette on uvicorn)',
  formats: ['python'],
  base: (manifest) => pythonBase(manifest.python?.version ?? DEFAULT_PYTHON_VERSION),
  prepare: async (project, platform, options = {}) => {
    // archOf refuses a platform no image is built for.
    return preparePythonRuntime(project, { cacheDir: options.cacheDir, arch: archOf(platform), notify: options.notify });
  },
  dockerfile: (manifest, baseImage, labels) =>
    renderPythonDockerfile(baseImage, labels, takesImages(manifest) ? { nodeImage: codecNodeImage(baseImage) } : undefined),
  buildBase: pythonBuildBase,
  healthCheck: PYTHON_HEALTH_CHECK,
  entrypoint: ['python', '-m', 'craneml_runtime'],
  serve: refuseServe,
  cacheKey: (manifest, platform) => `python${manifest.python?.version ?? DEFAULT_PYTHON_VERSION}-${archOf(platform)}`,
};
