/**
 * Reads a Keras model file with h5wasm: the config and, per layer, its weights in Keras's order.
 * `.h5` holds both (attribute `model_config`, groups under `model_weights`); a `.keras` zip holds
 * `config.json` and `model.weights.h5` (groups `layers/<key>/vars/<i>`, named in `vars`' `name`).
 */
import { randomUUID } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type h5wasmModule from 'h5wasm/node';
import { CraneError, ModelCorruptError, ModelFormatError } from '../../errors.ts';
import { ExpansionBudget, fileExpansionLimits } from '../archive-limits.ts';
import type { Json } from './normalise.ts';
import { readZipEntries } from './zip-entries.ts';

export interface KerasWeight {
  shape: number[];
  data: Float32Array;
}

export interface KerasFile {
  modelConfig: Json;
  kerasVersion: string;
  /** Each layer's weights by layer name, in the order Keras (and TF.js) keeps them. */
  weights: Map<string, KerasWeight[]>;
}

type H5 = typeof h5wasmModule;
type H5File = InstanceType<H5['File']>;
type H5Group = InstanceType<H5['Group']>;
type H5Dataset = InstanceType<H5['Dataset']>;

let h5: Promise<H5> | undefined;

async function h5wasm(): Promise<H5> {
  h5 ??= import('h5wasm/node').then(async (module) => {
    const native = await module.default.ready;
    // HDF5 errors become exceptions carrying its diagnostics, instead of lines printed to stderr.
    native.activate_throwing_error_handler();
    return module.default;
  });
  return h5;
}

function attr(node: H5File | H5Group, name: string): unknown {
  return node.attrs[name]?.value;
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return [value];
  return [];
}

/** Reads a weight once its declared size fits the file's budget: `value` allocates all it declares. */
function weightOf(dataset: H5Dataset, where: string, budget: ExpansionBudget): KerasWeight {
  const { size, total_size: count } = dataset.metadata;
  budget.admit(dataset.path, Number(size) * Number(count));
  const value = dataset.value as unknown;
  if (!ArrayBuffer.isView(value)) throw new ModelCorruptError(`${where}: a weight that is not a numeric array`);
  const data = value instanceof Float32Array ? value : Float32Array.from(value as unknown as ArrayLike<number>, Number);
  return { shape: [...(dataset.shape ?? [])].map(Number), data };
}

function isDataset(node: unknown, lib: H5): node is H5Dataset {
  return node instanceof lib.Dataset;
}

function isGroup(node: unknown, lib: H5): node is H5Group {
  return node instanceof lib.Group;
}

/** Keras 2 and 3 `.h5`: `model_weights/<layer>` with attribute `weight_names` (paths relative to it). */
function legacyWeights(file: H5File, lib: H5, where: string, budget: ExpansionBudget): Map<string, KerasWeight[]> {
  const root = file.get('model_weights');
  const weights = new Map<string, KerasWeight[]>();
  if (!isGroup(root, lib)) throw new ModelFormatError(`${where}: an .h5 model saved without its weights (no model_weights group)`);
  for (const layer of strings(attr(root, 'layer_names'))) {
    const group = root.get(layer);
    if (!isGroup(group, lib)) continue;
    const list = strings(attr(group, 'weight_names')).map((name) => {
      const dataset = group.get(name);
      if (!isDataset(dataset, lib)) throw new ModelCorruptError(`${where}: weight ${layer}/${name} is listed but missing`);
      return weightOf(dataset, where, budget);
    });
    weights.set(layer, list);
  }
  return weights;
}

/** Keras 3 `model.weights.h5`: `layers/<key>/vars/0..n` (the layer's name in `vars`' attribute `name`), nested for sub-layers. */
function kerasV3Weights(file: H5File, lib: H5, where: string, budget: ExpansionBudget): Map<string, KerasWeight[]> {
  const weights = new Map<string, KerasWeight[]>();
  const visit = (group: H5Group, key: string): void => {
    const vars = group.get('vars');
    if (isGroup(vars, lib)) {
      const name = String(attr(vars, 'name') ?? key);
      const list: KerasWeight[] = [];
      for (let i = 0; ; i++) {
        const dataset = vars.get(String(i));
        if (!isDataset(dataset, lib)) break;
        list.push(weightOf(dataset, where, budget));
      }
      if (list.length > 0) weights.set(name, list);
    }
    const sub = group.get('layers');
    if (isGroup(sub, lib)) for (const child of sub.keys()) visitChild(sub, child);
  };
  const visitChild = (parent: H5Group, key: string): void => {
    const child = parent.get(key);
    if (isGroup(child, lib)) visit(child, key);
  };
  const layers = file.get('layers');
  if (isGroup(layers, lib)) for (const key of layers.keys()) visitChild(layers, key);
  return weights;
}

