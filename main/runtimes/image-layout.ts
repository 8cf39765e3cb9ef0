/** What every runtime's image has in the same place, so code that handles images needs no runtime. */
import type { RuntimeId } from '../shared/python-runtime-schema.ts';
import { RUNTIMES } from '../shared/python-runtime-schema.ts';

/** The folder holding the model files and craneml.json (every Dockerfile: `COPY model/ /model/`). */
export const MODEL_DIR_IN_IMAGE = '/model';
/** The port the server listens on inside the image ($PORT, EXPOSE 8080). */
export const CONTAINER_PORT = 8080;
/** The image label naming the runtime that serves it (main/packaging/labels.ts). */
export const RUNTIME_LABEL = 'io.craneml.runtime';

/**
 * The runtime an image says it runs; images built before the label existed all ran the Node runtime.
 * @example runtimeIdOfImage({ 'io.craneml.runtime': 'python' }) // 'python'
 */
export function runtimeIdOfImage(labels: Record<string, string> | undefined): RuntimeId {
  const named = labels?.[RUNTIME_LABEL];
  return (RUNTIMES as readonly string[]).includes(named ?? '') ? (named as RuntimeId) : 'node';
}
