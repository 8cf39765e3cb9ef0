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

/** Four byte-wise sums mod 256 in one 32-bit word (no carry from one byte into the next). */
function addBytes(x: number, y: number): number {
  return ((x & 0x7f7f7f7f) + (y & 0x7f7f7f7f)) ^ ((x ^ y) & 0x80808080);
}

/** Paeth's predictor (the PNG spec's, ties to left then above), in stb_image's form: fewer steps, same choice for every a, b, c. */
function paeth(a: number, b: number, c: number): number {
  const threshold = c * 3 - (a + b);
  const low = a < b ? a : b;
  const high = a < b ? b : a;
  return threshold <= low ? high : high <= threshold ? low : c;
}

/** Paeth bytes [x, end) of the row at `at`, each residual already in place. */
function paethBytes(out: Uint8Array, at: number, up: number, x: number, end: number, bpp: number): void {
  for (; x < end; x++) out[at + x] = out[at + x]! + paeth(out[at + x - bpp]!, out[up + x]!, out[up + x - bpp]!);
}

/**
 * One Paeth row in place. Where the row above is flat (b = c in every byte) Paeth predicts the left
 * byte; a canvas is mostly flat ground, so with 1 or 4 bytes a pixel those runs go a 32-bit word at a time.
 */
function paethRow(out: Uint8Array, words: Uint32Array | undefined, at: number, up: number, stride: number, bpp: number): void {
  for (let x = 0; x < bpp; x++) out[at + x] = out[at + x]! + out[up + x]!;
  if (!words || (bpp !== 1 && bpp !== 4)) return paethBytes(out, at, up, bpp, stride, bpp);
  // Bytes up to the first whole word after the first pixel, then word by word.
  paethBytes(out, at, up, bpp, 4, bpp);
  const row = at >> 2;
  const above = up >> 2;
  for (let w = 1; w < stride >> 2; w++) {
    const b = words[above + w]!;
    if (bpp === 4) {
      // One pixel a word: above equal to above-left means every byte takes its left neighbour's.
      if (b === words[above + w - 1]) {
        words[row + w] = addBytes(words[row + w]!, words[row + w - 1]!);
        continue;
      }
    } else {
      // Ground: nothing to add, and above, above-left and left all one value.
      const left = out[at + 4 * w - 1]!;
      if (words[row + w] === 0 && b === (left * 0x01010101) >>> 0 && out[up + 4 * w - 1] === left) {
        words[row + w] = b;
        continue;
      }
    }
    paethBytes(out, at, up, 4 * w, 4 * w + 4, bpp);
  }
}

/**
 * Undoes the per-row filters; returns the rows without their filter bytes. Each row's residuals are
 * copied into place first (one memcpy), then predicted in place; when rows start on 4-byte boundaries,
 * Up rows and flat Paeth runs go a 32-bit word at a time: this loop is most of a small PNG's decoding.
 */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  const words = stride % 4 === 0 ? new Uint32Array(out.buffer) : undefined;
  for (let y = 0; y < height; y++) {
    const from = y * (stride + 1) + 1;
    const filter = raw[from - 1]!;
    const at = y * stride;
    out.set(raw.subarray(from, from + stride), at);
    // The row above the first is all zeros: Up keeps the residuals, Average halves the left byte, Paeth picks the left byte.
    const up = y > 0 ? at - stride : -1;
    if (filter === 0 || (filter === 2 && up < 0)) continue;
    if (filter === 1 || (filter === 4 && up < 0)) {
      for (let x = bpp; x < stride; x++) out[at + x] = out[at + x]! + out[at + x - bpp]!;
    } else if (filter === 2) {
      if (words) for (let w = at >> 2, v = up >> 2, end = (at + stride) >> 2; w < end; w++, v++) words[w] = addBytes(words[w]!, words[v]!);
      else for (let x = 0; x < stride; x++) out[at + x] = out[at + x]! + out[up + x]!;
    } else if (filter === 3) {
      if (up < 0) for (let x = bpp; x < stride; x++) out[at + x] = out[at + x]! + (out[at + x - bpp]! >> 1);
      else {
        for (let x = 0; x < bpp; x++) out[at + x] = out[at + x]! + (out[up + x]! >> 1);
        for (let x = bpp; x < stride; x++) out[at + x] = out[at + x]! + ((out[at + x - bpp]! + out[up + x]!) >> 1);
      }
    } else if (filter === 4) paethRow(out, words, at, up, stride, bpp);
    else throw corrupt();
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
