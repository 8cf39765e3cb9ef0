/** The Node.js runtime (templates/runtime-node): ONNX, TF.js and Keras models, bundled with esbuild. */
import { fileURLToPath } from 'node:url';
import { archOf } from '../../build/context.ts';
import { renderDockerfile } from '../../build/dockerfile.ts';
import { prepareRuntime } from '../../build/runtime-cache.ts';
import { RUNTIME_EMBED_URL } from '../../build/runtime-paths.ts';
import { LOCAL_BASE_IMAGE } from '../../docker/base-image.ts';
import { CraneError } from '../../errors.ts';
import { isModelFormat, MODEL_FORMATS, type Manifest, type ModelFormat } from '../../shared/manifest-schema.ts';
import type { RuntimeEmbedModule } from '../../shared/runtime-embed.ts';
import type { Runtime } from '../types.ts';

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
    image: 'node:20-bookworm-slim',
    local: LOCAL_BASE_IMAGE,
    localRecipe: 'bash scripts/make-local-base.sh',
    needs: 'Node.js 20+',
  }),
  prepare: (project, platform, options = {}) =>
    prepareRuntime(modelFormatOf(project.manifest), archOf(platform), { notify: options.notify, cacheDir: options.cacheDir }),
  dockerfile: (_manifest, baseImage, labels) => renderDockerfile(baseImage, labels),
  healthCheck: {
    command: [
      'node',
      '-e',
      "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
    ],
    intervalS: 10,
    timeoutS: 3,
    startPeriodS: 20,
    retries: 3,
  },
  entrypoint: ['node', '/app/server.mjs'],
  async serve(options) {
    // CRANEML_CLI_TRACE=1 (bin/craneml.js) names the runtime loaded: dist/runtime/embed.mjs from the build, else the sources.
    if (process.env.CRANEML_CLI_TRACE) console.error(`craneml: model server ${fileURLToPath(RUNTIME_EMBED_URL)}`);
    const runtime = (await import(RUNTIME_EMBED_URL)) as RuntimeEmbedModule;
    return runtime.serveEmbedded(options);
  },
  cacheKey: (manifest, platform) => `${modelFormatOf(manifest)}-${archOf(platform)}`,
};
