/** The manifest (`craneml.json`): how to serve one model. zod schema, JSON Schema export and loading. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ColumnType } from './shared/conversion-schema.ts';
import { manifestSchema, type DType, type Manifest, type TensorSpec } from './shared/manifest-schema.ts';
import { ManifestError } from './errors.ts';

export * from './shared/manifest-schema.ts';

export const MANIFEST_FILE = 'craneml.json';

/** JSON Schema (draft 2020-12) of craneml.json, for editors and other tools. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema, { io: 'input' }) as Record<string, unknown>;
}

/** Validates a parsed object; a failure names the first bad field's path and the reason. */
export function parseManifest(value: unknown, source = MANIFEST_FILE): Manifest {
  const result = manifestSchema.safeParse(withPythonSignature(value));
  if (result.success) return checkConsistency(result.data, source);
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join('.') : '(root)';
  throw new ManifestError(`${source}: ${where}: ${issue.message}`);
}

/**
 * Whether `output` can hold one score per class for `classes` labels: numbers, with a class axis
 * (not one value per sample) whose size, when fixed, is the number of labels.
 */
export function holdsScores(output: TensorSpec, classes: number): boolean {
  if (output.dtype === 'string' || output.dtype === 'bool') return false;
  if (output.shape.length === 0 || (output.shape.length === 1 && output.shape[0] === -1)) return false;
  // Singleton axes are squeezed: [N, 1000, 1, 1] holds 1000 scores a sample.
  const rest = (output.shape.length >= 2 ? output.shape.slice(1) : output.shape).filter((d) => d !== 1);
  const axis = rest.length === 1 ? rest[0]! : output.shape.at(-1)!;
  return axis === -1 || axis === classes;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A Python project's signature follows from its input, so a person declaring typed columns for a
 * predict.py project writes `input` and may leave `signature.inputs` out: each column is then an
 * input of its own (a column's `tensor` defaults to its name), a rows project has the one `rows`
 * input, and outputs default to `predictions`. Inputs written out are checked, not replaced;
 * anything malformed is left for the schema to name.
 */
function withPythonSignature(value: unknown): unknown {
  if (!isObject(value) || value.format !== 'python' || !isObject(value.input)) return value;
  const input = value.input;
  let columns = input.columns;
  let inputs: unknown[] | undefined;
  if (input.kind === 'rows') inputs = [PYTHON_ROWS_INPUT];
  if (input.kind === 'table' && Array.isArray(columns) && columns.every(isObject)) {
    columns = columns.map((c) => (c.tensor === undefined && typeof c.name === 'string' ? { ...c, tensor: c.name } : c));
    inputs = (columns as Loose[]).map((c) => ({
      name: c.tensor,
      dtype: PYTHON_COLUMN_DTYPES[c.type as ColumnType] ?? c.type,
      shape: [-1],
    }));
  }
  if (!inputs) return value;
  const signature = isObject(value.signature) ? value.signature : {};
  return {
    ...value,
    input: input.kind === 'table' ? { ...input, columns } : input,
    signature: { ...signature, inputs: signature.inputs ?? inputs, outputs: signature.outputs ?? [PYTHON_DEFAULT_OUTPUT] },
  };
}

function checkConsistency(manifest: Manifest, source: string): Manifest {
  checkRuntime(manifest, source);
  const inputNames = manifest.signature.inputs.map((t) => t.name);
  const outputNames = manifest.signature.outputs.map((t) => t.name);
  if (manifest.input.kind === 'image' && manifest.input.tensor && !inputNames.includes(manifest.input.tensor)) {
    throw new ManifestError(`${source}: input.tensor: "${manifest.input.tensor}" is not a model input (inputs: ${inputNames.join(', ')})`);
  }
  if (manifest.input.kind === 'table') checkTable(manifest, source);
  const scoreOutput = manifest.postprocess.output;
  if (scoreOutput && !outputNames.includes(scoreOutput)) {
    throw new ManifestError(`${source}: postprocess.output: "${scoreOutput}" is not a model output (outputs: ${outputNames.join(', ')})`);
  }
  const scores = manifest.signature.outputs.find((o) => o.name === (scoreOutput ?? outputNames[0]));
  // Python code answers with labels itself (a pickled classifier's classes_): no score tensor to check.
  if (manifest.format !== 'python' && manifest.labels?.length && scores && !holdsScores(scores, manifest.labels.length)) {
    throw new ManifestError(
      `${source}: labels: output "${scores.name}" (${scores.dtype} [${scores.shape.join(', ')}]) does not hold one score per label for ${manifest.labels.length} labels; name such an output in postprocess.output, or drop labels`,
    );
  }
  if (!manifest.model.files.some((f) => f.path === manifest.model.entry)) {
    throw new ManifestError(`${source}: model.entry: "${manifest.model.entry}" is not listed in model.files`);
  }
  return manifest;
}

/** The input spec a Python project's column gets: one spec per column, named after it, one value a row. */
export const PYTHON_COLUMN_DTYPES: Record<ColumnType, DType> = { number: 'float64', integer: 'int64', string: 'string', boolean: 'bool' };
/** The one input of a Python project whose rows have no declared columns (`input.kind: "rows"`). */
export const PYTHON_ROWS_INPUT: TensorSpec = { name: 'rows', dtype: 'string', shape: [-1] };
/** The output of a Python project that declares none: whatever its code answers, one a row. */
export const PYTHON_DEFAULT_OUTPUT: TensorSpec = { name: 'predictions', dtype: 'string', shape: [-1] };

/**
 * format "python" ⇔ runtime "python" (or left out) ⇔ a python section; rows input only for Python
 * code; a Python project's inputs are its columns (or the one "rows" input).
 */
function checkRuntime(manifest: Manifest, source: string): void {
  const python = manifest.format === 'python';
  if (manifest.runtime && (manifest.runtime === 'python') !== python)
    throw new ManifestError(
      `${source}: runtime: "${manifest.runtime}" does not serve format "${manifest.format}" (format "python" is served by runtime "python", every other format by "node")`,
    );
  if (python && !manifest.python)
    throw new ManifestError(`${source}: python: format "python" needs a python section (what to load, which packages)`);
  if (!python && manifest.python)
    throw new ManifestError(`${source}: python: only a project of format "python" has a python section (this one is "${manifest.format}")`);
  if (manifest.input.kind === 'rows' && !python)
    throw new ManifestError(
      `${source}: input.kind: "rows" is for Python code (format "python"); a ${manifest.format} model takes "tensor", "image" or "table"`,
    );
  if (!python) return;
  const inputs = manifest.signature.inputs;
  if (manifest.input.kind === 'rows') {
    const only = inputs.length === 1 ? inputs[0]! : undefined;
    if (!only || only.name !== 'rows' || only.dtype !== 'string' || only.shape.join() !== '-1')
      throw new ManifestError(
        `${source}: signature.inputs: a "rows" project has one input {"name": "rows", "dtype": "string", "shape": [-1]} (leave signature.inputs out and CraneML writes it)`,
      );
  }
  if (manifest.input.kind === 'table') {
    for (const column of manifest.input.columns) {
      const spec = inputs.find((t) => t.name === column.tensor);
      const dtype = PYTHON_COLUMN_DTYPES[column.type];
      if (column.tensor !== column.name || column.index !== 0 || !spec || spec.dtype !== dtype || spec.shape.join() !== '-1')
        throw new ManifestError(
          `${source}: input.columns: "${column.name}" of a Python project goes to its own input {"name": "${column.name}", "dtype": "${dtype}", "shape": [-1]} (tensor "${column.name}", index 0; leave signature.inputs out and CraneML writes them)`,
        );
    }
  }
}

/** Every column goes to a model input at a free position, and every input is fed by columns. */
function checkTable(manifest: Manifest, source: string): void {
  if (manifest.input.kind !== 'table') return;
  const inputs = new Map(manifest.signature.inputs.map((t) => [t.name, t]));
  const taken = new Set<string>();
  const names = new Set<string>();
  for (const column of manifest.input.columns) {
    if (names.has(column.name)) throw new ManifestError(`${source}: input.columns: "${column.name}" is listed twice`);
    names.add(column.name);
    const spec = inputs.get(column.tensor);
    if (!spec) throw new ManifestError(`${source}: input.columns: "${column.name}" goes to "${column.tensor}", which is not a model input`);
    const width = spec.shape.length >= 2 ? spec.shape.at(-1)! : 1;
    if (width >= 0 && column.index >= width)
      throw new ManifestError(
        `${source}: input.columns: "${column.name}" is at index ${column.index} of "${column.tensor}", which has ${width}`,
      );
    const slot = `${column.tensor}\u0000${column.index}`;
    if (taken.has(slot)) throw new ManifestError(`${source}: input.columns: two columns go to index ${column.index} of "${column.tensor}"`);
    taken.add(slot);
  }
  for (const name of inputs.keys()) {
    if (![...taken].some((slot) => slot.startsWith(`${name}\u0000`)))
      throw new ManifestError(`${source}: input.columns: no column goes to the model input "${name}"`);
  }
}

/** Reads and validates `<dir>/craneml.json`. */
export async function loadManifest(projectDir: string): Promise<Manifest> {
  const file = path.join(projectDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ManifestError(`${file}: not found (run "craneml init <model>" to create a project)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseManifest(json, file);
}
