/**
 * The image codec a Python-runtime image runs as a Node child process (images.py): the Node runtime's
 * codec (templates/runtime-node/src/codec/stdio-main.ts → main/codec/image-codec.ts) bundled by esbuild
 * into one `codec.mjs`, with sharp and its Linux build for the target copied beside it, exactly as the
 * Node runtime's image gets them. Kept in the cache like the Node runtime's folder.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { build, version as esbuildVersion, type Metafile } from 'esbuild';
import { appFile, prebuiltImageCodec } from '../../packaging/app-resources.ts';
import type { Arch } from '../../shared/platform.ts';
import { prepareCachedFolder } from '../../packaging/runtime-cache.ts';
import { CRANEML_VERSION } from '../../version.ts';
import { codecPackages, copyPackages } from '../node/runtime-packages.ts';
import type { PreparedRuntime } from '../types.ts';

/** Where the codec goes in the Python runtime's folder (/app/codec in the image). */
export const CODEC_DIR = 'codec';
/** The bundle's file in that folder; the image runs `node /app/codec/codec.mjs <project>`. */
export const CODEC_ENTRY = 'codec.mjs';
const STDIO_ENTRY = appFile('templates/runtime-node/src/codec/stdio-main.ts');
/** Bumped when the folder's recipe changes in a way its inputs do not show. */
const RECIPE_VERSION = 1;

/**
 * Bundles the codec's child-process entry into the one file `outfile` (sharp stays outside: it is copied
 * with its build for the target). scripts/build-app.ts calls it too, for the packaged app, which has no
 * sources to bundle.
 */
export async function bundleImageCodec(outfile: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [STDIO_ENTRY],
    outfile,
    metafile: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['sharp'],
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.metafile;
}

async function produceCodec(dir: string, arch: Arch, notify: (message: string) => void): Promise<string[]> {
  const outfile = path.join(dir, CODEC_ENTRY);
  const prebuilt = prebuiltImageCodec();
  const inputs = prebuilt
    ? (await copyFile(prebuilt, outfile), [prebuilt])
    : Object.keys((await bundleImageCodec(outfile)).inputs).map((f) => path.resolve(f));
  const packages = await copyPackages(dir, codecPackages(arch), arch, notify);
  const own = ['main/runtimes/python/image-codec-bundle.ts', 'main/runtimes/node/runtime-packages.ts'].map((f) => appFile(f));
  return [...inputs, ...packages.map((p) => path.join(p, 'package.json')), ...own];
}

/**
 * The codec folder for linux/`arch`, from the cache when its inputs did not change.
 * @example const codec = await prepareImageCodec('x64'); // { dir: '~/.cache/craneml/runtime/9c1d…', digest: '9c1d…', reused: true }
 */
export function prepareImageCodec(
  arch: Arch,
  options: { cacheDir?: string; notify?: (message: string) => void } = {},
): Promise<PreparedRuntime> {
  return prepareCachedFolder(`python-image-codec-${arch}`, {
    cacheDir: options.cacheDir,
    notify: options.notify,
    recipe: `craneml ${CRANEML_VERSION}, esbuild ${esbuildVersion}, codec recipe ${RECIPE_VERSION}`,
    produce: (dir, notify) => produceCodec(dir, arch, notify),
  });
}
