/** Builds zip archives byte by byte for tests, including ones no honest zip tool writes (bombs, `../` names). */
import { deflateRawSync, constants } from 'node:zlib';

export interface CraftedEntry {
  name: string;
  /** The entry's data as stored in the archive (raw deflate for method 8). */
  stored: Buffer;
  /** 0 stored, 8 deflate. */
  method: 0 | 8;
  /** The uncompressed size the archive declares. */
  declaredSize: number;
}

/** A stored entry holding `text` as is. */
export function storedEntry(name: string, text: string | Buffer): CraftedEntry {
  const stored = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { name, stored, method: 0, declaredSize: stored.length };
}

/**
 * A deflated entry that inflates to `mib` MiB of zeros from about 1 KB per MiB: one MiB of zeros
 * deflated with a full flush (no final block, no history carried over) repeated, then a final
 * empty block, the way real zip bombs are made, without deflating gigabytes in the test.
 */
export function zerosEntry(name: string, mib: number, declaredSize = mib * 1024 ** 2): CraftedEntry {
  const chunk = deflateRawSync(Buffer.alloc(1024 ** 2), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0));
  const stored = Buffer.concat([...Array.from({ length: mib }, () => chunk), end]);
  return { name, stored, method: 8, declaredSize };
}

/**
 * The fields a local header and its central directory record both carry, in the same order from
 * `at` (the zip spec's "version needed to extract" onwards): version, method, sizes, name length.
 */
function writeSharedFields(record: Buffer, at: number, entry: CraftedEntry, nameLength: number): void {
  record.writeUInt16LE(20, at);
  record.writeUInt16LE(entry.method, at + 4);
  record.writeUInt32LE(entry.stored.length, at + 14);
  record.writeUInt32LE(entry.declaredSize >>> 0, at + 18);
  record.writeUInt16LE(nameLength, at + 22);
}

/** The zip file of `entries` (CRCs left 0: CraneML's reader does not check them, and a bomb's would cost gigabytes to compute). */
export function craftZip(entries: CraftedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeSharedFields(local, 4, entry, name.length);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by, the one field the central record adds before the shared ones
    writeSharedFields(central, 6, entry, name.length);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.stored);
    centrals.push(central, name);
    offset += local.length + name.length + entry.stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A `.keras` archive shaped like Keras 3's (metadata.json, config.json, model.weights.h5) with `weights` as its weights entry. */
export function kerasArchive(weights: CraftedEntry): Buffer {
  return craftZip([
    storedEntry('metadata.json', JSON.stringify({ keras_version: '3.6.0' })),
    storedEntry('config.json', JSON.stringify({ class_name: 'Sequential', config: { layers: [] } })),
    weights,
  ]);
}
