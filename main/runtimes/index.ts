/** The one place that decides which runtime serves a project: the manifest's `runtime`, else its format's. */
import { CraneError } from '../errors.ts';
import type { Manifest } from '../shared/manifest-schema.ts';
import type { RuntimeId } from '../shared/python-runtime-schema.ts';
import { nodeRuntime } from './node/index.ts';
import { pythonRuntime } from './python/index.ts';
import type { Runtime } from './types.ts';

export type { BuildBaseOptions, HealthCheck, PreparedRuntime, PrepareOptions, Runtime, RuntimeBase } from './types.ts';

export const RUNTIME_IMPLEMENTATIONS: Record<RuntimeId, Runtime> = { node: nodeRuntime, python: pythonRuntime };

/** @example runtimeById('node').label // "Node.js (ONNX Runtime, TF.js)" */
export function runtimeById(id: RuntimeId): Runtime {
  return RUNTIME_IMPLEMENTATIONS[id];
}

/**
 * The runtime that serves `manifest`: the one it names, else the one serving its format
 * (main/manifest.ts has already refused a runtime that does not serve the format).
 * @example runtimeFor(manifest).id // "node" for an ONNX model, "python" for a predict.py project
 */
export function runtimeFor(manifest: Pick<Manifest, 'format' | 'runtime'>): Runtime {
  if (manifest.runtime) return runtimeById(manifest.runtime);
  const runtime = Object.values(RUNTIME_IMPLEMENTATIONS).find((r) => r.formats.includes(manifest.format));
  if (!runtime) throw new CraneError('MANIFEST_INVALID', `no runtime serves format "${manifest.format}"`);
  return runtime;
}
