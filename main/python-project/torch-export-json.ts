/**
 * The signature a torch.export file declares, from its model JSON (`<root>/models/model.json`, the
 * serialized ExportedProgram): the user inputs' and outputs' dtypes and shapes (a symbolic dim, like the
 * dynamic batch, is -1) and the torch version that wrote it. Plain JSON; the pickled parts are never read.
 */
import { ModelFormatError } from '../errors.ts';
import type { DType, TensorSpec } from '../manifest.ts';

export interface ExportSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** torch_version as the file records it, e.g. "2.13.0+cpu". */
  torchVersion?: string;
}

/** torch/_export/serde/schema.py's ScalarType, for the dtypes CraneML's tensors have. */
const SCALAR_TYPES: Record<number, DType> = {
  1: 'uint8',
  2: 'int8',
  3: 'int16',
  4: 'int32',
  5: 'int64',
  6: 'float16',
  7: 'float32',
  8: 'float64',
  12: 'bool',
  28: 'uint16',
  34: 'uint32',
  35: 'uint64',
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function field(value: unknown, ...keys: string[]): unknown {
  let at = value;
  for (const key of keys) at = isObject(at) ? at[key] : undefined;
  return at;
}

function listAt(value: unknown, ...keys: string[]): unknown[] {
  const list = field(value, ...keys);
  return Array.isArray(list) ? list : [];
}

/** One user input's or output's tensor; `kind` and `index` name it in a refusal. */
function tensorSpec(file: string, tensors: unknown, argument: unknown, name: string, kind: string, index: number): TensorSpec {
  const tensorName = field(argument, 'as_tensor', 'name');
  if (typeof tensorName !== 'string') {
    const what = isObject(argument) ? Object.keys(argument).join(', ') : 'nothing';
    throw new ModelFormatError(
      `${file}: its ${kind} ${index} is not a tensor (${what}); CraneML serves models whose inputs and outputs are tensors`,
    );
  }
  const meta = field(tensors, tensorName);
  const code = field(meta, 'dtype');
  const dtype = typeof code === 'number' ? SCALAR_TYPES[code] : undefined;
  if (!dtype)
    throw new ModelFormatError(
      `${file}: its ${kind} "${tensorName}" has a dtype CraneML does not serve (torch ScalarType ${String(code)})`,
    );
  const shape = listAt(meta, 'sizes').map((size) => {
    const fixed = field(size, 'as_int');
    return typeof fixed === 'number' && Number.isSafeInteger(fixed) && fixed >= 0 ? fixed : -1;
  });
  return { name, dtype, shape };
}

/**
 * @param json the parsed model JSON; `file` names the .pt2 in messages.
 * @example readExportSignature(JSON.parse(text), 'cancer.pt2').inputs // [{ name: 'x', dtype: 'float32', shape: [-1, 30] }]
 */
export function readExportSignature(json: unknown, file: string): ExportSignature {
  const graph = field(json, 'graph_module');
  const tensors = field(graph, 'graph', 'tensor_values');
  const inputSpecs = listAt(graph, 'signature', 'input_specs').filter((spec) => field(spec, 'user_input') !== undefined);
  const outputSpecs = listAt(graph, 'signature', 'output_specs').filter((spec) => field(spec, 'user_output') !== undefined);
  if (!isObject(tensors) || inputSpecs.length === 0 || outputSpecs.length === 0) {
    throw new ModelFormatError(`${file}: its model JSON declares no tensor inputs and outputs (not an ExportedProgram CraneML can read)`);
  }
  const inputs = inputSpecs.map((spec, i) => {
    const argument = field(spec, 'user_input', 'arg');
    const name = field(argument, 'as_tensor', 'name');
    return tensorSpec(file, tensors, argument, typeof name === 'string' ? name : `input_${i}`, 'input', i);
  });
  // The graph's output names (linear_1) mean nothing to a caller: "output", or "output_0".. for several.
  const outputs = outputSpecs.map((spec, i) =>
    tensorSpec(file, tensors, field(spec, 'user_output', 'arg'), outputSpecs.length === 1 ? 'output' : `output_${i}`, 'output', i),
  );
  const version = field(json, 'torch_version');
  return { inputs, outputs, ...(typeof version === 'string' && version !== '' ? { torchVersion: version } : {}) };
}
