/**
 * Decodes the PNGs a drawing canvas or a screenshot tool writes (8-bit, not interlaced, no colour
 * profile, no orientation) with Node's zlib. A picture a few hundred pixels a side inflates in a
 * fraction of a millisecond, while a libvips pipeline costs several milliseconds of fixed work for
 * it: this is most of the codec's cost per request. Anything else returns undefined and goes to
 * sharp, which handles every PNG.
 */
import zlib from 'node:zlib';
import { InputError } from '../errors.ts';

export interface SmallPng {
  width: number;
  height: number;
  /** Interleaved 8-bit samples: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per colour type: grey, RGB, palette (expanded to RGB or RGBA), grey + alpha, RGBA. */
const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Chunks that change how the pixels must be read: leave those pictures to libvips. */
const HANDLED_ELSEWHERE = new Set(['iCCP', 'eXIf', 'cICP', 'acTL']);

function corrupt(): InputError {
  return new InputError('the image is truncated or corrupt and could not be decoded');
}

interface Header {
  width: number;
  height: number;
  colourType: number;
  palette?: Uint8Array;
  /** tRNS: palette alphas, or the one transparent grey / RGB value. */
  transparency?: Uint8Array;
  idat: Uint8Array[];
}

/** The chunks, or undefined for a PNG this decoder leaves to sharp. Throws on a broken chunk. */
function readChunks(bytes: Uint8Array): Header | undefined {
  // zlib.crc32 came in Node 20.15: an older Node (a custom base image) leaves every PNG to sharp.
  if (typeof zlib.crc32 !== 'function') return undefined;
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const header: Partial<Header> & { idat: Uint8Array[] } = { idat: [] };
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) throw corrupt();
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw corrupt();
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (zlib.crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) throw corrupt();
    if (type === 'IHDR') {
      const [depth, colourType, , , interlace] = body.subarray(8);
      if (depth !== 8 || interlace !== 0 || CHANNELS[colourType!] === undefined) return undefined;
      header.width = view.getUint32(at + 8);
      header.height = view.getUint32(at + 12);
      header.colourType = colourType!;
    } else if (type === 'PLTE') header.palette = body;
    else if (type === 'tRNS') header.transparency = body;
    else if (type === 'IDAT') header.idat.push(body);
    else if (type === 'IEND') break;
    else if (HANDLED_ELSEWHERE.has(type)) return undefined;
    at = end;
  }
  if (!header.width || !header.height || header.idat.length === 0) throw corrupt();
  if (header.colourType === 3 && !header.palette) throw corrupt();
  return header as Header;
}

/**
 * Undoes the per-row filters; returns the rows without their filter bytes. Indexes into one output
 * array (no per-row views) with Paeth's predictor inlined: this loop is most of a small PNG's decoding.
 */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const from = y * (stride + 1) + 1;
    const filter = raw[from - 1]!;
    const at = y * stride;
    // The row above the first is all zeros: Up copies, Average halves the left byte, Paeth picks the left byte.
    const up = y > 0 ? at - stride : -1;
    if (filter === 0) out.set(raw.subarray(from, from + stride), at);
    else if (filter === 1 || (filter === 4 && up < 0)) {
      for (let x = 0; x < bpp; x++) out[at + x] = raw[from + x]!;
      for (let x = bpp; x < stride; x++) out[at + x] = raw[from + x]! + out[at + x - bpp]!;
    } else if (filter === 2) {
      if (up < 0) out.set(raw.subarray(from, from + stride), at);
      else for (let x = 0; x < stride; x++) out[at + x] = raw[from + x]! + out[up + x]!;
    } else if (filter === 3) {
      if (up < 0) {
        for (let x = 0; x < bpp; x++) out[at + x] = raw[from + x]!;
        for (let x = bpp; x < stride; x++) out[at + x] = raw[from + x]! + (out[at + x - bpp]! >> 1);
      } else {
        for (let x = 0; x < bpp; x++) out[at + x] = raw[from + x]! + (out[up + x]! >> 1);
        for (let x = bpp; x < stride; x++) out[at + x] = raw[from + x]! + ((out[at + x - bpp]! + out[up + x]!) >> 1);
      }
    } else if (filter === 4) {
      for (let x = 0; x < bpp; x++) out[at + x] = raw[from + x]! + out[up + x]!;
      for (let x = bpp; x < stride; x++) {
        const a = out[at + x - bpp]!;
        const b = out[up + x]!;
        const c = out[up + x - bpp]!;
        // Paeth: the one of left, above and upper-left nearest to left + above - upper-left.
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        out[at + x] = raw[from + x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
    } else throw corrupt();
  }
  return out;
}

/** Palette indices to RGB, or RGBA when the palette has alphas. */
function expandPalette(indices: Uint8Array, palette: Uint8Array, alphas: Uint8Array | undefined): { channels: 3 | 4; data: Uint8Array } {
  const channels = alphas ? 4 : 3;
  const out = new Uint8Array(indices.length * channels);
  for (let i = 0; i < indices.length; i++) {
    const entry = indices[i]!;
    if (entry * 3 + 2 >= palette.length) throw corrupt();
    out[i * channels] = palette[entry * 3]!;
    out[i * channels + 1] = palette[entry * 3 + 1]!;
    out[i * channels + 2] = palette[entry * 3 + 2]!;
    if (alphas) out[i * channels + 3] = entry < alphas.length ? alphas[entry]! : 255;
  }
  return { channels, data: out };
}

/** Grey or RGB with a tRNS colour key: the keyed colour becomes transparent. */
function keyOut(data: Uint8Array, channels: 1 | 3, key: Uint8Array): { channels: 2 | 4; data: Uint8Array } {
  // tRNS stores 16-bit samples; for 8-bit pictures the low byte is the value.
  const keyed = Array.from({ length: channels }, (_, c) => key[c * 2 + 1]);
  const pixels = data.length / channels;
  const out = new Uint8Array(pixels * (channels + 1));
  for (let i = 0; i < pixels; i++) {
    let match = true;
    for (let c = 0; c < channels; c++) {
      const v = data[i * channels + c]!;
      out[i * (channels + 1) + c] = v;
      if (v !== keyed[c]) match = false;
    }
    out[i * (channels + 1) + channels] = match ? 0 : 255;
  }
  return { channels: (channels + 1) as 2 | 4, data: out };
}

/**
 * The picture's pixels, or undefined when it is not a PNG this decoder reads (left to sharp).
 * The caller has checked its size against the pixel limit; inflating stops at the size the header
 * declares, so a small body cannot inflate into gigabytes.
 * @example decodeSmallPng(canvasPng) // { width: 280, height: 280, channels: 4, data }
 */
export function decodeSmallPng(bytes: Uint8Array): SmallPng | undefined {
  const header = readChunks(bytes);
  if (!header) return undefined;
  const { width, height, colourType } = header;
  const bpp = CHANNELS[colourType]!;
  const expected = (width * bpp + 1) * height;
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(Buffer.concat(header.idat), { maxOutputLength: expected });
  } catch {
    throw corrupt();
  }
  if (raw.length !== expected) throw corrupt();
  const samples = unfilter(raw, width, height, bpp);
  if (colourType === 3) return { width, height, ...expandPalette(samples, header.palette!, header.transparency) };
  if (header.transparency && (colourType === 0 || colourType === 2))
    return { width, height, ...keyOut(samples, colourType === 0 ? 1 : 3, header.transparency) };
  return { width, height, channels: bpp, data: samples };
}
