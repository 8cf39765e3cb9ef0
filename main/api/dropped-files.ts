/**
 * Which of the files dropped together is the model and which go with it: an .onnx with its external
 * data, a TF.js model.json with its weight shards, any model with a labels.txt. Two models dropped at
 * once are refused with both names, never one of them silently taken.
 */
import { CraneError } from '../errors.ts';

/** The labels file dropped beside a model: its classes' names, one a line (or a JSON array). */
const LABELS_FILE = /^labels\.txt$/i;

/** Files that hold a model by their name: each needs its own drop. Anything else travels with the model (weights). */
const MODEL_FILE = /\.(onnx|json|h5|keras|pkl|pickle|joblib|skops|ubj|cbm|txt|pt|pth|pt2)$/i;

export interface DroppedModel {
  /** The file to inspect, '' for the folder itself (a Python project); see entryOf. */
  entry: string;
  /** The labels.txt dropped with the model, if any. */
  labelsFile?: string;
}

/** "a", "a and b", "a, b and c". */
function listed(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The one top folder a picked or dropped project folder's files lie in ("echo/cog.yaml", "echo/weights/x"),
 * when it holds cog.yaml or predict.py; staged under its own name, the project is named after it.
 */
function projectFolderOf(names: string[]): string | undefined {
  const top = names[0]?.split('/')[0];
  if (!top || !names.every((name) => name.startsWith(`${top}/`))) return undefined;
  return names.includes(`${top}/cog.yaml`) || names.includes(`${top}/predict.py`) ? top : undefined;
}

/**
 * The model among the dropped files and its labels file: a Python project is its folder; one file is
 * itself; else the one file named like a model, the rest (weights) beside it.
 * @example droppedModel(['net.onnx', 'net.onnx.data', 'labels.txt']) // { entry: 'net.onnx', labelsFile: 'labels.txt' }
 */
export function droppedModel(names: string[]): DroppedModel {
  if (names.includes('cog.yaml') || names.includes('predict.py')) return { entry: '' };
  const folder = projectFolderOf(names);
  if (folder) return { entry: folder };
  if (names.length === 1) return { entry: names[0]! };
  const labelsFile = names.find((name) => LABELS_FILE.test(name));
  const models = names.filter((name) => name !== labelsFile && MODEL_FILE.test(name));
  if (models.length > 1)
    throw new CraneError(
      'MODEL_FILES',
      `${models.length} models dropped together: ${listed(models)}; drop one model at a time, with its weight files and labels.txt`,
    );
  const rest = names.filter((name) => name !== labelsFile);
  // No file named like a model: the one file left, else the folder, and detection says what it found.
  const entry = models[0] ?? (rest.length === 1 ? rest[0]! : '');
  return { entry, ...(labelsFile && entry !== '' ? { labelsFile } : {}) };
}
