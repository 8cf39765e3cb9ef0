/**
 * Conversions done before, so `inspect` then `init` convert a file once: `<cache>/conversions/<key>/`
 * holds report.json, entry.json and, when the conversion passed, model.onnx, keyed by what decides the
 * result (the file, the globals its load may use, the sample, the tolerance, the converter image). A
 * failed conversion is kept too: the report's failure is the same each time for the same key (the
 * synthesised rows are seeded; a crash, a time limit or an out-of-memory kill is no report and is never
 * kept). An entry is made whole in a temporary sibling and renamed into place; one whose files do not
 * match its entry.json is never used.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from '../inference/hash.ts';
import { z } from 'zod';
import { cacheRoot } from '../packaging/runtime-cache.ts';
import { removeLeftovers, siblingOf } from '../files/temp-sibling.ts';
import { converterReportSchema, type ConverterReport } from '../shared/conversion-schema.ts';

export interface CacheKeyParts {
  /** sha256 of the model file. */
  file: string;
  /** The "module.qualname" globals the host's scan approved for loading it. */
  allowed: readonly string[];
  /** sha256 of the sample CSV, when there is one. */
  sample?: string;
  tolerance: number;
  /** The converter image's tag (a digest of its recipe). */
  image: string;
}

export type PassedReport = Extract<ConverterReport, { ok: true }>;
export type FailedReport = Extract<ConverterReport, { ok: false }>;

export interface CachedConversion {
  dir: string;
  onnxFile: string;
  report: PassedReport;
  /** How long the conversion took when it ran. */
  seconds: number;
}

export interface CachedFailure {
  report: FailedReport;
  seconds: number;
}

// A passed conversion's entry names its model.onnx; a failed one's names none.
const entrySchema = z.object({
  onnxSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  seconds: z.number().min(0),
});

export function conversionsDir(root = cacheRoot()): string {
  return path.join(root, 'conversions');
}

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.file, [...parts.allowed].sort(), parts.sample ?? null, parts.tolerance, parts.image]))
    .digest('hex');
}

/** The entry for `key`, when it is whole: a failed report, or a passed one whose model.onnx is the file entry.json names. */
export async function readCached(key: string, root = conversionsDir()): Promise<CachedConversion | CachedFailure | undefined> {
  const dir = path.join(root, key);
  try {
    const entry = entrySchema.parse(JSON.parse(await readFile(path.join(dir, 'entry.json'), 'utf8')));
    const report = converterReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')));
    if (!report.ok) return entry.onnxSha256 === undefined ? { report, seconds: entry.seconds } : undefined;
    const onnxFile = path.join(dir, 'model.onnx');
    if (entry.onnxSha256 === undefined || (await sha256File(onnxFile)) !== entry.onnxSha256) return undefined;
    return { dir, onnxFile, report, seconds: entry.seconds };
  } catch {
    return undefined;
  }
}

/** A new empty folder beside where `key`'s entry goes, for the converter's output. */
export async function startEntry(key: string, root = conversionsDir()): Promise<string> {
  await mkdir(root, { recursive: true });
  const target = path.join(root, key);
  await removeLeftovers(target);
  const dir = siblingOf(target, 'tmp');
  await mkdir(dir);
  return dir;
}

/**
 * Puts the finished folder `temporary` (report.json and model.onnx) in place as `key`'s entry and
 * returns it. When another process put a passed one there first, that one is kept and `temporary` removed.
 */
export async function commitEntry(
  key: string,
  temporary: string,
  report: PassedReport,
  seconds: number,
  root = conversionsDir(),
): Promise<CachedConversion> {
  const onnxSha256 = await sha256File(path.join(temporary, 'model.onnx'));
  const theirs = await putInPlace(key, temporary, { onnxSha256, seconds }, root);
  if (theirs && 'onnxFile' in theirs) return theirs;
  const target = path.join(root, key);
  return { dir: target, onnxFile: path.join(target, 'model.onnx'), report, seconds };
}

/** Puts the folder `temporary`, holding a failed conversion's report.json, in place as `key`'s entry. */
export async function commitFailure(key: string, temporary: string, seconds: number, root = conversionsDir()): Promise<void> {
  await rm(path.join(temporary, 'model.onnx'), { force: true });
  await putInPlace(key, temporary, { seconds }, root);
}

/**
 * Writes entry.json in `temporary` and renames it to `key`'s entry. When another process was first, its
 * entry is kept (and returned) if whole and of the same outcome; otherwise this one replaces it.
 */
async function putInPlace(
  key: string,
  temporary: string,
  entry: z.infer<typeof entrySchema>,
  root: string,
): Promise<CachedConversion | CachedFailure | undefined> {
  await writeFile(path.join(temporary, 'entry.json'), JSON.stringify(entry) + '\n');
  const target = path.join(root, key);
  try {
    await rename(temporary, target);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
    const theirs = await readCached(key, root);
    if (theirs && theirs.report.ok === (entry.onnxSha256 !== undefined)) {
      await rm(temporary, { recursive: true, force: true });
      return theirs;
    }
    await rm(target, { recursive: true, force: true });
    await rename(temporary, target);
    return undefined;
  }
}
