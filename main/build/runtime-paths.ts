/** Where the model server's sources are: bundled into images, loaded by path by `craneml serve`. */
import { fileURLToPath } from 'node:url';

export const RUNTIME_ENTRY = fileURLToPath(new URL('../../templates/runtime-node/src/main.ts', import.meta.url));

/** The runtime's in-process entry (`craneml serve`), loaded by path: main/ does not import the runtime. */
export const RUNTIME_EMBED_URL = new URL('../../templates/runtime-node/src/embed.ts', import.meta.url).href;
