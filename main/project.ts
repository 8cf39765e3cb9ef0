/** A project is a folder with the model files and craneml.json; this opens, creates and checks one. */
import { constants } from 'node:fs';
import { copyFile, mkdir, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CraneError, ManifestError } from './errors.ts';
import { readFileLimited } from './files/read-limited.ts';
import { writeFolder } from './files/write-folder.ts';
import { isInside, kindOf } from './formats/contained-path.ts';
import { inspectModel, type InspectOptions, type ModelInfo, type NotebookModel } from './formats/index.ts';
import { guessInputCodec } from './inference/guess-codec.ts';
import { sha256File } from './inference/hash.ts';
import { decideSetup } from './inference/setup-decision.ts';
import {
  loadManifest,
  MANIFEST_FILE,
  parseManifest,
  type ImageCodec,
  type Manifest,
  type ManifestInput,
  type TensorSpec,
} from './manifest.ts';
import { applyPreset } from './presets.ts';
import type { PythonModel } from './python-project/types.ts';

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
  /** The output holding class scores (--scores-output); chosen by shape when absent. */
  scoresOutput?: string;
  /** Apply softmax or not (--softmax / --no-softmax); probed when absent. */
  softmax?: boolean;
  /** Image pre-processing (--mean, --std, --fit, --kernel) over the preset's or guessed codec; needs an image input. */
  image?: ImagePreprocessing;
  /** How a notebook model is converted (--sample, --tolerance, progress, cancel); other formats ignore it. */
  convert?: InspectOptions;
  /** A TorchScript file's input shape per row (--input-shape), which the file does not declare. */
  inputShape?: number[];
}

/** What inspecting the model needs of the options: the conversion's, and what a TorchScript file does not say. */
function inspectOptions(options: ManifestOptions): InspectOptions {
  return { ...options.convert, torch: { inputShape: options.inputShape, preset: options.preset } };
}

/** The image codec's settings that `init` takes from flags. */
export interface ImagePreprocessing {
  mean?: number[];
  std?: number[];
  fit?: ImageCodec['fit'];
  kernel?: ImageCodec['kernel'];
}

/** The preset's or guessed input codec with the flags' pre-processing on top; refused for a tensor input. */
function inputCodec(
  preset: ManifestInput['input'] | undefined,
  firstInput: TensorSpec,
  image: ImagePreprocessing = {},
): ManifestInput['input'] {
  const codec = preset ?? guessInputCodec(firstInput);
  const given = Object.fromEntries(Object.entries(image).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length === 0) return codec;
  if (codec?.kind !== 'image') {
    const flags = Object.keys(given).map((k) => `--${k}`);
    throw new CraneError(
      'USAGE',
      `${flags.join(', ')} describe an image input, but input "${firstInput.name}" [${firstInput.shape.join(', ')}] ${firstInput.dtype} is taken as a tensor`,
    );
  }
  return { ...codec, ...given };
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
  const base = slug(
    path.basename(file).replace(/\.(onnx|json|h5|keras|pkl|pickle|joblib|skops|ubj|txt|cbm|pt|pth|pt2)(\.(gz|z|bz2|xz|lzma))?$/i, ''),
  );
  if (base !== '' && base !== 'model') return base;
  return slug(path.basename(path.dirname(path.resolve(file)))) || 'model';
}

/**
 * The classifier's score output and softmax setting with why, as the core decides them for the CLI and
 * the app alike (inference/setup-decision.ts); undefined without labels. Refuses with the decision's problem.
 */
async function classifierPostprocess(
  info: ModelInfo,
  labels: string[] | undefined,
  options: ManifestOptions,
  presetSoftmax: boolean | undefined,
): Promise<{ output: string; softmax: boolean; decided: string; topK: number } | undefined> {
  const decision = await decideSetup(info, labels, { output: options.scoresOutput, softmax: options.softmax, presetSoftmax });
  if (decision.problem) throw new ManifestError(decision.problem.message);
  if (!labels?.length || !decision.output || !decision.decided) return undefined;
  return { output: decision.output.name, softmax: decision.softmax, decided: decision.decided, topK: decision.topK };
}

/** The model files with their hashes, for the manifest. */
function hashedFiles(info: ModelInfo): Promise<{ path: string; bytes: number; sha256: string }[]> {
  const dir = path.dirname(info.entry);
  return Promise.all(info.files.map(async (f) => ({ path: f.path, bytes: f.bytes, sha256: await sha256File(path.join(dir, f.path)) })));
}

/** Flags that describe what a notebook model's file (or a Python project's code) already says: its columns and classes. */
function refuseNotebookFlags(options: ManifestOptions, what = 'a notebook model, whose file names its columns and classes'): void {
  const given = [
    options.preset !== undefined && '--preset',
    options.labels !== undefined && '--labels',
    options.scoresOutput !== undefined && '--scores-output',
    options.softmax !== undefined && '--softmax',
    ...Object.entries(options.image ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k]) => `--${k}`),
  ].filter((flag): flag is string => typeof flag === 'string');
  if (given.length > 0) throw new CraneError('USAGE', `${given.join(', ')}: not for ${what}`);
}

