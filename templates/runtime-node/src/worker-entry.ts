/** Starts a worker thread on one of the server's entry files, bundled or from the sources. */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The bundled `<bundled>.mjs` beside server.mjs in the image and dist/runtime; from the sources
 * (`craneml serve` through tsx), `source` relative to this folder, loaded through tsx's ESM hooks.
 * @example spawnEntry('inference-worker', 'inference/worker.ts', { workerData })
 */
export function spawnEntry(bundled: string, source: string, options: WorkerOptions = {}): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${bundled}.mjs`, here), options);
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
