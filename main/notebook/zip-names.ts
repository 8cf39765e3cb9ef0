/** Lists a zip archive's entry names from its central directory, reading only the file's tail. */
import { readRange } from '../files/read-range.ts';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The end record (22 bytes) plus the longest comment a zip may carry. */
const TAIL_BYTES = 22 + 0xffff;
/** A central directory past this is not one CraneML reads to recognise a file. */
const MAX_DIRECTORY_BYTES = 16 * 1024 ** 2;

/**
 * The names in a zip's central directory, or undefined when there is none to read (not a zip,
 * damaged, zip64, or a directory past 16 MiB).
 * @example await zipEntryNames('model.skops') // ['140642382423280.npy', 'schema.json']
 */
export async function zipEntryNames(file: string, size: number): Promise<string[] | undefined> {
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await readRange(file, tailStart, size - tailStart);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > size) return undefined;
  const directory = await readRange(file, directoryOffset, directorySize);
  const names: string[] = [];
  for (let at = 0; at + 46 <= directory.length;) {
    if (directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    names.push(directory.toString('utf8', at + 46, Math.min(directory.length, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
