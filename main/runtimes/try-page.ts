/**
 * The try-it page every image serves at / (renderer/src/try-page): bundled by esbuild from the
 * renderer's own components into `page.js` + `page.css`, with a static `index.html` (no inline script
 * or style, so the runtimes' strict CSP holds) and pre-gzipped copies. Both runtimes' prepared
 * folders hold it under `page/` (/app/page in the image). Kept in the user cache by its sources, so a
 * build bundles it only when they changed; a packaged app copies the one scripts/build-app.ts made.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback, constants as zlib } from 'node:zlib';
import { esbuildVersion } from '../packaging/esbuild-version.ts';
import { appFile, prebuiltTryPage } from '../packaging/app-resources.ts';
import { filesUnder, prepareCachedFolder } from '../packaging/runtime-cache.ts';
import type { PreparedRuntime } from './types.ts';
import { CRANEML_VERSION } from '../version.ts';

const gzip = promisify(gzipCallback);

/** The folder the page is served from, in each runtime's prepared folder (so /app/page in both images). */
export const PAGE_DIR = 'page';
/** The page's files; each also as `<name>.gz`. */
export const PAGE_FILES = ['index.html', 'page.js', 'page.css'] as const;
const ENTRY = appFile('renderer/src/try-page/main.tsx');
/** Bumped when the page's recipe changes in a way its inputs do not show. */
const RECIPE_VERSION = 1;

/**
 * The HTML shell: the bundle's script and style by path, nothing inline. Its words paint as soon as
 * the style arrives, before the script (a deferred module) has run: React replaces them.
 */
export const TRY_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Try this model</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/page/page.css"></head>
<body><div id="root"><main class="try-page"><h1>Try this model</h1><p>Loading the model…</p></main></div>
<script type="module" src="/page/page.js"></script></body></html>
`;

/**
 * Writes the page's files and their gzip copies into `dir` (made if missing): bundled from the
 * sources, or copied from the packaged app's pre-built page (scripts/build-app.ts makes it here too).
 * @returns the files it was made from (esbuild's inputs and the recipe's own files), for a cache record.
 */
export async function bundleTryPage(dir: string): Promise<string[]> {
  const prebuilt = prebuiltTryPage();
  if (prebuilt) {
    await cp(prebuilt, dir, { recursive: true });
    return filesUnder(prebuilt);
  }
  // Loaded when used: the renderer bundler brings esbuild, which only a build from the sources needs.
  const { bundleRenderer } = await import('../bundling/bundle-renderer.ts');
  const bundle = await bundleRenderer(ENTRY);
  await mkdir(dir, { recursive: true });
  const contents: Record<(typeof PAGE_FILES)[number], string> = {
    'index.html': TRY_PAGE_HTML,
    'page.js': bundle.js,
    'page.css': bundle.css,
  };
  for (const [name, text] of Object.entries(contents)) {
    await writeFile(path.join(dir, name), text);
    await writeFile(path.join(dir, `${name}.gz`), await gzip(text, { level: zlib.Z_BEST_COMPRESSION }));
  }
  const own = ['main/runtimes/try-page.ts', 'main/bundling/bundle-renderer.ts'].map((f) => appFile(f));
  return [...bundle.inputs.map((f) => path.resolve(f)), ...own];
}

/**
 * The page's folder in the cache, bundled again only when one of its sources changed.
 * @example const page = await prepareTryPage(); // { dir: '~/.cache/craneml/runtime/7b1e…', digest: '7b1e…', reused: true }
 */
export function prepareTryPage(options: { cacheDir?: string } = {}): Promise<PreparedRuntime> {
  return prepareCachedFolder('try-page', {
    cacheDir: options.cacheDir,
    recipe: `craneml ${CRANEML_VERSION}, esbuild ${esbuildVersion()}, page recipe ${RECIPE_VERSION}`,
    produce: (dir) => bundleTryPage(dir),
  });
}

/**
 * Writes the try-it page (`index.html`, `page.js`, `page.css` and their `.gz`) into `dir`, from the cache.
 * @example await writeTryPage(path.join(runtimeFolder, PAGE_DIR));
 */
export async function writeTryPage(dir: string, options: { cacheDir?: string } = {}): Promise<void> {
  const page = await prepareTryPage(options);
  await mkdir(dir, { recursive: true });
  await cp(page.dir, dir, { recursive: true });
}
