/**
 * The memory decoding a picture takes, priced from its header before anything is decoded. The
 * figures are peaks measured in a child process through the codec (sharp 0.35, libvips 8.18) for
 * 4096x4096 pictures, rounded up: the server admits work against its memory with them.
 */
import { jpegFrameAt, probeHeader } from './probe-header.ts';

/** Every picture: the codec's passes at the working size, the answer, the bytes themselves. */
const FIXED_BYTES = 2 * 1024 * 1024;
/** Baseline JPEG: libjpeg shrinks while it decodes, a few rows at a time (measured 0.14-0.75 bytes a pixel). */
const BASELINE_JPEG_PER_PIXEL = 1;
/**
 * A progressive JPEG keeps every DCT coefficient (2 bytes a sample, in 8x8 blocks) until its last
 * scan, whatever size it is shrunk to: 3.1-3.5 bytes a pixel measured at 4:2:0, 6.1-6.4 at 4:4:4,
 * 8.4 for CMYK. Priced as its blocks exactly, plus this much a pixel for the rest of the decode.
 */
const PROGRESSIVE_EXTRA_PER_PIXEL = 1.5;
/** Start-of-frame markers of progressive JPEGs (Huffman and arithmetic coded). */
const PROGRESSIVE_SOF = new Set([0xc2, 0xc6, 0xca, 0xce]);
/** Samples a PNG pixel decodes to, by colour type (a palette expands to RGB or RGBA). */
const PNG_SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 4, 4: 2, 6: 4 };

/** Bytes of DCT coefficients libjpeg holds for a progressive frame: every component's blocks, padded to whole MCUs. */
function coefficientBytes(bytes: Uint8Array, at: number, width: number, height: number): number {
  const count = bytes[at + 9] ?? 0;
  const factors: { h: number; v: number }[] = [];
  for (let c = 0; c < count; c++) {
    const sampling = bytes[at + 11 + c * 3] ?? 0x11;
    factors.push({ h: Math.max(1, sampling >> 4), v: Math.max(1, sampling & 15) });
  }
  if (factors.length === 0) return 0;
  const hMax = Math.max(...factors.map((f) => f.h));
  const vMax = Math.max(...factors.map((f) => f.v));
  const mcuColumns = Math.ceil(width / (8 * hMax));
  const mcuRows = Math.ceil(height / (8 * vMax));
  return factors.reduce((sum, f) => sum + mcuColumns * f.h * mcuRows * f.v * 128, 0);
}

/**
 * Bytes the codec may hold at once while decoding `bytes` (a picture it cannot read costs its bytes
 * and the fixed part: the worker refuses it at once).
 * @example decodeCost(progressive4096) // 74 MB at 4:2:0; a baseline JPEG of the same size 18 MB
 */
export function decodeCost(bytes: Uint8Array): number {
  const header = probeHeader(bytes);
  const fixed = FIXED_BYTES + bytes.length;
  if (!header) return fixed;
  const pixels = header.width * header.height;
  if (header.format === 'png') {
    // IHDR: bit depth at 24, colour type at 25, interlace method at 28.
    const decoded = (PNG_SAMPLES[bytes[25]!] ?? 4) * (bytes[24] === 16 ? 2 : 1);
    // Non-interlaced PNGs stream (1.1, 1.9 and 3.9 bytes a pixel measured for 8-bit grey, RGBA and
    // 16-bit RGBA); an interlaced one is decoded whole first (3.6, 5.4 and 10.8).
    const perPixel = bytes[28] === 1 ? decoded * 1.25 + 3 : decoded / 2 + 1;
    return fixed + Math.ceil(pixels * perPixel);
  }
  const at = jpegFrameAt(bytes)!;
  if (!PROGRESSIVE_SOF.has(bytes[at + 1]!)) return fixed + pixels * BASELINE_JPEG_PER_PIXEL;
  return fixed + coefficientBytes(bytes, at, header.width, header.height) + Math.ceil(pixels * PROGRESSIVE_EXTRA_PER_PIXEL);
}
