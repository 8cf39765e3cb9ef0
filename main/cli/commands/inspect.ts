/** `craneml inspect <model>`: format, inputs, outputs, size and metadata of a model. */
import type { Command } from 'commander';
import type { ModelInfo } from '../../formats/index.ts';
import type { formatShape as FormatShape } from '../../inference/tensor-from-json.ts';
import type { TensorSpec } from '../../manifest.ts';
import { partialInfoOf, printPartialInfo } from '../inspect-partial.ts';
import { action } from '../run-action.ts';

function formatTensor(spec: TensorSpec, formatShape: typeof FormatShape): string {
  return `  ${spec.name}  ${spec.dtype}  ${formatShape(spec.shape, spec.dim_names)}`;
}

function formatInfo(info: ModelInfo, formatShape: typeof FormatShape): string {
  const lines = [
    `format:   ${info.format}`,
    `file:     ${info.entry}`,
    `size:     ${(info.sizeBytes / 1024).toFixed(1)} KiB in ${info.files.length} file(s)`,
    ...Object.entries(info.metadata)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${(k + ':').padEnd(9)} ${String(v).split('\n')[0]}`),
    'inputs:',
    ...info.inputs.map((spec) => formatTensor(spec, formatShape)),
    'outputs:',
    ...info.outputs.map((spec) => formatTensor(spec, formatShape)),
  ];
  return lines.join('\n');
}

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .description("show a model's format, inputs, outputs and metadata")
    .argument('<model>', 'model file (.onnx, TF.js model.json, Keras .h5/.keras) or a folder holding one')
    .option('--json', 'print JSON')
    .action(
      action(async (model: string, options: { json?: boolean }) => {
        const { inspectModel } = await import('../../formats/index.ts');
        const { formatShape } = await import('../../inference/tensor-from-json.ts');
        let info: ModelInfo;
        try {
          info = await inspectModel(model);
        } catch (error) {
          // A Keras model with a layer TF.js lacks: show what its file says, then the one-line error (exit 2).
          const partial = partialInfoOf(error);
          if (partial) printPartialInfo(partial, error as Error, options.json === true, formatShape);
          throw error;
        }
        console.log(options.json ? JSON.stringify(info, null, 2) : formatInfo(info, formatShape));
      }),
    );
}
