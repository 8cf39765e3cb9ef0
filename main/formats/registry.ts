/**
 * One handler per format CraneML serves: how it is inspected and loaded, and what its files look
 * like (which packages its image needs is its runtime's: main/runtimes/). formats/index.ts, the manifest's format enum
 * (MODEL_FORMATS), the build context and the docs all follow this table, so a new format is one
 * folder plus one entry here.
 */
import type { ModelFormat } from '../shared/manifest-schema.ts';
import type { LoadedModel, ModelInfo } from './types.ts';

export interface FormatHandler {
  id: ModelFormat;
  /** How people call it, for messages and docs. */
  label: string;
  /** The files it reads, for --help and docs. */
  files: string;
  inspect(file: string): Promise<ModelInfo>;
  load(file: string): Promise<LoadedModel>;
}

// Each runtime is imported only when needed: an image carries only its own format's native
// packages, and TF.js is large enough to slow every ONNX start.
export const FORMATS: Record<ModelFormat, FormatHandler> = {
  onnx: {
    id: 'onnx',
    label: 'ONNX',
    files: '*.onnx (with its external data files)',
    inspect: async (file) => (await import('./onnx.ts')).inspectOnnx(file),
    load: async (file) => (await import('./onnx.ts')).loadOnnx(file),
  },
  tfjs: {
    id: 'tfjs',
    label: 'TF.js (layers or graph model)',
    files: 'model.json with its weight shards',
    inspect: async (file) => (await import('./tfjs.ts')).inspectTfjs(file),
    load: async (file) => (await import('./tfjs.ts')).loadTfjs(file),
  },
  keras: {
    id: 'keras',
    label: 'Keras (.h5 or .keras)',
    files: 'model.h5 (Keras 2 or 3) or model.keras (Keras 3)',
    inspect: async (file) => (await import('./keras/index.ts')).inspectKeras(file),
    load: async (file) => (await import('./keras/index.ts')).loadKeras(file),
  },
};

/** @example formatHandler('keras').label // "Keras (.h5 or .keras)" */
export function formatHandler(id: ModelFormat): FormatHandler {
  return FORMATS[id];
}
