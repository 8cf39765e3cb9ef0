/**
 * What a Keras file says about itself when TF.js cannot build it (a custom or unsupported layer):
 * inputs from its config, output names, and the layer list, so `inspect` shows what it can.
 */
import { ModelFormatError } from '../../errors.ts';
import type { TensorSpec } from '../../manifest.ts';
import { specOf } from '../tfjs.ts';
import type { ModelFileInfo } from '../types.ts';
import type { Json, JsonObject } from './normalise.ts';

export interface KerasLayerEntry {
  name: string;
  /** The class name as saved, without a registered package prefix ("fixtures>Scale" is "Scale"). */
  class_name: string;
  supported: boolean;
}

/** A Keras model that cannot be built: what its file says, with no output shapes (they need the model built). */
export interface PartialKerasInfo {
  format: 'keras';
  entry: string;
  files: ModelFileInfo[];
  sizeBytes: number;
  inputs: TensorSpec[];
  /** Output layer names; their shapes are not known without building the model. */
  outputs: { name: string }[];
  metadata: Record<string, string | number>;
  layers: KerasLayerEntry[];
}

/** An unsupported layer, with what `inspect` can still show about the model. */
export class UnsupportedKerasLayerError extends ModelFormatError {
  readonly partial: PartialKerasInfo;

  constructor(message: string, partial: PartialKerasInfo) {
    super(message);
    this.name = 'UnsupportedKerasLayerError';
    this.partial = partial;
  }
}

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function layersOf(topology: JsonObject): JsonObject[] {
  const config = topology.config;
  return isObject(config) && Array.isArray(config.layers) ? config.layers.filter(isObject) : [];
}

function layerName(layer: JsonObject): string {
  return String(isObject(layer.config) && typeof layer.config.name === 'string' ? layer.config.name : (layer.name ?? layer.class_name));
}

/** `[["a", 0, 0], ["b", 0, 0]]` or a single `["a", 0, 0]` (Keras 3 with one input or output) -> names. */
function endpointNames(value: Json | undefined): string[] {
  if (!Array.isArray(value)) return [];
  if (typeof value[0] === 'string') return [value[0]];
  return value.flatMap((entry) => (Array.isArray(entry) && typeof entry[0] === 'string' ? [entry[0]] : []));
}

function shapeOf(config: JsonObject): (number | null)[] | undefined {
  const shape = config.batch_input_shape ?? config.batch_shape;
  return Array.isArray(shape) ? shape.map((d) => (typeof d === 'number' ? d : null)) : undefined;
}

function inputSpec(name: string, layer: JsonObject | undefined): TensorSpec[] {
  const config = layer && isObject(layer.config) ? layer.config : undefined;
  const shape = config ? shapeOf(config) : undefined;
  if (!shape) return [];
  return [specOf(name, shape, typeof config?.dtype === 'string' ? config.dtype : undefined)];
}

/**
 * Inputs (name, dtype, shape from `batch_input_shape`), output layer names and the layer list of a
 * normalised (TF.js-shaped) Keras topology.
 */
export function describeTopology(
  topology: JsonObject,
  savedInputs: string[] | undefined,
  isSupported: (className: string) => boolean,
): Pick<PartialKerasInfo, 'inputs' | 'outputs' | 'layers'> {
  const layers = layersOf(topology);
  const config = isObject(topology.config) ? topology.config : {};
  const byName = new Map(layers.map((l) => [layerName(l), l]));
  let inputs: TensorSpec[];
  let outputs: string[];
  if (topology.class_name === 'Sequential') {
    const first = layers[0];
    const name = savedInputs?.[0] ?? (first ? `${layerName(first)}_input` : 'input');
    inputs = inputSpec(name, first);
    const last = layers.filter((l) => l.class_name !== 'InputLayer').at(-1);
    outputs = last ? [layerName(last)] : [];
  } else {
    inputs = endpointNames(config.input_layers).flatMap((name) => inputSpec(name, byName.get(name)));
    outputs = endpointNames(config.output_layers);
  }
  return {
    inputs,
    outputs: outputs.map((name) => ({ name })),
    layers: layers.map((l) => {
      const className = String(l.class_name);
      return { name: layerName(l), class_name: className.split('>').pop()!, supported: isSupported(className) };
    }),
  };
}
