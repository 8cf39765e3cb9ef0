/** `craneml inspect <model>`: format, inputs, outputs, size and metadata of a model. */
import type { Command } from 'commander';
import type { ModelInfo } from '../../formats/index.ts';
import type { formatShape as FormatShape } from '../../inference/tensor-from-json.ts';
import type { TensorSpec } from '../../manifest.ts';
import { cancelOnSignal } from '../cancel-on-signal.ts';
import { addConvertFlags, convertOptions, type ConvertFlags } from '../convert-flags.ts';
import { addInputShapeFlag, parseInputShape, type InputShapeFlag } from '../input-shape.ts';
import { partialInfoOf, printPartialInfo, printSourceFactsOnError } from '../inspect-partial.ts';
import { action } from '../run-action.ts';

/** Metadata keys the notebook section says in full already. */
const NOTEBOOK_KEYS = new Set(['source', 'library', 'estimator', 'converter', 'parity']);

function formatTensor(spec: TensorSpec, formatShape: typeof FormatShape): string {
  return `  ${spec.name}  ${spec.dtype}  ${formatShape(spec.shape, spec.dim_names)}`;
}

/** Metadata keys the Python section says in full already. */
const PYTHON_KEYS = new Set(['runtime', 'why', 'source', 'python', 'requirements']);

async function formatInfo(info: ModelInfo, formatShape: typeof FormatShape): Promise<string> {
  const notebook = info.notebook ? (await import('../format-notebook.ts')).notebookLines(info.notebook) : [];
  const python = info.python ? (await import('../format-python.ts')).pythonLines(info.python, info.files) : [];
  const lines = [
    ...notebook,
    ...python,
    `format:   ${info.format}${info.notebook ? ' (converted)' : ''}`,
    `file:     ${info.entry}`,
    `size:     ${(info.sizeBytes / 1024).toFixed(1)} KiB in ${info.files.length} file(s)`,
    ...Object.entries(info.metadata)
      .filter(([k, v]) => v !== '' && !(info.notebook && NOTEBOOK_KEYS.has(k)) && !(info.python && PYTHON_KEYS.has(k)))
      .map(([k, v]) => `${(k + ':').padEnd(9)} ${String(v).split('\n')[0]}`),
    'inputs:',
    ...info.inputs.map((spec) => formatTensor(spec, formatShape)),
    'outputs:',
    ...info.outputs.map((spec) => formatTensor(spec, formatShape)),
  ];
  return lines.join('\n');
}

export function registerInspectCommand(program: Command): void {
  const command = program
    .command('inspect')
    .description(
      "show a model's format, inputs, outputs and metadata (a notebook model: its columns, classes and parity proof; Python code: its runtime and why)",
    )
    .argument(
      '<model>',
      'model file (.onnx, TF.js model.json, Keras .h5/.keras, scikit-learn/XGBoost/LightGBM file, PyTorch TorchScript .pt or torch.export .pt2), a folder holding one, or a project folder with cog.yaml or predict.py',
    )
    .option('--json', 'print JSON');
  addConvertFlags(addInputShapeFlag(command)).action(
    action(async (model: string, options: ConvertFlags & InputShapeFlag & { json?: boolean }) => {
      const { inspectAnyModel } = await import('../../api/open-model.ts');
      const { formatShape } = await import('../../inference/tensor-from-json.ts');
      const json = options.json === true;
      const cancel = cancelOnSignal();
      let info: ModelInfo;
      try {
        info = await inspectAnyModel(model, {
          ...convertOptions(options, cancel),
          torch: { inputShape: parseInputShape(options.inputShape) },
        });
      } catch (error) {
        // A Keras model with a layer TF.js lacks: show what its file says, then the one-line error (exit 2).
        const partial = partialInfoOf(error);
        if (partial) printPartialInfo(partial, error as Error, json, formatShape);
        // A notebook model that could not be converted (no Docker): what its file says, read statically.
        else await printSourceFactsOnError(model, error, json);
        throw error;
      } finally {
        cancel.dispose();
      }
      console.log(json ? JSON.stringify(info, null, 2) : await formatInfo(info, formatShape));
    }),
  );
}
