/**
 * `inspect` on a model CraneML recognises but cannot build (a Keras file with a custom layer), or a
 * notebook model it cannot convert now (no Docker daemon): what its file says (format, inputs, output
 * names, layers; or kind, library, version, estimator) on stdout; the error's one line stays on stderr.
 */
import type { SourceFacts } from '../api/notebook-facts.ts';
import { CraneError } from '../errors.ts';
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

/** What a notebook model's file says, read statically (nothing in it runs), for people or as JSON. */
function printSourceFacts(facts: SourceFacts, error: Error, json: boolean): void {
  const version = facts.versions[facts.library];
  const { file: _path, ...shown } = facts;
  if (json) {
    console.log(JSON.stringify({ format: 'notebook', source: shown, file: facts.file, servable: false, error: error.message }, null, 2));
    return;
  }
  const lines = [
    `source:    ${facts.file} (${facts.kind}${facts.compression ? `, ${facts.compression}` : ''}, ${(facts.bytes / 1024).toFixed(1)} KiB)`,
    `library:   ${facts.library}${version ? ` ${version}` : ' (version not recorded in the file)'}`,
    `estimator: ${facts.estimator}`,
    'not converted yet: the converter runs in a container (columns, classes and the parity proof come from it)',
  ];
  console.log(lines.join('\n'));
}

/**
 * When converting a notebook model failed because Docker is away, prints what its file says (read
 * statically); prints nothing for any other error or model, and never throws over the error at hand.
 */
export async function printSourceFactsOnError(model: string, error: unknown, json: boolean): Promise<void> {
  if (!(error instanceof CraneError) || error.code !== 'DOCKER_UNAVAILABLE') return;
  try {
    const { detectModel } = await import('../formats/detect.ts');
    const found = await detectModel(model);
    if (found.format !== 'notebook') return;
    const { notebookFileFacts } = await import('../api/notebook-facts.ts');
    const facts = await notebookFileFacts(found.file);
    if (facts) printSourceFacts(facts, error, json);
  } catch {
    // the error at hand is what the user needs; this was extra
  }
}
