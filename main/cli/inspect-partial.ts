/**
 * `inspect` on a model CraneML recognises but cannot build (a Keras file with a custom layer): what
 * its file says (format, inputs, output names, layers) on stdout; the error's one line stays on stderr.
 */
import type { TensorSpec } from '../manifest.ts';

interface PartialInfo {
  format: string;
  entry: string;
  files: { path: string; bytes: number }[];
  sizeBytes: number;
  inputs: TensorSpec[];
  outputs: { name: string }[];
  metadata: Record<string, string | number>;
  layers: { name: string; class_name: string; supported: boolean }[];
}

/** The partial description an error carries (see formats/keras/partial.ts), without importing the format. */
export function partialInfoOf(error: unknown): PartialInfo | undefined {
  if (!(error instanceof Error) || !('partial' in error)) return undefined;
  const partial = (error as { partial?: PartialInfo }).partial;
  return partial && Array.isArray(partial.layers) ? partial : undefined;
}

/** Prints what `inspect` can show of a model that cannot be built; JSON adds `servable: false` and the error. */
export function printPartialInfo(
  partial: PartialInfo,
  error: Error,
  json: boolean,
  formatShape: (shape: number[], names?: (string | null)[]) => string,
): void {
  if (json) {
    console.log(JSON.stringify({ ...partial, servable: false, error: error.message }, null, 2));
    return;
  }
  const lines = [
    `format:   ${partial.format}`,
    `file:     ${partial.entry}`,
    `size:     ${(partial.sizeBytes / 1024).toFixed(1)} KiB in ${partial.files.length} file(s)`,
    ...Object.entries(partial.metadata).map(([k, v]) => `${(k + ':').padEnd(9)} ${String(v)}`),
    'inputs:',
    ...(partial.inputs.length
      ? partial.inputs.map((spec) => `  ${spec.name}  ${spec.dtype}  ${formatShape(spec.shape, spec.dim_names)}`)
      : ['  (not in the config)']),
    'outputs:',
    ...partial.outputs.map((o) => `  ${o.name}  (shape unknown: the model cannot be built)`),
    'layer list:',
    ...partial.layers.map((l) => `  ${l.name}  ${l.class_name}${l.supported ? '' : '  <- not supported'}`),
  ];
  console.log(lines.join('\n'));
}
