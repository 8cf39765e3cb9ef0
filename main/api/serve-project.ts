/** `craneml serve`'s one call: a project's model server in this process, run by the runtime its manifest picks. */
import { loadManifest } from '../manifest.ts';
import { runtimeFor } from '../runtimes/index.ts';
import type { EmbeddedServeOptions, EmbeddedServer } from '../shared/runtime-embed.ts';

/**
 * Serves `options.project` as its image would, until SIGTERM or SIGINT drains it; a CraneError when
 * its runtime cannot serve in process, saying what to do instead.
 * @example const server = await serveProject({ project: 'digits', host: '127.0.0.1', corsOrigins: [], log: true }); // server.url
 */
export async function serveProject(options: EmbeddedServeOptions): Promise<EmbeddedServer> {
  const runtime = runtimeFor(await loadManifest(options.project));
  return runtime.serve(options);
}
