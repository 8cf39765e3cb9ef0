/**
 * The format and size of a PNG or JPEG read from its first bytes, in plain JavaScript (no decoder),
 * so the server can price a request before any expensive work is admitted.
 */

export interface HeaderSize {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

/** JPEG start-of-frame markers (baseline, progressive, lossless...): not DHT (C4), JPG (C8) or DAC (CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function pngSize(bytes: Uint8Array): HeaderSize | undefined {
  // Signature (8), IHDR length (4) and type (4), then width and height as big-endian 32-bit numbers.
  if (bytes.length < 24 || bytes[12] !== 0x49 || bytes[13] !== 0x48 || bytes[14] !== 0x44 || bytes[15] !== 0x52) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
}

/** Where a JPEG's start-of-frame segment begins (its marker byte at `at + 1`), or undefined. */
export function jpegFrameAt(bytes: Uint8Array): number | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    // Markers without a length: TEM and RST0..7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (SOF.has(marker)) return at;
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}

function jpegSize(bytes: Uint8Array): HeaderSize | undefined {
  const at = jpegFrameAt(bytes);
  if (at === undefined) return undefined;
  return { format: 'jpeg', height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]! };
}

/**
 * The picture's size from its header, or undefined when it is not a PNG or JPEG this can read.
 * @example probeHeader(png) // { format: 'png', width: 280, height: 280 }
 */
export function probeHeader(bytes: Uint8Array): HeaderSize | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return pngSize(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  return undefined;
}
