/** Starts a worker thread on one of the server's entry files, bundled or from the sources. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Names a folder holding a current build of these entries (dist/runtime) for a server started from
 * the sources: its threads then start from the build, as the image's do, instead of compiling the
 * TypeScript again through tsx in each thread (0.25 against 0.61 CPU-s a codec thread). The test
 * suite sets it while `npm run build` is current (test/global-setup.ts).
 */
export const RUNTIME_BUILD_VARIABLE = 'CRANEML_RUNTIME_BUILD';

/**
 * The bundled `<bundled>.mjs` beside server.mjs in the image and dist/runtime; from the sources
 * (`craneml serve` through tsx), `source` relative to this folder, loaded through tsx's ESM hooks.
 * @example spawnEntry('inference-worker', 'inference/worker.ts', { workerData })
 */
export function spawnEntry(bundled: string, source: string, options: WorkerOptions = {}): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${bundled}.mjs`, here), options);
  const build = process.env[RUNTIME_BUILD_VARIABLE];
  if (build) return new Worker(path.join(build, `${bundled}.mjs`), options);
  const entry = new URL(`./${source}`, here).href;
  // The ESM build of tsx's API (resolved with require's conditions, which name the CommonJS one).
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
