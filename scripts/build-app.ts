/**
 * Builds the desktop app into dist/: electron/main.js (ESM, node_modules left to the package),
 * electron/preload.cjs (sandboxed preloads are CommonJS, bundled whole), renderer/ (index.html,
 * app.js, app.css: the web mode's bundle) and runtime/ (the model server, bundled once here so the
 * packaged app needs no esbuild sources). Usage: npm run build:app [-- <outDir>]
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { bundleRuntime } from '../main/build/bundle-runtime.ts';
import { rendererPage } from '../main/electron/app-protocol.ts';
import { bundleRenderer } from '../main/web/bundle-renderer.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** main/version.ts reads ../package.json beside its source; the bundle carries the version instead. */
async function versionPlugin(): Promise<Plugin> {
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    name: 'craneml-version',
    setup(b) {
      b.onLoad({ filter: /[\\/]main[\\/]version\.ts$/ }, () => ({
        contents: `export const CRANEML_VERSION = ${JSON.stringify(version)};`,
        loader: 'ts',
      }));
    },
  };
}

/** @example await buildApp('/tmp/dist'); */
export async function buildApp(outDir = path.join(ROOT, 'dist')): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', target: 'node22', logLevel: 'warning', legalComments: 'none' } as const;
  await build({
    ...common,
    entryPoints: [path.join(ROOT, 'main/electron/main.ts')],
    outfile: path.join(outDir, 'electron/main.js'),
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    plugins: [await versionPlugin()],
  });
  await build({
    ...common,
    entryPoints: [path.join(ROOT, 'main/electron/preload.ts')],
    outfile: path.join(outDir, 'electron/preload.cjs'),
    format: 'cjs',
    external: ['electron'],
    minify: true,
  });
  const renderer = await bundleRenderer();
  await mkdir(path.join(outDir, 'renderer'), { recursive: true });
  await writeFile(path.join(outDir, 'renderer/app.js'), renderer.js);
  await writeFile(path.join(outDir, 'renderer/app.css'), renderer.css);
  await writeFile(path.join(outDir, 'renderer/index.html'), rendererPage());
  await bundleRuntime(path.join(outDir, 'runtime'));
  await writeFile(
    path.join(outDir, 'runtime/package.json'),
    JSON.stringify({ name: 'craneml-runtime', private: true, type: 'module' }) + '\n',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  await buildApp(out);
  console.log(`built the desktop app into ${out} in ${Math.round(performance.now() - started)} ms`);
}
