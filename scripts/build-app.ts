/**
 * `npm run build`: compiles the CLI and the desktop app into dist/, so neither compiles TypeScript
 * at start: cli/craneml.mjs (the `craneml` command, which bin/craneml.js runs; commands load their
 * modules lazily from chunks beside it), electron/main.js (ESM, node_modules left to the package),
 * electron/preload.cjs (sandboxed preloads are CommonJS, bundled whole), renderer/ (index.html,
 * app.js, app.css: the web mode's bundle), page/ (the try-it page every image serves, for the packaged
 * app, which has no sources to bundle it from), runtime/ (the model server, bundled once here so the
 * packaged app needs no esbuild sources, with embed.mjs for the compiled CLI's `craneml serve`) and
 * build-state.json (every source that went in, hashed: bin/build-state.js). The build is made
 * beside dist/ and then swapped in, so a CLI starting meanwhile finds the old build or none, never
 * half of one. Usage: npm run build [-- <outDir>]
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { describeSources, STATE_FILE } from '../bin/build-state.js';
import { bundleRuntime } from '../main/runtimes/node/bundle-runtime.ts';
import { bundleImageCodec, CODEC_DIR, CODEC_ENTRY } from '../main/runtimes/python/image-codec-bundle.ts';
import { bundleTryPage, PAGE_DIR } from '../main/runtimes/try-page.ts';
import { rendererPage } from '../main/electron/app-protocol.ts';
import { bundleRenderer } from '../main/bundling/bundle-renderer.ts';
import { checkInlinedPackages, cliDependencies } from '../main/bundling/cli-dependencies.ts';
import { REQUIRE_BANNER } from '../main/bundling/esm-banner.ts';

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

/** The build's own files: a change to any of them may change every bundle. */
const CONFIG_FILES = [
  'package.json',
  // The CLI carries its pure-JavaScript dependencies: a dependency installed anew makes the build stale.
  'package-lock.json',
  'scripts/build-app.ts',
  'main/bundling/cli-dependencies.ts',
  'main/bundling/esm-banner.ts',
  'main/runtimes/node/bundle-runtime.ts',
  'main/runtimes/python/image-codec-bundle.ts',
  'main/bundling/bundle-renderer.ts',
];

/** esbuild's input names (relative to its working folder `base`) → repository-relative sources, node_modules and plugins' made-up modules ("namespace:…") left out. */
function sources(inputs: Iterable<string>, base = ROOT): string[] {
  return [...inputs]
    .filter((input) => !/^[\w-]+:/.test(input))
    .map((input) => path.relative(ROOT, path.resolve(base, input)))
    .filter((name) => !name.startsWith('..') && !path.isAbsolute(name) && !name.split(/[\\/]/).includes('node_modules'))
    .map((name) => name.split(path.sep).join('/'));
}

const inputsOf = (metafile: Metafile | undefined, base = ROOT): string[] => sources(Object.keys(metafile?.inputs ?? {}), base);

/** Replaces `outDir` with `built` (two renames), retrying when another build swapped its own in meanwhile. */
async function swapIn(built: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${process.pid}`;
  for (let attempt = 0; ; attempt++) {
    await rename(outDir, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    try {
      await rename(built, outDir);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw error;
      await rm(old, { recursive: true, force: true });
    }
  }
  await rm(old, { recursive: true, force: true });
}

/** @example await buildApp('/tmp/dist'); */
export async function buildApp(outDir = path.join(ROOT, 'dist')): Promise<void> {
  const started = Date.now();
  const work = `${outDir}.building-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  try {
    await buildInto(work, started);
    await swapIn(work, outDir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function buildInto(outDir: string, started: number): Promise<void> {
  // absWorkingDir: esbuild names its inputs relative to the repository, wherever the build was started.
  const common = {
    bundle: true,
    platform: 'node',
    absWorkingDir: ROOT,
    logLevel: 'warning',
    legalComments: 'none',
    metafile: true,
  } as const;
  const version = await versionPlugin();
  const electron = await build({
    ...common,
    target: 'node22',
    entryPoints: [path.join(ROOT, 'main/electron/main.ts')],
    outfile: path.join(outDir, 'electron/main.js'),
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    plugins: [version],
  });
  const preload = await build({
    ...common,
    target: 'node22',
    entryPoints: [path.join(ROOT, 'main/electron/preload.ts')],
    outfile: path.join(outDir, 'electron/preload.cjs'),
    format: 'cjs',
    external: ['electron'],
    minify: true,
  });
  // The CLI: its pure-JavaScript dependencies inside (main/bundling/cli-dependencies.ts), and each
  // command's `await import()` a chunk of its own, so `craneml --version` loads commander and the
  // command declarations only.
  const cli = await build({
    ...common,
    target: 'node20',
    entryPoints: { craneml: path.join(ROOT, 'main/cli/index.ts') },
    outdir: path.join(outDir, 'cli'),
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    splitting: true,
    banner: { js: REQUIRE_BANNER },
    plugins: [version, cliDependencies()],
  });
  await checkInlinedPackages(cli.metafile, ROOT);
  const renderer = await bundleRenderer();
  await mkdir(path.join(outDir, 'renderer'), { recursive: true });
  await writeFile(path.join(outDir, 'renderer/app.js'), renderer.js);
  await writeFile(path.join(outDir, 'renderer/app.css'), renderer.css);
  await writeFile(path.join(outDir, 'renderer/index.html'), rendererPage());
  const page = await bundleTryPage(path.join(outDir, PAGE_DIR));
  const runtime = await bundleRuntime(path.join(outDir, 'runtime'), { embed: true });
  await writeFile(
    path.join(outDir, 'runtime/package.json'),
    JSON.stringify({ name: 'craneml-runtime', private: true, type: 'module' }) + '\n',
  );
  // The Python runtime's image codec, for the same reason: a packaged app has no sources to bundle.
  const codec = await bundleImageCodec(path.join(outDir, CODEC_DIR, CODEC_ENTRY));
  const state = describeSources(
    ROOT,
    {
      cli: inputsOf(cli.metafile),
      // bundleRuntime and bundleRenderer leave esbuild in this process's working folder.
      runtime: [...inputsOf(runtime, process.cwd()), ...inputsOf(codec, process.cwd())],
      electron: [...inputsOf(electron.metafile), ...inputsOf(preload.metafile)],
      renderer: [...new Set([...sources(renderer.inputs, process.cwd()), ...sources(page)])],
      config: CONFIG_FILES,
    },
    started,
  );
  // Written last: a build without it is no build to bin/craneml.js.
  await writeFile(path.join(outDir, STATE_FILE), JSON.stringify({ built: new Date().toISOString(), ...state }, null, 1) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  await buildApp(out);
  console.log(`built the CLI and the desktop app into ${out} in ${Math.round(performance.now() - started)} ms`);
}
