/**
 * Finds the model in what a pickle would build (the top object, or the first library object inside a
 * dict or list holding it) and names it for people: "Pipeline(ColumnTransformer, LogisticRegression)".
 */
import type { NotebookLibrary } from '../types.ts';
import { ubjObjective, ubjVersion } from '../xgboost-ubj.ts';
import { entryOf, isObject, isSequence, type PyObject, type PyValue } from './values.ts';

const LIBRARY_OF_ROOT: Record<string, NotebookLibrary> = {
  sklearn: 'scikit-learn',
  xgboost: 'xgboost',
  lightgbm: 'lightgbm',
  catboost: 'catboost',
};

/** Objects looked at before giving up on finding a model: a forest's trees are far fewer. */
const MAX_VISITED = 200_000;

export interface PickledModel {
  library: NotebookLibrary;
  estimator: string;
  /** Versions read from inside the model (an XGBoost Booster's raw bytes). */
  versions: Record<string, string>;
}

function libraryOf(cls: string): NotebookLibrary | undefined {
  return LIBRARY_OF_ROOT[cls.split('.')[0] ?? ''];
}

const shortName = (cls: string): string => cls.slice(cls.lastIndexOf('.') + 1);

function childrenOf(value: PyValue): PyValue[] {
  if (typeof value !== 'object' || value === null) return [];
  if (value.t === 'list' || value.t === 'tuple' || value.t === 'set') return value.items;
  if (value.t === 'dict') return [...value.entries.values()];
  if (value.t === 'object') return value.state === undefined ? value.args : [...value.args, value.state];
  return [];
}

/** Breadth first from `root`: every object, each once (marked when queued, so the queue holds each value once), until `found` says stop. */
function walk(root: PyValue, found: (object: PyObject) => boolean): void {
  const queue: PyValue[] = [root];
  const seen = new Set<PyValue>([root]);
  for (let i = 0; i < queue.length && i < MAX_VISITED; i++) {
    const value = queue[i]!;
    if (isObject(value) && found(value)) return;
    for (const child of childrenOf(value)) {
      if (typeof child !== 'object' || child === null || seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
}

/** The raw UBJSON model an XGBoost Booster keeps under 'handle': BYTEARRAY8, or bytearray(BINBYTES) before protocol 5. */
function boosterBytes(booster: PyObject): Uint8Array | undefined {
  const handle = entryOf(booster.state, 'handle');
  const bytes = isObject(handle, 'builtins.bytearray') ? handle.args[0] : handle;
  return typeof bytes === 'object' && bytes !== null && bytes.t === 'bytes' ? bytes.view : undefined;
}

function describe(model: PyObject): string {
  const name = shortName(model.cls);
  if (model.cls === 'xgboost.core.Booster') {
    const bytes = boosterBytes(model);
    const objective = bytes && ubjObjective(bytes);
    return objective ? `XGBoost Booster (${objective})` : 'XGBoost Booster';
  }
  if (model.cls === 'lightgbm.basic.Booster') return 'LightGBM Booster';
  const steps = entryOf(model.state, 'steps');
  if (!isSequence(steps)) return name;
  const names = steps.items.flatMap((step) => {
    const estimator = isSequence(step) ? step.items[1] : undefined;
    return isObject(estimator) ? [shortName(estimator.cls)] : [];
  });
  return names.length > 0 ? `${name}(${names.join(', ')})` : name;
}

/**
 * The model a pickle holds, or undefined when it holds no scikit-learn, XGBoost, LightGBM or
 * CatBoost object (a plain dict, a list of numbers).
 * @example findModel(findings.top) // { library: 'scikit-learn', estimator: 'Pipeline(StandardScaler, LogisticRegression)', versions: {} }
 */
export function findModel(top: PyValue): PickledModel | undefined {
  let model: PyObject | undefined;
  walk(top, (object) => {
    if (!libraryOf(object.cls)) return false;
    model = object;
    return true;
  });
  if (!model) return undefined;
  const versions: Record<string, string> = {};
  walk(model, (object) => {
    const bytes = object.cls === 'xgboost.core.Booster' ? boosterBytes(object) : undefined;
    const version = bytes && ubjVersion(bytes);
    if (version) versions.xgboost = version;
    return version !== undefined;
  });
  return { library: libraryOf(model.cls)!, estimator: describe(model), versions };
}
