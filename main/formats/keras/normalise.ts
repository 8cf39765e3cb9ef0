/**
 * Keras model configs (2 and 3) turned into the Keras 2 topology TF.js layers reads: Keras 3's
 * `batch_shape`, DTypePolicy objects, `module`/`registered_name` wrappers, call-argument
 * `inbound_nodes` and flattened `input_layers`, and Sequential's explicit InputLayer.
 */
import { ModelFormatError } from '../../errors.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys Keras 3 adds around a serialised object that TF.js does not know. */
const WRAPPER_KEYS = new Set(['module', 'registered_name', 'build_config', 'compile_config', 'shared_object_id']);

/** Strips Keras 3 wrappers everywhere and turns a DTypePolicy object into its dtype name. */
function plain(value: Json): Json {
  if (Array.isArray(value)) return value.map(plain);
  if (!isObject(value)) return value;
  if (value.class_name === 'DTypePolicy' || value.class_name === 'Policy') {
    const name = isObject(value.config) ? value.config.name : undefined;
    return typeof name === 'string' ? name.replace(/^mixed_/, '') : 'float32';
  }
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) if (!WRAPPER_KEYS.has(key)) out[key] = plain(inner);
  return out;
}

/** Keras 3 layer config keys with a TF.js meaning of their own, renamed or checked. */
function layerConfig(className: string, config: JsonObject, name: string): JsonObject {
  const out: JsonObject = { ...config };
  if ('batch_shape' in out) {
    out.batch_input_shape = out.batch_shape;
    delete out.batch_shape;
  }
  if ('groups' in out) {
    if (out.groups !== 1)
      throw new ModelFormatError(`layer "${name}" (${className}) uses groups=${String(out.groups)}, which TF.js does not support`);
    delete out.groups;
  }
  for (const key of ['optional', 'synchronized', 'quantization_config', 'lora_rank', 'lora_alpha']) delete out[key];
  return out;
}

/** Keras 3's `{args, kwargs}` node turned into TF.js's `[[layer, node, tensor, kwargs], ...]`. */
function inboundNode(node: Json): Json {
  if (Array.isArray(node)) return node; // already Keras 2
  if (!isObject(node)) return [];
  const tensors: Json[] = [];
  const visit = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value) && value.class_name === '__keras_tensor__' && isObject(value.config)) {
      const history = value.config.keras_history;
      if (Array.isArray(history)) tensors.push([history[0] ?? null, history[1] ?? 0, history[2] ?? 0, {}]);
    }
  };
  visit(node.args ?? []);
  return tensors;
}

/** `["input", 0, 0]` (one tensor, as Keras 3 writes it) becomes `[["input", 0, 0]]`. */
function tensorList(value: Json | undefined): Json {
  if (Array.isArray(value) && typeof value[0] === 'string') return [value];
  return value ?? [];
}

interface RawLayer extends JsonObject {
  class_name: string;
  config: JsonObject;
}

function layerOf(raw: Json): RawLayer {
  if (!isObject(raw) || typeof raw.class_name !== 'string' || !isObject(raw.config)) {
    throw new ModelFormatError('the model config holds a layer without class_name and config');
  }
  return raw as RawLayer;
}

function normaliseLayer(raw: Json, functional: boolean): JsonObject {
  const layer = layerOf(plain(raw));
  const name = typeof layer.config.name === 'string' ? layer.config.name : layer.class_name;
  const out: JsonObject = { class_name: layer.class_name, config: layerConfig(layer.class_name, layer.config, name) };
  if (functional) {
    out.name = typeof layer.name === 'string' ? layer.name : name;
    out.inbound_nodes = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes.map(inboundNode) : [];
  }
  return out;
}

/** A Sequential's InputLayer folded into its first layer as `batch_input_shape`. */
function sequentialLayers(layers: JsonObject[]): JsonObject[] {
  const [first, ...rest] = layers;
  if (first?.class_name !== 'InputLayer' || !isObject(first.config)) return layers;
  const next = rest[0];
  if (!next || !isObject(next.config)) return layers;
  const config: JsonObject = { ...next.config, batch_input_shape: first.config.batch_input_shape ?? null };
  if (typeof first.config.dtype === 'string') config.dtype = first.config.dtype;
  return [{ ...next, config }, ...rest.slice(1)];
}

/**
 * The TF.js `modelTopology` of a Keras model config (the `model_config` attribute of an .h5, or a
 * .keras file's config.json).
 *
 * @example normaliseKerasConfig(JSON.parse(h5.attrs.model_config)).model_config.class_name // "Sequential"
 */
export function normaliseKerasConfig(modelConfig: Json, kerasVersion: string): JsonObject {
  if (!isObject(modelConfig) || typeof modelConfig.class_name !== 'string' || !isObject(modelConfig.config)) {
    throw new ModelFormatError('the model config is not a Keras model (no class_name and config)');
  }
  const className = modelConfig.class_name === 'Model' ? 'Functional' : modelConfig.class_name;
  const config = modelConfig.config;
  const rawLayers = Array.isArray(config.layers) ? config.layers : [];
  let out: JsonObject;
  if (className === 'Sequential') {
    out = { name: config.name ?? 'sequential', layers: sequentialLayers(rawLayers.map((l) => normaliseLayer(l, false))) };
  } else if (className === 'Functional') {
    out = {
      name: config.name ?? 'model',
      layers: rawLayers.map((l) => normaliseLayer(l, true)),
      input_layers: tensorList(config.input_layers),
      output_layers: tensorList(config.output_layers),
    };
  } else {
    throw new ModelFormatError(
      `the model is a ${className}, a subclassed model whose structure Keras does not save; rebuild it as a Sequential or functional model`,
    );
  }
  return { class_name: className, config: out, keras_version: kerasVersion, backend: 'tensorflow' };
}

/** The class names of a normalised topology's layers, for checking against TF.js's registry. */
export function layerClasses(topology: JsonObject): { name: string; className: string }[] {
  const config = topology.config;
  const layers = isObject(config) && Array.isArray(config.layers) ? config.layers : [];
  return layers.filter(isObject).map((l) => ({
    className: String(l.class_name),
    name: String(isObject(l.config) ? l.config.name : l.class_name),
  }));
}

export type { Json, JsonObject };

/**
 * The model's input names as Keras saved them (TF.js renames a second model's inputs "x_1"):
 * a functional model's input layers, a Sequential's InputLayer, else undefined.
 */
export function savedInputNames(modelConfig: Json): string[] | undefined {
  if (!isObject(modelConfig) || !isObject(modelConfig.config)) return undefined;
  const config = modelConfig.config;
  if (modelConfig.class_name === 'Sequential') {
    const first = Array.isArray(config.layers) ? config.layers[0] : undefined;
    const name = isObject(first) && first.class_name === 'InputLayer' && isObject(first.config) ? first.config.name : undefined;
    return typeof name === 'string' ? [name] : undefined;
  }
  const inputs = tensorList(config.input_layers);
  return Array.isArray(inputs) ? inputs.map((t) => (Array.isArray(t) ? String(t[0]) : String(t))) : undefined;
}
