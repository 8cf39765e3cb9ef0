/** The Node.js runtime (templates/runtime-node): ONNX, TF.js and Keras models, bundled with esbuild. */
import { fileURLToPath } from 'node:url';
import { archOf } from '../../shared/platform.ts';
import { CraneError } from '../../errors.ts';
import { isModelFormat, MODEL_FORMATS, type Manifest, type ModelFormat } from '../../shared/manifest-schema.ts';
import type { RuntimeEmbedModule } from '../../shared/runtime-embed.ts';
import type { Runtime } from '../types.ts';
import { DEFAULT_BASE_IMAGE, LOCAL_BASE_IMAGE, NODE_HEALTH_CHECK, nodeCacheKey } from './facts.ts';
import { RUNTIME_EMBED_URL } from './runtime-paths.ts';

function modelFormatOf(manifest: Manifest): ModelFormat {
  if (!isModelFormat(manifest.format))
    throw new CraneError('MANIFEST_INVALID', `the Node.js runtime does not serve format "${manifest.format}"`);
  return manifest.format;
}

export const nodeRuntime: Runtime = {
  id: 'node',
  label: 'Node.js (ONNX Runtime, TF.js)',
  formats: MODEL_FORMATS,
  base: () => ({
    image: DEFAULT_BASE_IMAGE,
    local: LOCAL_BASE_IMAGE,
    localRecipe: 'bash scripts/make-local-base.sh',
    needs: 'Node.js 20+',
  }),
  // Loaded when used: esbuild and the package copier are not for `craneml serve` or the app's start.
  prepare: async (project, platform, options = {}) =>
    (await import('./runtime-cache.ts')).prepareRuntime(modelFormatOf(project.manifest), archOf(platform), {
      notify: options.notify,
      cacheDir: options.cacheDir,
    }),
  dockerfile: async (_manifest, baseImage, labels) => (await import('./dockerfile.ts')).renderDockerfile(baseImage, labels),
  healthCheck: NODE_HEALTH_CHECK,
  entrypoint: ['node', '/app/server.mjs'],
  async serve(options) {
    // CRANEML_CLI_TRACE=1 (bin/craneml.js) names the runtime loaded: dist/runtime/embed.mjs from the build, else the sources.
    if (process.env.CRANEML_CLI_TRACE) console.error(`craneml: model server ${fileURLToPath(RUNTIME_EMBED_URL)}`);
    const runtime = (await import(RUNTIME_EMBED_URL)) as RuntimeEmbedModule;
    // The page from the cache (bundled once per change of its sources), as the image has it in /app/page.
    const page = await (await import('../try-page.ts')).prepareTryPage();
    return runtime.serveEmbedded({ ...options, pageDir: options.pageDir ?? page.dir });
  },
  cacheKey: (manifest, platform) => nodeCacheKey(modelFormatOf(manifest), archOf(platform)),
};
