/**
 * Conversions done before, so `inspect` then `init` convert a file once: `<cache>/conversions/<key>/`
 * holds report.json, model.onnx and entry.json, keyed by what decides the result (the file, the
 * sample, the tolerance, the converter image). An entry is made whole in a temporary sibling and
 * renamed into place; one whose files do not match its entry.json is never used.
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
  /** sha256 of the sample CSV, when there is one. */
  sample?: string;
  tolerance: number;
  /** The converter image's tag (a digest of its recipe). */
  image: string;
}

export type PassedReport = Extract<ConverterReport, { ok: true }>;

export interface CachedConversion {
  dir: string;
  onnxFile: string;
  report: PassedReport;
  /** How long the conversion took when it ran. */
  seconds: number;
}

const entrySchema = z.object({ onnxSha256: z.string().regex(/^[0-9a-f]{64}$/), seconds: z.number().min(0) });

export function conversionsDir(root = cacheRoot()): string {
  return path.join(root, 'conversions');
}

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.file, parts.sample ?? null, parts.tolerance, parts.image]))
    .digest('hex');
}

/** The entry for `key`, when it is whole: its report passed, and model.onnx is the file entry.json names. */
export async function readCached(key: string, root = conversionsDir()): Promise<CachedConversion | undefined> {
  const dir = path.join(root, key);
  try {
    const entry = entrySchema.parse(JSON.parse(await readFile(path.join(dir, 'entry.json'), 'utf8')));
    const report = converterReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')));
    const onnxFile = path.join(dir, 'model.onnx');
    if (!report.ok || (await sha256File(onnxFile)) !== entry.onnxSha256) return undefined;
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
 * returns it. When another process put one there first, that one is kept and `temporary` removed.
 */
export async function commitEntry(
  key: string,
  temporary: string,
  report: PassedReport,
  seconds: number,
  root = conversionsDir(),
): Promise<CachedConversion> {
  const onnxSha256 = await sha256File(path.join(temporary, 'model.onnx'));
  await writeFile(path.join(temporary, 'entry.json'), JSON.stringify({ onnxSha256, seconds }) + '\n');
  const target = path.join(root, key);
  try {
    await rename(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
    const theirs = await readCached(key, root);
    if (!theirs) {
      // A damaged entry: replaced by this whole one.
      await rm(target, { recursive: true, force: true });
      await rename(temporary, target);
    } else {
      await rm(temporary, { recursive: true, force: true });
      return theirs;
    }
  }
  return { dir: target, onnxFile: path.join(target, 'model.onnx'), report, seconds };
}
