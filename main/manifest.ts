/** The manifest (`craneml.json`): how to serve one model. zod schema, JSON Schema export and loading. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { manifestSchema, type Manifest, type TensorSpec } from './shared/manifest-schema.ts';
import { ManifestError } from './errors.ts';

export * from './shared/manifest-schema.ts';

export const MANIFEST_FILE = 'craneml.json';

/** JSON Schema (draft 2020-12) of craneml.json, for editors and other tools. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema, { io: 'input' }) as Record<string, unknown>;
}

/** Validates a parsed object; a failure names the first bad field's path and the reason. */
export function parseManifest(value: unknown, source = MANIFEST_FILE): Manifest {
  const result = manifestSchema.safeParse(value);
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

function checkConsistency(manifest: Manifest, source: string): Manifest {
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
  if (manifest.labels?.length && scores && !holdsScores(scores, manifest.labels.length)) {
    throw new ManifestError(
      `${source}: labels: output "${scores.name}" (${scores.dtype} [${scores.shape.join(', ')}]) does not hold one score per label for ${manifest.labels.length} labels; name such an output in postprocess.output, or drop labels`,
    );
  }
  if (!manifest.model.files.some((f) => f.path === manifest.model.entry)) {
    throw new ManifestError(`${source}: model.entry: "${manifest.model.entry}" is not listed in model.files`);
  }
  return manifest;
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
