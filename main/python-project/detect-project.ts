/**
 * Whether a folder is a Python project CraneML serves as it is: `cog.yaml` makes it a Cog project;
 * else a `predict.py` defining `class Predictor` makes it a predictor project. A folder with
 * craneml.json is a CraneML project already, and naming its cog.yaml or predict.py (or a Cog
 * project's run.py) names the folder.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readRange } from '../files/read-range.ts';

export type PythonProjectKind = 'cog' | 'predictor';

export interface PythonProjectFolder {
  kind: PythonProjectKind;
  /** The project folder, absolute. */
  dir: string;
}

export const COG_FILE = 'cog.yaml';
export const PREDICTOR_FILE = 'predict.py';
export const PREDICTOR_CLASS = 'Predictor';
/** The runner's file in the projects `cog init` writes since Cog 0.22. */
const COG_RUNNER_FILE = 'run.py';

/** predict.py is read this far for its class; a predictor is a short file. */
const PREDICTOR_HEAD_BYTES = 1024 * 1024;

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}

async function definesPredictor(file: string): Promise<boolean> {
  const text = (await readRange(file, 0, PREDICTOR_HEAD_BYTES)).toString('utf8');
  return new RegExp(`^class\\s+${PREDICTOR_CLASS}\\b`, 'm').test(text);
}

/**
 * The Python project `target` is (a folder, or its cog.yaml, predict.py or Cog run.py), or undefined.
 * @example await detectPythonProject('my-cog-model') // { kind: 'cog', dir: '/home/me/my-cog-model' }
 */
export async function detectPythonProject(target: string): Promise<PythonProjectFolder | undefined> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return undefined;
  const named = path.basename(target);
  if (info.isFile() && ![COG_FILE, PREDICTOR_FILE, COG_RUNNER_FILE].includes(named)) return undefined;
  const dir = path.resolve(info.isFile() ? path.dirname(target) : target);
  if (await isFile(path.join(dir, 'craneml.json'))) return undefined;
  if (await isFile(path.join(dir, COG_FILE))) return { kind: 'cog', dir };
  if (info.isFile() && named === COG_RUNNER_FILE) return undefined;
  const predictor = path.join(dir, PREDICTOR_FILE);
  if ((await isFile(predictor)) && (await definesPredictor(predictor))) return { kind: 'predictor', dir };
  return undefined;
}
