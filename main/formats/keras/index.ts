/** Keras `.h5` and `.keras` models: read with h5wasm, built as a TF.js layers model, served like TF.js. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelCorruptError, ModelFormatError } from '../../errors.ts';
import { tf, tfjsReady } from '../tfjs-backend.ts';
import { runnable, specOf } from '../tfjs.ts';
import type { LoadedModel, ModelInfo } from '../types.ts';
import { layerClasses, normaliseKerasConfig, savedInputNames, type JsonObject } from './normalise.ts';
import { describeTopology, UnsupportedKerasLayerError } from './partial.ts';
import { readKerasH5, readKerasZip, type KerasFile } from './read-file.ts';

function isSupported(className: string): boolean {
  return className in tf.serialization.SerializationMap.getMap().classNameMap;
}

function unsupportedLayers(topology: JsonObject): { name: string; className: string }[] {
  return layerClasses(topology).filter((l) => !isSupported(l.className));
}

function setWeights(file: string, model: tf.LayersModel, read: KerasFile): void {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const saved = read.weights.get(layer.name);
    if (!saved || saved.length !== layer.weights.length) {
      throw new ModelCorruptError(
        `${file}: layer "${layer.name}" has ${layer.weights.length} weights but the file holds ${saved?.length ?? 0} for it`,
      );
    }
    const tensors = saved.map((w, i) => {
      const expected = layer.weights[i]!.shape;
      if (w.shape.length !== expected.length || w.shape.some((d, j) => d !== expected[j])) {
        throw new ModelCorruptError(
          `${file}: weight ${layer.weights[i]!.originalName} has shape [${w.shape.join(', ')}], the layer wants [${expected.join(', ')}]`,
        );
      }
      return tf.tensor(w.data, w.shape, 'float32');
    });
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}

async function openKeras(file: string): Promise<{ model: tf.LayersModel; info: ModelInfo }> {
  const read = file.endsWith('.keras') ? await readKerasZip(file) : await readKerasH5(file);
  const topology = normaliseKerasConfig(read.modelConfig, read.kerasVersion);
  const unsupported = unsupportedLayers(topology);
  if (unsupported.length > 0) {
    const names = unsupported.map((l) => `"${l.name}" (${l.className.split('>').pop()})`).join(', ');
    const bytes = (await stat(file)).size;
    throw new UnsupportedKerasLayerError(
      `${file}: layer ${names} is a custom layer or one TF.js does not support; export the model to ONNX (tf2onnx) or rebuild it from built-in layers`,
      {
        format: 'keras',
        entry: path.resolve(file),
        files: [{ path: path.basename(file), bytes }],
        sizeBytes: bytes,
        ...describeTopology(topology, savedInputNames(read.modelConfig), isSupported),
        metadata: { keras_version: read.kerasVersion, model_kind: String(topology.class_name), layers: layerClasses(topology).length },
      },
    );
  }
  const backend = await tfjsReady();
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: topology });
  } catch (error) {
    throw new ModelFormatError(`${file}: TF.js could not build the Keras model (${(error as Error).message.split('\n')[0]})`, {
      cause: error,
    });
  }
  try {
    setWeights(file, model, read);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const bytes = (await stat(file)).size;
  const names = savedInputNames(read.modelConfig);
  const saved = names?.length === model.inputs.length ? names : undefined;
  const info: ModelInfo = {
    format: 'keras',
    entry: path.resolve(file),
    files: [{ path: path.basename(file), bytes }],
    sizeBytes: bytes,
    inputs: model.inputs.map((t, i) => specOf(saved?.[i] ?? model.inputNames[i] ?? t.name, t.shape, t.dtype)),
    outputs: model.outputs.map((t, i) => specOf(t.sourceLayer?.name ?? model.outputNames[i] ?? t.name, t.shape, t.dtype)),
    metadata: { keras_version: read.kerasVersion, model_kind: String(topology.class_name), layers: model.layers.length, backend },
  };
  return { model, info };
}

/** Inspects a Keras .h5 or .keras file. */
export async function inspectKeras(file: string): Promise<ModelInfo> {
  const { model, info } = await openKeras(file);
  model.dispose();
  return info;
}

/** Loads a Keras .h5 or .keras file for in-process inference (as a TF.js layers model). */
export async function loadKeras(file: string): Promise<LoadedModel> {
  const { model, info } = await openKeras(file);
  return runnable(model, info);
}
