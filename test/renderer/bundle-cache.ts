/** Renderer bundles kept between test files and runs, keyed by the content of every file that went in: esbuild runs once per change, not once per test file. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleRenderer, type RendererBundle } from '../../main/bundling/bundle-renderer.ts';

// Outside the temp directory (each test file's is checked for leftovers), where build tools keep their caches.
const CACHE = path.resolve('node_modules/.cache/craneml-test-bundles');

// The bundler's options and esbuild's version shape the output as much as the sources do.
const BUNDLER = [
  fileURLToPath(new URL('../../main/bundling/bundle-renderer.ts', import.meta.url)),
  path.resolve('node_modules/esbuild/package.json'),
];

interface Cached extends RendererBundle {
  digest: string;
}

/** The digest of the bundler and `inputs` (as esbuild names them, relative to the working folder); undefined when one is gone. */
async function digestOf(inputs: string[]): Promise<string | undefined> {
  const hash = createHash('sha256');
  for (const file of [...BUNDLER, ...inputs]) {
    const content = await readFile(file).catch(() => undefined);
    if (!content) return undefined;
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/**
 * bundleRenderer(entry), from the cache while no file that went in has changed; written there atomically,
 * so test files bundling the same entry at once each get a whole bundle. Hashing its ~50 to 300 inputs
 * takes ~10 ms; esbuild took 0.3 s (a harness) to 1.5 s (the app) a time on the shared machine.
 * @example const bundle = await cachedBundle(); // the app, as the web mode serves it
 */
export async function cachedBundle(entry?: string): Promise<RendererBundle> {
  const file = path.join(
    CACHE,
    `${createHash('sha256')
      .update(entry ?? 'app')
      .digest('hex')
      .slice(0, 16)}.json`,
  );
  const cached = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as Cached,
    () => undefined,
  );
  if (cached && cached.digest === (await digestOf(cached.inputs))) return { js: cached.js, css: cached.css, inputs: cached.inputs };
  const fresh = await bundleRenderer(entry);
  const digest = await digestOf(fresh.inputs);
  if (digest) {
    await mkdir(CACHE, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, JSON.stringify({ ...fresh, digest } satisfies Cached));
    await rename(partial, file);
  }
  return fresh;
}
