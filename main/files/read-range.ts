/** Reads part of a file without reading the rest: the bytes from `position`, at most `length`. */
import { open } from 'node:fs/promises';

/** @example await readRange('model.onnx', 0, 512) // the first 512 bytes, fewer when the file is shorter */
export async function readRange(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
