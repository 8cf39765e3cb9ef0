/**
 * The Python runtime (templates/runtime-python): pickles no converter takes, predict.py projects and
 * Cog projects, served by a Starlette server in an image whose packages sit in a dependency layer.
 */
import { archOf } from '../../shared/platform.ts';
import { DEFAULT_PYTHON_VERSION } from '../../shared/python-runtime-schema.ts';
import type { Runtime } from '../types.ts';
import { pythonBase } from './base-image.ts';
import { PYTHON_HEALTH_CHECK } from './health.ts';
import { refuseServe } from './serve.ts';

export const pythonRuntime: Runtime = {
  id: 'python',
  label: 'Python (Starlette on uvicorn)',
  formats: ['python'],
  base: (manifest) => pythonBase(manifest.python?.version ?? DEFAULT_PYTHON_VERSION),
  // The packaging code (esbuild for the codec bundle, tar, the dependency image) is loaded when a build
  // uses it: `craneml serve` and the app's start decide the runtime through this object and need none of it.
  prepare: async (project, platform, options = {}) =>
    // archOf refuses a platform no image is built for.
    (await import('./runtime-folder.ts')).preparePythonRuntime(project, {
      cacheDir: options.cacheDir,
      arch: archOf(platform),
      notify: options.notify,
    }),
  dockerfile: async (manifest, baseImage, labels) => {
    const [{ renderPythonDockerfile }, { codecNodeImage }, { takesImages }] = await Promise.all([
      import('./dockerfile.ts'),
      import('./image-codec-node.ts'),
      import('./build-base.ts'),
    ]);
    return renderPythonDockerfile(baseImage, labels, takesImages(manifest) ? { nodeImage: codecNodeImage(baseImage) } : undefined);
  },
  buildBase: async (docker, project, options) => (await import('./build-base.ts')).pythonBuildBase(docker, project, options),
  healthCheck: PYTHON_HEALTH_CHECK,
  entrypoint: ['python', '-m', 'craneml_runtime'],
  serve: refuseServe,
  cacheKey: (manifest, platform) => `python${manifest.python?.version ?? DEFAULT_PYTHON_VERSION}-${archOf(platform)}`,
};
