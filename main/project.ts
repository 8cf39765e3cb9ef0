/** A project is a folder with the model files and craneml.json; this opens, creates and checks one. */
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CraneError, ManifestError } from './errors.ts';
import { inspectModel, type ModelInfo } from './formats/index.ts';
import { guessInputCodec } from './inference/guess-codec.ts';
import { sha256File } from './inference/hash.ts';
import { probeScoreKind } from './inference/score-probe.ts';
import { formatShape } from './inference/tensor-from-json.ts';
import { holdsScores, loadManifest, MANIFEST_FILE, parseManifest, type Manifest, type ManifestInput, type TensorSpec } from './manifest.ts';
import { applyPreset } from './presets.ts';

export interface Project {
  /** The folder the model files are relative to. */
  dir: string;
  manifest: Manifest;
  /** Absolute path of the file the runtime loads. */
  entry: string;
}

export interface ManifestOptions {
  name?: string;
  version?: string;
  preset?: string;
  labels?: string[];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
}

/** A manifest name from a file name like "My Model.v2.onnx"; a generic "model.onnx" takes its folder's name. */
export function nameFromFile(file: string): string {
  const base = slug(path.basename(file).replace(/\.(onnx|json)$/i, ''));
  if (base !== '' && base !== 'model') return base;
  return slug(path.basename(path.dirname(path.resolve(file)))) || 'model';
}

/** The output holding class scores: the first, unless another float output has exactly one score per label. */
function scoreOutput(outputs: TensorSpec[], classes: number): TensorSpec {
  const first = outputs[0]!;
  if (holdsScores(first, classes)) return first;
  return outputs.find((o) => o.dtype.startsWith('float') && holdsScores(o, classes)) ?? first;
}

/**
 * Builds a manifest for an inspected model: preset or guessed codec, labels, file hashes. For a
 * classifier, a probe run decides softmax: on for logits, off for probabilities, else the preset's choice.
 */
export async function createManifest(info: ModelInfo, options: ManifestOptions = {}): Promise<Manifest> {
  const firstInput = info.inputs[0]!;
  const preset = options.preset ? applyPreset(options.preset, firstInput) : undefined;
  const labels = options.labels ?? preset?.labels;
  const scores = labels ? scoreOutput(info.outputs, labels.length) : info.outputs[0]!;
  const outputClasses = scores.shape.at(-1) ?? -1;
  if (labels && holdsScores(scores, outputClasses) && outputClasses > 0 && labels.length !== outputClasses) {
    throw new ManifestError(`${labels.length} labels given but output "${scores.name}" has ${outputClasses} classes`);
  }
  if (labels && !holdsScores(scores, labels.length)) {
    const outputs = info.outputs.map((o) => `${o.name} ${o.dtype} ${formatShape(o.shape)}`).join(', ');
    throw new ManifestError(
      `${labels.length} labels given, but no output holds one score per label (outputs: ${outputs}); the model's answers already carry its classes, so leave the labels out`,
    );
  }
  const kind = labels ? await probeScoreKind(info, scores, labels.length) : undefined;
  const postprocess = preset?.postprocess ?? { softmax: false, top_k: Math.min(3, Math.max(1, outputClasses)) };
  const dir = path.dirname(info.entry);
  const files = await Promise.all(
    info.files.map(async (f) => ({ path: f.path, bytes: f.bytes, sha256: await sha256File(path.join(dir, f.path)) })),
  );
  const manifest: ManifestInput = {
    name: options.name ?? nameFromFile(info.entry),
    version: options.version ?? '1.0.0',
    description: preset?.description,
    format: info.format,
    model: { entry: path.basename(info.entry), files },
    signature: { inputs: info.inputs, outputs: info.outputs },
    input: preset?.input ?? guessInputCodec(firstInput),
    labels,
    postprocess: {
      ...postprocess,
      softmax: kind === 'logits' ? true : kind === 'probabilities' ? false : postprocess.softmax,
      ...(scores !== info.outputs[0] ? { output: scores.name } : {}),
    },
  };
  return parseManifest(JSON.parse(JSON.stringify(manifest)), 'the new manifest');
}

/** Checks that every model file is there and unchanged since the manifest was written. */
export async function verifyModelFiles(dir: string, manifest: Manifest): Promise<void> {
  for (const file of manifest.model.files) {
    const full = path.join(dir, file.path);
    try {
      await stat(full);
    } catch {
      throw new CraneError('MODEL_FILES', `${full}: listed in ${MANIFEST_FILE} but missing`);
    }
    const actual = await sha256File(full);
    if (actual !== file.sha256) {
      throw new CraneError(
        'MODEL_FILES',
        `${full} changed after "craneml init" (sha256 ${actual.slice(0, 12)}…, manifest says ${file.sha256.slice(0, 12)}…); run "craneml init" again to accept the new file`,
      );
    }
  }
}

async function isProjectDir(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory() && (await stat(path.join(target, MANIFEST_FILE))).isFile();
  } catch {
    return false;
  }
}

/** Opens a project folder (checked against its hashes), or a bare model with a manifest made on the fly. */
export async function openProject(target: string, options: ManifestOptions = {}): Promise<Project> {
  if (await isProjectDir(target)) {
    const dir = path.resolve(target);
    const manifest = await loadManifest(dir);
    await verifyModelFiles(dir, manifest);
    return { dir, manifest, entry: path.join(dir, manifest.model.entry) };
  }
  const info = await inspectModel(target);
  const manifest = await createManifest(info, options);
  return { dir: path.dirname(info.entry), manifest, entry: info.entry };
}

/** Reads a labels file: a JSON array of strings, or one label per line. */
export async function readLabels(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CraneError('USAGE', `${file}: labels file not found`);
  });
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || !parsed.every((l) => typeof l === 'string'))
      throw new CraneError('USAGE', `${file}: a JSON labels file must be an array of strings`);
    return parsed;
  }
  return trimmed
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Copies a model's files (paths relative to `sourceDir`) into `dir`, keeping their sub-folders. */
export async function copyModelFiles(sourceDir: string, files: { path: string }[], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const from = path.join(sourceDir, file.path);
    const to = path.join(dir, file.path);
    if (path.resolve(from) === path.resolve(to)) continue;
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to);
  }
}

/** Writes a project folder: the model files plus craneml.json. Refuses to overwrite a manifest. */
export async function initProject(model: string, outDir: string, options: ManifestOptions & { force?: boolean } = {}): Promise<Project> {
  const info = await inspectModel(model);
  const manifest = await createManifest(info, options);
  const dir = path.resolve(outDir);
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!options.force && (await stat(manifestPath).catch(() => null))) {
    throw new CraneError('USAGE', `${manifestPath} already exists (use --force to replace it)`);
  }
  await copyModelFiles(path.dirname(info.entry), info.files, dir);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return { dir, manifest, entry: path.join(dir, manifest.model.entry) };
}
