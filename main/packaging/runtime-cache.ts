/**
 * An image's runtime folder, prepared once and kept in the user cache by content: a model-only
 * rebuild neither makes nor copies it again, and its digest names the runtime layer (see
 * runtime-image.ts) without hashing 70 MB at every build. Each runtime says how its folder is made
 * (main/runtimes/node/runtime-cache.ts: the bundled server and its native packages).
 *
 * A record per cache key (the runtime's, e.g. format and architecture) lists the files the folder
 * was made from with size, mtime and sha256. The folder is reused while every input has the same
 * size and mtime, or, when those moved (a checkout, a copy), the same sha256; otherwise it is made again.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { writeTextAtomically } from '../files/write-file.ts';
import { errnoOf } from '../files/write-error.ts';
import { sha256File } from '../inference/hash.ts';
import type { PreparedRuntime } from '../runtimes/types.ts';

/**
 * Folders no record names any more are removed once this old: a build that read the old record may
 * still be copying from one for a few seconds (each folder is some 75 MB: they must not pile up).
 */
const STALE_MS = 10 * 60 * 1000;

export type { PreparedRuntime };

interface InputRecord {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

interface RuntimeRecord {
  recipe: string;
  digest: string;
  inputs: InputRecord[];
}

export interface CachedFolderOptions {
  /** The cache folder (default: $CRANEML_CACHE_DIR, else $XDG_CACHE_HOME/craneml, else ~/.cache/craneml). */
  cacheDir?: string;
  notify?: (message: string) => void;
  /** Writes the folder into `dir`, returns the files it was made from. */
  produce: (dir: string, notify: (message: string) => void) => Promise<string[]>;
  /** Stands for the recipe of `produce`; a different one never reuses a folder. */
  recipe: string;
  /** The CraneML install the folder is made from (default: this one); each keeps its own record. */
  installRoot?: string;
}

export function cacheRoot(): string {
  if (process.env.CRANEML_CACHE_DIR) return process.env.CRANEML_CACHE_DIR;
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'craneml');
}

export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * sha256 over a folder: each file's path, executable bit and content, in sorted order.
 * @example await treeDigest('runtime') // '3f2a…'
 */
export async function treeDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = (await filesUnder(dir)).map((f) => path.relative(dir, f).split(path.sep).join('/')).sort();
  for (const file of files) {
    const full = path.join(dir, file);
    const info = await stat(full);
    hash.update(`${file}\0${info.mode & 0o111 ? 'x' : '-'}\0${info.size}\0`);
    for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

async function recordInputs(files: string[]): Promise<InputRecord[]> {
  const unique = [...new Set(files)].filter((f) => existsSync(f)).sort();
  return Promise.all(
    unique.map(async (file) => {
      const info = await stat(file);
      return { path: file, size: info.size, mtimeMs: info.mtimeMs, sha256: await sha256File(file) };
    }),
  );
}

/** Whether every input is unchanged; refreshes the mtimes of inputs whose content is the same. */
async function inputsUnchanged(inputs: InputRecord[]): Promise<{ unchanged: boolean; touched: boolean }> {
  let touched = false;
  for (const input of inputs) {
    const info = await stat(input.path).catch(() => undefined);
    if (!info || info.size !== input.size) return { unchanged: false, touched };
    if (info.mtimeMs === input.mtimeMs) continue;
    if ((await sha256File(input.path)) !== input.sha256) return { unchanged: false, touched };
    input.mtimeMs = info.mtimeMs;
    touched = true;
  }
  return { unchanged: true, touched };
}

async function readRecord(file: string): Promise<RuntimeRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as RuntimeRecord;
    return typeof record.digest === 'string' && Array.isArray(record.inputs) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The cache is CraneML's own: a record is replaced whole (main/files), so a reader sees the old one or the new one. */
function writeAtomically(file: string, text: string): Promise<void> {
  return writeTextAtomically({ target: file, replace: true }, text);
}

/** Removes old folders that no record names (a runtime made before the sources changed). */
async function pruneFolders(root: string): Promise<void> {
  const records = (await readdir(root)).filter((f) => f.endsWith('.json'));
  const named = new Set<string>();
  for (const file of records) {
    const record = await readRecord(path.join(root, file));
    // A record whose inputs are all gone belongs to a removed checkout: its folder may go too.
    if (record && (record.inputs.length === 0 || record.inputs.some((input) => existsSync(input.path)))) named.add(record.digest);
    else await rm(path.join(root, file), { force: true });
  }
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || named.has(entry.name)) continue;
    const full = path.join(root, entry.name);
    const age = Date.now() - (await stat(full)).mtimeMs;
    if (age > STALE_MS) await rm(full, { recursive: true, force: true });
  }
}

/** A rename onto a folder another process finished first fails; that folder has the same digest, so it is kept. */
function madeMeanwhile(error: unknown, dir: string): void {
  const code = errnoOf(error);
  if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(dir)) return;
  throw error;
}

/**
 * The folder for `key` (a runtime's cache key): reused from the cache when its inputs did not change,
 * else made by `options.produce`, digested and kept.
 * @example
 * const runtime = await prepareCachedFolder('onnx-x64', { produce, recipe }); // { dir: '~/.cache/craneml/runtime/3f2a…', digest: '3f2a…', reused: true }
 */
export async function prepareCachedFolder(key: string, options: CachedFolderOptions): Promise<PreparedRuntime> {
  const root = path.join(options.cacheDir ?? cacheRoot(), 'runtime');
  const { recipe } = options;
  // Per install: a record names input files by absolute path, so another checkout whose files are
  // unchanged would otherwise reuse this one's bundle (seen: a clone's image served main's code).
  const install = createHash('sha256')
    .update(options.installRoot ?? fileURLToPath(new URL('../../', import.meta.url)))
    .digest('hex')
    .slice(0, 12);
  const recordFile = path.join(root, `${key}-${install}.json`);
  const record = await readRecord(recordFile);
  if (record && record.recipe === recipe && existsSync(path.join(root, record.digest))) {
    const { unchanged, touched } = await inputsUnchanged(record.inputs);
    if (unchanged) {
      if (touched) await writeAtomically(recordFile, JSON.stringify(record)).catch(() => undefined);
      return { dir: path.join(root, record.digest), digest: record.digest, reused: true };
    }
  }

  await mkdir(root, { recursive: true });
  const staging = path.join(root, `.staging-${randomUUID()}`);
  try {
    await mkdir(staging);
    const inputs = await recordInputs(await options.produce(staging, options.notify ?? (() => {})));
    const digest = await treeDigest(staging);
    const dir = path.join(root, digest);
    // Another build may have made the same folder meanwhile: its copy is as good as this one.
    if (!existsSync(dir)) await rename(staging, dir).catch((error: unknown) => madeMeanwhile(error, dir));
    await writeAtomically(recordFile, JSON.stringify({ recipe, digest, inputs } satisfies RuntimeRecord));
    await pruneFolders(root).catch(() => undefined);
    return { dir, digest, reused: false };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
