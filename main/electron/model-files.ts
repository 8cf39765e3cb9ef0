/**
 * The files of a model opened by path (file association, command line, File › Open model…, a
 * drop): the file itself plus the files it names beside it (an .onnx's .onnx.data, model.json's
 * weight shards), as the wizard's Drop step would take them.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CraneError } from '../errors.ts';
import { ModelFolder } from '../formats/contained-path.ts';

/** The model files the app is associated with: ONNX, Keras, notebook models (scikit-learn, XGBoost UBJSON, CatBoost) and PyTorch. */
export const MODEL_EXTENSIONS = ['onnx', 'h5', 'keras', 'pkl', 'pickle', 'joblib', 'skops', 'ubj', 'cbm', 'pt', 'pth', 'pt2'] as const;

/** @example isModelFile('/home/me/model.json') // true */
export function isModelFile(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  return base === 'model.json' || MODEL_EXTENSIONS.some((ext) => base.endsWith(`.${ext}`));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The weight shard names a TF.js model.json lists (only plain names beside it). */
async function shardNames(modelJson: string): Promise<string[]> {
  try {
    const manifest = JSON.parse(await readFile(modelJson, 'utf8')) as { weightsManifest?: { paths?: unknown[] }[] };
    const names = (manifest.weightsManifest ?? []).flatMap((group) => group.paths ?? []);
    return names.filter((name): name is string => typeof name === 'string' && path.basename(name) === name);
  } catch {
    return []; // the core says what is wrong with the file itself
  }
}

/**
 * The paths of the model's files, to be copied into the staging folder (never read into memory here).
 * @example await modelFilePaths('/models/mnist.onnx') // ['/models/mnist.onnx', maybe '/models/mnist.onnx.data']
 */
export async function modelFilePaths(file: string): Promise<string[]> {
  if (!(await exists(file))) throw new CraneError('NOT_FOUND', `${file}: no such file`);
  const dir = path.dirname(file);
  const base = path.basename(file);
  const companions = base.toLowerCase().endsWith('.onnx') ? [`${base}.data`] : base === 'model.json' ? await shardNames(file) : [];
  const paths = [file];
  // A companion linking out of the folder is refused here, before staging copies its content.
  const folder = await ModelFolder.of(file);
  const role = base === 'model.json' ? 'weights shard' : 'external data file';
  for (const name of companions) {
    if (!(await exists(path.join(dir, name)))) continue;
    await folder.file(name, role, file);
    paths.push(path.join(dir, name));
  }
  return paths;
}

/** The model file named on a command line (the first argument that is one), resolved against `cwd`. */
export function modelFileFromArgs(argv: readonly string[], cwd: string): string | undefined {
  const arg = argv.slice(1).find((a) => !a.startsWith('-') && isModelFile(a));
  return arg === undefined ? undefined : path.resolve(cwd, arg);
}
