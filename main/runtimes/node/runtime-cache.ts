/**
 * The Node runtime's folder for the image: the server bundled by esbuild, its package.json, the
 * try-it page (`page/`, main/runtimes/try-page.ts) and the native packages of the format, per format
 * and architecture, kept in the cache by its inputs (esbuild's inputs, the page's, the packages'
 * package.json, the code that makes it) by main/packaging/runtime-cache.ts.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { esbuildVersion } from '../../packaging/esbuild-version.ts';
import { appFile, prebuiltRuntime } from '../../packaging/app-resources.ts';
import type { Arch } from '../../shared/platform.ts';
import { filesUnder, prepareCachedFolder } from '../../packaging/runtime-cache.ts';
import type { ModelFormat } from '../../formats/types.ts';
import { CRANEML_VERSION } from '../../version.ts';
import { bundleTryPage, PAGE_DIR } from '../try-page.ts';
import type { PreparedRuntime } from '../types.ts';
import { bundleRuntime } from './bundle-runtime.ts';
import { nodeCacheKey } from './facts.ts';
import { copyRuntimePackages } from './runtime-packages.ts';

/** Bumped when the folder's recipe changes in a way its inputs do not show. */
const RECIPE_VERSION = 2;

export type { PreparedRuntime };

export interface RuntimeCacheOptions {
  /** The cache folder (default: $CRANEML_CACHE_DIR, else $XDG_CACHE_HOME/craneml, else ~/.cache/craneml). */
  cacheDir?: string;
  notify?: (message: string) => void;
  /** Writes the runtime into `dir`, returns the files it was made from (tests replace it). */
  produce?: (dir: string, format: ModelFormat, arch: Arch, notify: (message: string) => void) => Promise<string[]>;
  /** Stands for the recipe of `produce`; a different one never reuses a folder. */
  recipe?: string;
  /** The CraneML install the runtime is made from (default: this one); each keeps its own record. */
  installRoot?: string;
}

/** The code that makes the folder; a packaged app has no such files, and inputs that do not exist are left out. */
function ownSources(): string[] {
  return [
    'main/packaging/runtime-cache.ts',
    'main/bundling/esm-banner.ts',
    ...['runtime-cache.ts', 'bundle-runtime.ts', 'runtime-packages.ts'].map((f) => `main/runtimes/node/${f}`),
  ].map((file) => appFile(file));
}

/** The real recipe: bundle the server and the page, write its package.json, copy the packages. */
async function produceRuntime(dir: string, format: ModelFormat, arch: Arch, notify: (message: string) => void): Promise<string[]> {
  const metafile = await bundleRuntime(dir);
  // esbuild's inputs, or the files of the packaged app's pre-bundled copy.
  const bundled = metafile ? Object.keys(metafile.inputs).map((f) => path.resolve(f)) : await filesUnder(prebuiltRuntime() ?? dir);
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'craneml-runtime', private: true, type: 'module' }, null, 2) + '\n',
  );
  const page = await bundleTryPage(path.join(dir, PAGE_DIR));
  const packages = await copyRuntimePackages(dir, format, arch, notify);
  return [...bundled, ...page, ...packages.map((p) => path.join(p, 'package.json')), ...ownSources()];
}

/**
 * The runtime folder for `format` on linux/`arch`: reused from the cache when its inputs did not
 * change, else made (bundled, packages copied), digested and kept.
 * @example
 * const runtime = await prepareRuntime('onnx', 'x64'); // { dir: '~/.cache/craneml/runtime/3f2a…', digest: '3f2a…', reused: true }
 */
export function prepareRuntime(format: ModelFormat, arch: Arch, options: RuntimeCacheOptions = {}): Promise<PreparedRuntime> {
  const produce = options.produce ?? produceRuntime;
  return prepareCachedFolder(nodeCacheKey(format, arch), {
    cacheDir: options.cacheDir,
    notify: options.notify,
    installRoot: options.installRoot,
    recipe: options.recipe ?? `craneml ${CRANEML_VERSION}, esbuild ${esbuildVersion()}, recipe ${RECIPE_VERSION}`,
    produce: (dir, notify) => produce(dir, format, arch, notify),
  });
}
