/**
 * What XGBoost's JSON and UBJSON files, LightGBM's text files and CatBoost's .cbm files say about
 * themselves, read from their head or tail without parsing the trees: version and objective (loss).
 */
import { open } from 'node:fs/promises';
import { readRange } from '../files/read-range.ts';
import type { SourceKind } from '../shared/conversion-schema.ts';
import type { NotebookLibrary } from './types.ts';
import { ubjObjective, ubjVersion } from './xgboost-ubj.ts';

/** How far from the start or end the facts are looked for. */
const WINDOW = 64 * 1024;

export interface BoosterFacts {
  library: NotebookLibrary;
  versions: Record<string, string>;
  estimator: string;
}

async function readWindow(file: string, size: number, from: 'head' | 'tail'): Promise<Buffer> {
  const length = Math.min(size, WINDOW);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, from === 'head' ? 0 : size - length);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const withObjective = (name: string, objective: string | undefined): string => (objective ? `${name} (${objective})` : name);

async function xgboostJson(file: string, size: number): Promise<BoosterFacts> {
  const tail = (await readWindow(file, size, 'tail')).toString('utf8');
  const version = /"version"\s*:\s*\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]\s*\}\s*$/.exec(tail);
  const objective = /"objective"\s*:\s*\{\s*"name"\s*:\s*"([\w:.-]+)"/.exec(tail);
  return {
    library: 'xgboost',
    versions: version ? { xgboost: version.slice(1, 4).join('.') } : {},
    estimator: withObjective('XGBoost Booster', objective?.[1]),
  };
}

async function xgboostUbj(file: string, size: number): Promise<BoosterFacts> {
  const tail = await readWindow(file, size, 'tail');
  const version = ubjVersion(tail);
  return {
    library: 'xgboost',
    versions: version ? { xgboost: version } : {},
    estimator: withObjective('XGBoost Booster', ubjObjective(tail)),
  };
}

async function lightgbmText(file: string, size: number): Promise<BoosterFacts> {
  const head = (await readWindow(file, size, 'head')).toString('utf8');
  // "objective=binary sigmoid:1": the objective's name, then its parameters. The text names no library version.
  const objective = /^objective=([\w:.-]+)/m.exec(head);
  return { library: 'lightgbm', versions: {}, estimator: withObjective('LightGBM Booster', objective?.[1]) };
}

/** How far into a .cbm file its version is looked for: the model info comes after the training's metrics history. */
const CATBOOST_WINDOW = 4 * 1024 ** 2;

async function catboost(file: string, size: number): Promise<BoosterFacts> {
  const head = (await readRange(file, 0, Math.min(size, CATBOOST_WINDOW))).toString('latin1');
  // The model info's catboost_version_info: "Branch: tags/v1.2.10", "Summary: CatBoost release 1.2.10. …".
  const version = /CatBoost release (\d+(?:\.\d+){1,3})\b/.exec(head) ?? /Branch: tags\/v(\d+(?:\.\d+){1,3})\b/.exec(head);
  // The training parameters' JSON: "loss_function":{"type":"Logloss","params":{}}.
  const loss = /"loss_function":\{"type":"(\w+)"/.exec(head);
  return { library: 'catboost', versions: version ? { catboost: version[1]! } : {}, estimator: withObjective('CatBoost model', loss?.[1]) };
}

/**
 * The facts of a booster file of `kind`.
 * @example await boosterFacts('model.json', 'xgboost-json', 2870) // { library: 'xgboost', versions: { xgboost: '3.2.0' }, estimator: 'XGBoost Booster (binary:logistic)' }
 */
export async function boosterFacts(
  file: string,
  kind: Exclude<SourceKind, 'pickle' | 'joblib' | 'skops'>,
  size: number,
): Promise<BoosterFacts> {
  if (kind === 'xgboost-json') return xgboostJson(file, size);
  if (kind === 'xgboost-ubj') return xgboostUbj(file, size);
  if (kind === 'lightgbm-text') return lightgbmText(file, size);
  return catboost(file, size);
}
