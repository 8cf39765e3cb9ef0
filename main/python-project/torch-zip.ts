/**
 * Reads a PyTorch zip (torch.save, torch.jit.save, torch.export.save) without loading it: the central
 * directory's names and sizes, every one checked against the archive limits before anything is read,
 * and the bytes of one small entry. The rest of the file (weights, pickles) is never read.
 */
import { stat } from 'node:fs/promises';
import { inflateSync } from 'fflate';
import { CraneError, ModelCorruptError } from '../errors.ts';
import { readRange } from '../files/read-range.ts';
import { ExpansionBudget, MODEL_EXPANSION_LIMITS, type ExpansionLimits } from '../formats/archive-limits.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored (what torch writes), 8 deflated. */
  method: number;
  storedBytes: number;
  bytes: number;
  headerOffset: number;
}

/**
 * A TorchScript file holds one entry per tensor storage and per code file: a large network has
 * thousands, so the count is wider than a .keras archive's; the byte limits are the same.
 */
export const TORCH_ZIP_LIMITS: ExpansionLimits = { ...MODEL_EXPANSION_LIMITS, maxEntries: 100_000 };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const TAIL_BYTES = 22 + 0xffff;
/** What a zip64 archive (over 4 GiB, past the limits anyway) writes where a size or offset would be. */
const ZIP64 = 0xffffffff;
/** A central directory is ~100 bytes an entry: this holds the entry limit's. */
const MAX_DIRECTORY_BYTES = 64 * 1024 ** 2;

function damaged(file: string, why: string): ModelCorruptError {
  return new ModelCorruptError(`${file}: not a readable PyTorch zip archive (${why})`);
}

async function endRecord(file: string, size: number): Promise<{ count: number; bytes: number; offset: number }> {
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await readRange(file, tailStart, size - tailStart);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== END_OF_DIRECTORY) continue;
    return { count: tail.readUInt16LE(i + 10), bytes: tail.readUInt32LE(i + 12), offset: tail.readUInt32LE(i + 16) };
  }
  throw damaged(file, 'no end of central directory: truncated or damaged');
}

/**
 * Every entry of `file`'s central directory, admitted by `limits` (names that stay inside, sizes,
 * ratios, count) before the caller reads any.
 * @example (await readZipDirectory('model.pt2')).map((e) => e.name) // ['model/archive_format', ...]
 */
export async function readZipDirectory(file: string, limits: ExpansionLimits = TORCH_ZIP_LIMITS): Promise<ZipEntry[]> {
  const { size } = await stat(file);
  if (size > limits.maxTotalBytes) {
    throw new CraneError('INPUT_TOO_LARGE', `${file}: ${size} bytes, past the limit of ${limits.maxTotalBytes} for a model archive`);
  }
  const end = await endRecord(file, size);
  if (end.offset === ZIP64 || end.bytes === ZIP64 || end.count === 0xffff) {
    throw new CraneError('INPUT_TOO_LARGE', `${file}: a zip64 archive (over 4 GiB or 65,535 entries), past the limits CraneML reads`);
  }
  if (end.bytes > MAX_DIRECTORY_BYTES || end.offset + end.bytes > size) throw damaged(file, 'its central directory lies past its end');
  const directory = await readRange(file, end.offset, end.bytes);
  const budget = new ExpansionBudget(file, 'entry', limits);
  const entries: ZipEntry[] = [];
  for (let at = 0; at < directory.length;) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) throw damaged(file, 'a damaged central directory');
    const nameLength = directory.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      storedBytes: directory.readUInt32LE(at + 20),
      bytes: directory.readUInt32LE(at + 24),
      headerOffset: directory.readUInt32LE(at + 42),
    };
    if (entry.storedBytes === ZIP64 || entry.bytes === ZIP64 || entry.headerOffset === ZIP64) {
      throw new CraneError(
        'INPUT_TOO_LARGE',
        `${file}: its entry "${entry.name}" is a zip64 entry (over 4 GiB), past the limits CraneML reads`,
      );
    }
    budget.admitName(entry.name);
    budget.admit(entry.name, entry.bytes, entry.storedBytes);
    entries.push(entry);
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * One entry's bytes, refused past `maxBytes` (a 2 GB JSON is not read to find that out).
 * @example (await readZipEntry('model.pt2', entry, 64, 'its archive_format')).toString() // 'pt2'
 */
export async function readZipEntry(file: string, entry: ZipEntry, maxBytes: number, what: string): Promise<Buffer> {
  if (entry.bytes > maxBytes || entry.storedBytes > maxBytes) {
    throw new CraneError(
      'INPUT_TOO_LARGE',
      `${file}: ${what} ("${entry.name}") declares ${entry.bytes} bytes, past the limit of ${maxBytes}`,
    );
  }
  const header = await readRange(file, entry.headerOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw damaged(file, `no header for its entry "${entry.name}"`);
  const start = entry.headerOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const stored = await readRange(file, start, entry.storedBytes);
  if (stored.length !== entry.storedBytes) throw damaged(file, `its entry "${entry.name}" is cut short`);
  if (entry.method === 0) return stored;
  if (entry.method !== 8) throw damaged(file, `its entry "${entry.name}" uses compression method ${entry.method}`);
  const out = new Uint8Array(entry.bytes);
  try {
    const inflated = inflateSync(stored, { out });
    if (inflated.length !== entry.bytes) throw damaged(file, `its entry "${entry.name}" inflates to another size than it declares`);
    return Buffer.from(inflated);
  } catch (error) {
    if (error instanceof CraneError) throw error;
    throw new ModelCorruptError(
      `${file}: its entry "${entry.name}" inflates past the ${entry.bytes} bytes it declares (damaged, or a decompression bomb)`,
      { cause: error },
    );
  }
}
