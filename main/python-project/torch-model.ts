/**
 * A PyTorch file as the ModelInfo every front end shows: TorchScript and torch.export files are served
 * by the Python runtime with torch pinned; a state_dict or a pickled module is refused, saying what to
 * hand over instead. TorchScript declares no shapes, so its input's comes from the caller.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CraneError, ModelFormatError } from '../errors.ts';
import type { ModelInfo } from '../formats/types.ts';
import type { TensorSpec } from '../manifest.ts';
import { DEFAULT_PYTHON_VERSION } from '../shared/python-runtime-schema.ts';
import { pythonModelInfo } from './python-info.ts';
import { readTorchFile, type TorchFile } from './torch-file.ts';

/** The torch a file is served with when it does not record its own (TorchScript never does). */
export const DEFAULT_TORCH_VERSION = '2.13.0';

/** The input shape per row (the batch axis is added) of a preset's model: digits is one 28x28 channel. */
const PRESET_INPUT_SHAPES: Record<string, number[]> = { digits: [1, 28, 28] };

/** What the caller knows that a TorchScript file does not say. */
export interface TorchOptions {
  /** One row's input shape, without the batch axis (--input-shape 30, --input-shape 1,28,28). */
  inputShape?: number[];
  /** A preset (digits) implies its input's shape. */
  preset?: string;
}

/** What to hand over instead of a file CraneML cannot serve as it is. */
const HAND_OVER =
  'hand over a folder with predict.py (class Predictor whose setup() builds the module and loads the weights) and the weights file, or save the model with torch.jit.save or torch.export.save';

/** "2.13.0+cpu" → "2.13.0": the local build tag is the index's to choose (the CPU wheels), not the pin's. */
function torchPin(version: string | undefined): string {
  const release = version?.split('+')[0];
  return `torch==${release && /^\d+(\.\d+){1,2}$/.test(release) ? release : DEFAULT_TORCH_VERSION}`;
}

function torchscriptTensors(file: string, options: TorchOptions): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
  const shape = options.inputShape ?? (options.preset ? PRESET_INPUT_SHAPES[options.preset] : undefined);
  if (!shape) {
    throw new CraneError(
      'INPUT_SHAPE_NEEDED',
      `${path.basename(file)}: a TorchScript file does not declare its input's shape: give it with --input-shape, e.g. --input-shape 1,28,28`,
    );
  }
  // Its outputs are known only once it runs: the runtime checks them at warm-up.
  return {
    inputs: [{ name: 'input', dtype: 'float32', shape: [-1, ...shape] }],
    outputs: [{ name: 'output', dtype: 'float32', shape: [-1, -1] }],
  };
}

function refusal(file: string, found: Extract<TorchFile, { kind: 'state_dict' | 'pickled_module' | 'legacy_pickle' }>): ModelFormatError {
  const what =
    found.kind === 'state_dict'
      ? "a PyTorch state_dict (weights without the network's code)"
      : found.kind === 'legacy_pickle'
        ? 'a torch.save file in the format before torch 1.6 (bare pickles, which CraneML does not read)'
        : `a whole PyTorch module pickled with torch.save(model) (${found.moduleClass}), which loads only beside the code that defined it`;
  return new ModelFormatError(`${path.basename(file)}: ${what}; ${HAND_OVER}`);
}

/**
 * A TorchScript or torch.export file; anything else torch wrote is refused, saying what to hand over.
 * @example (await servableTorchFile('weights.pt')) // throws: "weights.pt: a PyTorch state_dict …"
 */
export async function servableTorchFile(file: string): Promise<Extract<TorchFile, { kind: 'torchscript' | 'torch_export' }>> {
  const found = await readTorchFile(file);
  if (found.kind === 'state_dict' || found.kind === 'pickled_module' || found.kind === 'legacy_pickle') throw refusal(file, found);
  return found;
}

/**
 * @example (await inspectTorchFile('cancer_mlp.pt2')).inputs // [{ name: 'x', dtype: 'float32', shape: [-1, 30] }]
 */
export async function inspectTorchFile(file: string, options: TorchOptions = {}): Promise<ModelInfo> {
  const found = await servableTorchFile(file);
  const name = path.basename(file);
  if (found.kind === 'torch_export' && options.inputShape) {
    throw new CraneError('USAGE', `--input-shape: not for ${name}, a torch.export file that declares its input shapes`);
  }
  const tensors = found.kind === 'torchscript' ? torchscriptTensors(file, options) : found.signature;
  const torch = found.kind === 'torch_export' ? found.signature.torchVersion : undefined;
  const reason =
    found.kind === 'torchscript'
      ? 'a TorchScript file (torch.jit.save), which torch loads'
      : `a torch.export file (torch.export.save${torch ? `, torch ${torch}` : ''}), which torch loads`;
  return pythonModelInfo(file, [{ path: name, bytes: (await stat(file)).size }], {
    section: { version: DEFAULT_PYTHON_VERSION, requirements: [torchPin(torch)], source: { kind: found.kind, file: name }, reason },
    tensors: { inputs: tensors.inputs, outputs: tensors.outputs },
    skipped: [],
  });
}