/** One line for a file HDF5 cannot read; its diagnostics tell a truncated file apart. */
function damaged(where: string, diagnostics: string, cause: unknown): ModelCorruptError {
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(diagnostics);
  const reason = truncated
    ? `truncated: ${truncated[1]} of its ${truncated[2]} bytes are there`
    : /truncated/i.test(diagnostics)
      ? 'truncated'
      : 'damaged or not HDF5';
  return new ModelCorruptError(`${where}: the HDF5 file cannot be read (${reason}); copy or download it again`, { cause });
}

async function openH5<T>(file: string, where: string, read: (h5: H5File, lib: H5) => T): Promise<T> {
  const lib = await h5wasm();
  let opened: H5File;
  try {
    opened = new lib.File(file, 'r');
  } catch (error) {
    throw damaged(where, String((error as Error).message), error);
  }
  try {
    return read(opened, lib);
  } catch (error) {
    if (error instanceof CraneError) throw error;
    throw damaged(where, String((error as Error).message), error);
  } finally {
    opened.close();
  }
}

function parseConfig(text: string, where: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new ModelCorruptError(`${where}: its model config is not valid JSON`);
  }
}

/** Reads a Keras `.h5` file (Keras 2 or 3). */
export async function readKerasH5(file: string): Promise<KerasFile> {
  const budget = new ExpansionBudget(file, 'dataset', fileExpansionLimits((await stat(file)).size));
  return openH5(file, file, (h5, lib) => {
    const config = attr(h5, 'model_config');
    if (typeof config !== 'string') {
      const weightsOnly = isGroup(h5.get('layers'), lib) || strings(attr(h5, 'layer_names')).length > 0;
      throw new ModelFormatError(
        weightsOnly
          ? `${file}: holds weights only (model.save_weights); save the whole model with model.save("model.keras")`
          : `${file}: an HDF5 file without a Keras model config (not saved by Keras model.save)`,
      );
    }
    return {
      modelConfig: parseConfig(config, file),
      kerasVersion: String(attr(h5, 'keras_version') ?? '2'),
      weights: legacyWeights(h5, lib, file, budget),
    };
  });
}

/** Reads a Keras 3 `.keras` zip: config.json and model.weights.h5. */
export async function readKerasZip(file: string): Promise<KerasFile> {
  const entries = await readZipEntries(file, ['config.json', 'model.weights.h5', 'metadata.json']);
  const config = entries['config.json'];
  if (!config) throw new ModelFormatError(`${file}: a .keras archive without config.json`);
  const weightsBytes = entries['model.weights.h5'];
  if (!weightsBytes) {
    throw new ModelFormatError(
      `${file}: a .keras archive without model.weights.h5 (its weights); save the trained model with model.save("model.keras")`,
    );
  }
  const metadata = entries['metadata.json']
    ? (parseConfig(Buffer.from(entries['metadata.json']).toString('utf8'), `${file} (metadata.json)`) as { keras_version?: string })
    : {};
  // h5wasm reads from a path; the weights go to a private temporary file for the read.
  const temp = path.join(os.tmpdir(), `craneml-keras-${randomUUID()}.h5`);
  await writeFile(temp, weightsBytes, { mode: 0o600 });
  try {
    const where = `${file} (model.weights.h5)`;
    const budget = new ExpansionBudget(where, 'dataset', fileExpansionLimits(weightsBytes.length));
    const weights = await openH5(temp, where, (h5, lib) => kerasV3Weights(h5, lib, file, budget));
    return { modelConfig: parseConfig(Buffer.from(config).toString('utf8'), file), kerasVersion: metadata.keras_version ?? '3', weights };
  } finally {
    await rm(temp, { force: true });
  }
}
