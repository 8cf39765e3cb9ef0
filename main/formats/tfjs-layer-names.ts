/**
 * Stable input and output names of a TF.js layers model, read from its saved topology. The names
 * TF.js gives a loaded model get a counter suffix whenever the same layer names were loaded before
 * in the process (dense_input_1, dense/dense_2, ...), so they cannot be what a manifest refers to.
 */

interface LayerEntry {
  class_name?: unknown;
  config?: { name?: unknown };
}

interface ModelConfig {
  layers?: LayerEntry[];
  input_layers?: unknown[];
  output_layers?: unknown[];
}

export interface LayerNames {
  inputs: string[];
  outputs: string[];
}

function layerName(layer: LayerEntry | undefined): string | undefined {
  return typeof layer?.config?.name === 'string' ? layer.config.name : undefined;
}

/** [["input_1", 0, 0], ...] → ["input_1", ...] */
function endpointNames(list: unknown[] | undefined): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const names = list.map((entry) => (Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : undefined));
  return names.every((n): n is string => n !== undefined) ? names : undefined;
}

/** The saved names, or undefined when the topology has a shape this reader does not know. */
export function savedLayerNames(topology: Record<string, unknown>): LayerNames | undefined {
  // Keras-saved files wrap the model in {model_config: {...}, training_config: ...}.
  const model = (topology.model_config ?? topology) as { class_name?: unknown; config?: unknown };
  const config = model.config as ModelConfig | LayerEntry[] | undefined;
  if (model.class_name === 'Sequential') {
    const layers = Array.isArray(config) ? config : config?.layers;
    if (!layers || layers.length === 0) return undefined;
    const first = layers[0]!;
    const input = first.class_name === 'InputLayer' ? layerName(first) : layerName(first) && `${layerName(first)}_input`;
    const output = layerName(layers.at(-1));
    return input && output ? { inputs: [input], outputs: [output] } : undefined;
  }
  if (config && !Array.isArray(config)) {
    const inputs = endpointNames(config.input_layers);
    const outputs = endpointNames(config.output_layers);
    if (inputs && outputs) return { inputs, outputs };
  }
  return undefined;
}
