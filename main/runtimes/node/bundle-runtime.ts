/** Bundles the model server (templates/runtime-node) into plain JavaScript for the image. */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { prebuiltRuntime } from '../../packaging/app-resources.ts';
import { REQUIRE_AND_DIRNAME_BANNER } from '../../bundling/esm-banner.ts';
import { RUNTIME_ENTRY } from './runtime-paths.ts';

/** Packages with native parts or data files stay outside the bundle and are copied beside it. */
const EXTERNAL = ['onnxruntime-node', 'sharp', '@tensorflow/tfjs-node'];

/** `embed.mjs`, the entry `craneml serve` loads (main/shared/runtime-embed.ts): in dist/runtime, not in images. */
const EMBED = 'embed.mjs';

export interface BundleRuntimeOptions {
  /** Also write `embed.mjs` (scripts/build-app.ts does, for the compiled CLI's `craneml serve`). */
  embed?: boolean;
}

/**
 * Writes `<outDir>/server.mjs` (plus lazily loaded chunks, e.g. TF.js); returns esbuild's metafile
 * (the sources that went in), or undefined when the packaged app's pre-bundled copy was used.
 */
export async function bundleRuntime(outDir: string, options: BundleRuntimeOptions = {}): Promise<Metafile | undefined> {
  const prebuilt = prebuiltRuntime();
  if (prebuilt) {
    // the desktop app ships it bundled
    await cp(prebuilt, outDir, { recursive: true, filter: (source) => path.basename(source) !== EMBED });
    return undefined;
  }
  const result = await build({
    // The codec's worker threads load codec-worker.mjs, the inference thread inference-worker.mjs, from beside server.mjs.
    entryPoints: {
      server: RUNTIME_ENTRY,
      'codec-worker': path.join(path.dirname(RUNTIME_ENTRY), 'codec', 'worker.ts'),
      'inference-worker': path.join(path.dirname(RUNTIME_ENTRY), 'inference', 'worker.ts'),
      ...(options.embed ? { [path.basename(EMBED, '.mjs')]: path.join(path.dirname(RUNTIME_ENTRY), 'embed.ts') } : {}),
    },
    metafile: true,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Bundled CommonJS dependencies call require() and read __dirname (TF.js's wasm loader); give ESM output both.
    banner: { js: REQUIRE_AND_DIRNAME_BANNER },
  });
  return result.metafile;
}