/** Rows queued and rows a model call, for table models (see notebookManifest). */
const TABLE_MAX_QUEUE = 16_384;
const TABLE_MAX_BATCH = 1024;

/**
 * The manifest of a converted notebook model: its columns as a table input, classes_ as labels
 * over the converter's score output (probabilities already: no softmax, so no probe run), the
 * task, and the conversion record with its parity proof.
 */
async function notebookManifest(info: ModelInfo, notebook: NotebookModel, options: ManifestOptions): Promise<Manifest> {
  refuseNotebookFlags(options);
  const classes = notebook.task === 'classification' ? notebook.classes : undefined;
  const decided = classes
    ? `scores: the converter's output "${notebook.scoreOutput}", one probability per class of the model's classes_; softmax off: they are probabilities already`
    : `values: the converter's output "${notebook.scoreOutput}", the regressor's prediction`;
  const manifest: ManifestInput = {
    name: options.name ?? nameFromFile(notebook.conversion.source.file),
    version: options.version ?? '1.0.0',
    format: 'onnx',
    model: { entry: path.basename(info.entry), files: await hashedFiles(info) },
    signature: { inputs: info.inputs, outputs: info.outputs },
    input: { kind: 'table', columns: notebook.columns },
    labels: classes,
    task: notebook.task,
    postprocess: { output: notebook.scoreOutput, softmax: false, top_k: Math.min(3, Math.max(1, classes?.length ?? 1)), decided },
    conversion: notebook.conversion,
    // A row is a few bytes, and CSV requests carry many: the image defaults (512 queued, 32 a call)
    // shed 100-row CSV requests at c=64 with 503 while the model idled.
    server: { max_queue: TABLE_MAX_QUEUE, max_batch_size: TABLE_MAX_BATCH },
  };
  return parseManifest(JSON.parse(JSON.stringify(manifest)), 'the new manifest');
}

/**
 * The manifest of a model the Python runtime serves (info.python): its columns as a table (or rows as
 * sent), a notebook classifier's classes as labels, and the python section with why Python serves it.
 */
async function pythonManifest(info: ModelInfo, python: PythonModel, options: ManifestOptions): Promise<Manifest> {
  refuseNotebookFlags(options, 'a model the Python runtime serves, whose code or file says its input and answers');
  const { section } = python;
  const pickle = section.source.kind === 'pickle';
  const classes = python.task === 'classification' ? python.classes : undefined;
  const manifest: ManifestInput = {
    name: options.name ?? (pickle ? nameFromFile(info.entry) : slug(path.basename(path.dirname(info.entry))) || 'model'),
    version: options.version ?? '1.0.0',
    format: 'python',
    runtime: 'python',
    model: { entry: path.basename(info.entry), files: await hashedFiles(info) },
    signature: { inputs: info.inputs, outputs: info.outputs },
    input: python.columns ? { kind: 'table', columns: python.columns } : { kind: 'rows' },
    labels: classes,
    task: python.task,
    postprocess: { softmax: false, top_k: Math.min(3, Math.max(1, classes?.length ?? 1)) },
    // A pickled estimator answers many rows a call, as its ONNX twin would (see notebookManifest).
    ...(pickle ? { server: { max_queue: TABLE_MAX_QUEUE, max_batch_size: TABLE_MAX_BATCH } } : {}),
    python: section,
  };
  return parseManifest(JSON.parse(JSON.stringify(manifest)), 'the new manifest');
}

/**
 * Builds a manifest for an inspected model: preset or guessed codec, labels, file hashes. For a
 * classifier, the score output is chosen by shape and softmax by a probe run (see class-axis.ts and
 * score-probe.ts); what was decided and why is written to `postprocess.decided`.
 */
export async function createManifest(info: ModelInfo, options: ManifestOptions = {}): Promise<Manifest> {
  if (info.notebook) return notebookManifest(info, info.notebook, options);
  // A PyTorch file has tensors: described like an ONNX model's (preset, labels, image codec), served by Python.
  if (info.python && !info.python.tensors) return pythonManifest(info, info.python, options);
  if (info.format === 'python' && !info.python) throw new Error('a Python model without its python facts');
  const firstInput = info.inputs[0]!;
  const preset = options.preset ? applyPreset(options.preset, firstInput) : undefined;
  const labels = options.labels ?? preset?.labels;
  const classifier = await classifierPostprocess(info, labels, options, preset?.postprocess?.softmax);
  const outputClasses = info.outputs[0]!.shape.at(-1) ?? -1;
  const postprocess = preset?.postprocess ?? { softmax: false, top_k: classifier?.topK ?? Math.min(3, Math.max(1, outputClasses)) };
  const files = await hashedFiles(info);
  const manifest: ManifestInput = {
    name: options.name ?? nameFromFile(info.entry),
    version: options.version ?? '1.0.0',
    description: preset?.description,
    format: info.format,
    ...(info.python ? { runtime: 'python' as const, python: info.python.section } : {}),
    model: { entry: path.basename(info.entry), files },
    signature: { inputs: info.inputs, outputs: info.outputs },
    input: inputCodec(preset?.input, firstInput, options.image),
    labels,
    postprocess: {
      ...postprocess,
      ...(classifier ? { output: classifier.output, softmax: classifier.softmax, decided: classifier.decided } : {}),
    },
  };
  return parseManifest(JSON.parse(JSON.stringify(manifest)), 'the new manifest');
}

