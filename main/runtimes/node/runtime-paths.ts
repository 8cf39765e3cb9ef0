/** Where the model server's sources are: bundled into images, loaded by path by `craneml serve`. */
import { appFile } from '../../packaging/app-resources.ts';

export const RUNTIME_ENTRY = appFile('templates/runtime-node/src/main.ts');

/**
 * The runtime's in-process entry (`craneml serve`), loaded by path: main/ does not import the runtime.
 * From the sources (through tsx) its TypeScript; from the build (`npm run build`: this code bundled
 * into dist/cli or dist/electron) the runtime pre-bundled beside it, dist/runtime/embed.mjs, so a
 * compiled CLI never compiles TypeScript at start.
 */
export const RUNTIME_EMBED_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../../templates/runtime-node/src/embed.ts', import.meta.url).href
  : new URL('../runtime/embed.mjs', import.meta.url).href;
