/**
 * What a notebook model file is and holds, read statically on the host: kind, library, versions, the
 * globals it names (all allowed, or the file is refused naming every other) and the estimator.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CraneError, ModelFormatError } from '../errors.ts';
import { sha256File } from '../inference/hash.ts';
import { refusalMessage } from './allow-list.ts';
import { boosterFacts } from './booster-facts.ts';
import { detectSource } from './detect-source.ts';
import { MAX_INFLATE_BYTES } from './pickle/decompress.ts';
import { findModel } from './pickle/estimator.ts';
import { readPickle } from './pickle/read-pickle.ts';
import { readSkopsFacts } from './skops-facts.ts';
import type { SourceFacts } from './types.ts';

/** The largest pickle read into memory to be walked: the limit the app stages, too. */
const MAX_PICKLE_BYTES = MAX_INFLATE_BYTES;

const NO_MODEL = 'holds no scikit-learn, XGBoost or LightGBM model';

type Facts = Omit<SourceFacts, 'file' | 'kind' | 'bytes' | 'sha256'>;

async function pickleFacts(file: string, size: number): Promise<Facts & { kind: 'pickle' | 'joblib'; sha256: string }> {
  if (size > MAX_PICKLE_BYTES) {
    throw new CraneError('INPUT_TOO_LARGE', `${file}: ${size} bytes, past the limit of ${MAX_PICKLE_BYTES} for a pickle CraneML reads`);
  }
  const bytes = await readFile(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const read = await readPickle(bytes, file);
  const { findings } = read;
  if (findings.refused.length > 0) throw new CraneError('UNSAFE_MODEL', refusalMessage(file, findings.refused));
  const model = findModel(findings.top);
  if (!model) throw new ModelFormatError(`${file}: ${NO_MODEL} (a pickle of ${describeTop(findings.top)})`);
  const versions: Record<string, string> = { ...model.versions };
  const sklearn = findings.sklearnVersions[0];
  if (sklearn) versions['scikit-learn'] = sklearn;
  return {
    kind: read.kind,
    ...(read.compression ? { compression: read.compression } : {}),
    library: model.library,
    versions,
    globals: findings.globals,
    estimator: model.estimator,
    sha256,
  };
}

function describeTop(top: unknown): string {
  if (top === null) return 'None';
  if (typeof top !== 'object') return `a ${typeof top}`;
  const value = top as { t: string; cls?: string };
  if (value.t === 'object') return value.cls ?? 'an object';
  return { dict: 'a dict', list: 'a list', tuple: 'a tuple', set: 'a set', bytes: 'bytes', global: 'a name' }[value.t] ?? 'a value';
}

async function skopsFacts(file: string): Promise<Facts> {
  const facts = await readSkopsFacts(file, file);
  if (facts.refused.length > 0) throw new CraneError('UNSAFE_MODEL', refusalMessage(file, facts.refused, 'the skops file'));
  if (!facts.library || !facts.estimator) throw new ModelFormatError(`${file}: ${NO_MODEL}`);
  return { library: facts.library, versions: facts.versions, globals: facts.globals, estimator: facts.estimator };
}

/**
 * The facts of a notebook model file, or undefined when `file` is not one. Nothing in the file runs.
 * Throws CraneError UNSAFE_MODEL naming every call outside the allow-list, MODEL_CORRUPT for a
 * truncated or damaged file ("not a complete pickle", with the offset), MODEL_FORMAT for a pickle
 * holding no model or a compression Node cannot read, INPUT_TOO_LARGE for a decompression bomb.
 * @example await readSourceFacts('cancer.joblib') // { kind: 'joblib', library: 'scikit-learn', versions: { 'scikit-learn': '1.9.1' }, … }
 */
export async function readSourceFacts(file: string): Promise<SourceFacts | undefined> {
  const absolute = path.resolve(file);
  const kind = await detectSource(absolute);
  if (!kind) return undefined;
  const { size } = await stat(absolute);
  if (kind === 'pickle' || kind === 'joblib') {
    const { sha256, kind: read, ...facts } = await pickleFacts(file, size);
    return { file: absolute, kind: read, ...facts, bytes: size, sha256 };
  }
  const facts = kind === 'skops' ? await skopsFacts(file) : { ...(await boosterFacts(absolute, kind, size)), globals: [] };
  return { file: absolute, kind, ...facts, bytes: size, sha256: await sha256File(absolute) };
}