/**
 * Checks that every model file is a regular file inside the project folder (after resolving
 * symbolic links) and unchanged since the manifest was written. The digest of a file that does not
 * match is never printed: the manifest may point anywhere, and a hash tells what a file holds.
 */
export async function verifyModelFiles(dir: string, manifest: Manifest): Promise<void> {
  const root = await realpath(dir);
  for (const file of manifest.model.files) {
    const full = path.join(dir, file.path);
    let real: string;
    try {
      real = await realpath(full);
    } catch {
      throw new CraneError('MODEL_FILES', `${full}: listed in ${MANIFEST_FILE} but missing`);
    }
    if (!isInside(root, real)) {
      throw new CraneError('MODEL_FILES', `${full}: leads outside the project folder ${root}; copy the model file into the folder`);
    }
    const info = await stat(real);
    if (!info.isFile()) throw new CraneError('MODEL_FILES', `${full}: listed in ${MANIFEST_FILE} but is ${kindOf(info)}, not a model file`);
    const actual = await sha256File(real);
    if (actual !== file.sha256) {
      throw new CraneError(
        'MODEL_FILES',
        `${full} changed after "craneml init" (its sha256 is not the ${file.sha256.slice(0, 12)}… the manifest records); run "craneml init" again to accept the new file`,
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
  const info = await inspectModel(target, inspectOptions(options));
  const manifest = await createManifest(info, options);
  return { dir: path.dirname(info.entry), manifest, entry: info.entry };
}

/** More labels than any classifier has (ImageNet-21k has 21,841): a file with more is not a labels file. */
const MAX_LABELS = 100_000;

/** Reads a labels file (at most 1 MB and 100,000 labels): a JSON array of strings, or one label per line. */
export async function readLabels(file: string): Promise<string[]> {
  const text = (await readFileLimited(file, { what: 'labels file' })).toString('utf8');
  const trimmed = text.trim();
  let labels: string[];
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new CraneError('USAGE', `${file}: a labels file starting with "[" must be a JSON array of strings`);
    }
    if (!Array.isArray(parsed) || !parsed.every((l) => typeof l === 'string'))
      throw new CraneError('USAGE', `${file}: a JSON labels file must be an array of strings`);
    labels = parsed;
  } else {
    labels = trimmed
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
  }
  if (labels.length > MAX_LABELS)
    throw new CraneError('USAGE', `${file}: more than ${MAX_LABELS} labels, the limit; is it the right file?`);
  return labels;
}

/** Copies a model's files (paths relative to `sourceDir`) into `dir`, a folder being written, keeping their sub-folders. */
export async function copyModelFiles(sourceDir: string, files: { path: string }[], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const to = path.join(dir, file.path);
    await mkdir(path.dirname(to), { recursive: true });
    // COPYFILE_EXCL: the folder is new, so nothing there may be written through.
    await copyFile(path.join(sourceDir, file.path), to, constants.COPYFILE_EXCL);
  }
}

/** A project folder's contents, written into `dir` (a new folder). */
export async function writeProjectFiles(sourceDir: string, manifest: Manifest, dir: string): Promise<void> {
  await copyModelFiles(sourceDir, manifest.model.files, dir);
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', { flag: 'wx' });
}

/**
 * The one project writer (`craneml init`, the app's Create project): the model files of `manifest`
 * (paths relative to `sourceDir`) plus craneml.json into `dir`, a new or empty folder, or with
 * `replace` a project CraneML wrote that holds nothing else; never into or above `protect`
 * (main/files/write-folder.ts). `replaceHint` says how the user asks to replace (default: --force).
 */
export async function writeProjectFolder(
  sourceDir: string,
  manifest: Manifest,
  dir: string,
  options: { replace?: boolean; protect?: string[]; replaceHint?: string } = {},
): Promise<void> {
  await writeFolder(
    { target: dir, kind: 'project', replace: options.replace === true, protect: options.protect ?? [], replaceHint: options.replaceHint },
    (temporary) => writeProjectFiles(sourceDir, manifest, temporary),
  );
}

/** Inspects `model` and writes its project folder (writeProjectFolder); `force` replaces a project CraneML wrote. */
export async function initProject(
  model: string,
  outDir: string,
  options: ManifestOptions & { force?: boolean } = {},
): Promise<Project & { python?: PythonModel }> {
  const info = await inspectModel(model, inspectOptions(options));
  const manifest = await createManifest(info, options);
  const dir = path.resolve(outDir);
  await writeProjectFolder(path.dirname(info.entry), manifest, dir, { replace: options.force === true, protect: [path.resolve(model)] });
  return { dir, manifest, entry: path.join(dir, manifest.model.entry), ...(info.python ? { python: info.python } : {}) };
}
