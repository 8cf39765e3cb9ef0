import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../main/codec/decode.ts';
import { decodeSmallPng } from '../../../main/codec/small-png.ts';
import { InputError } from '../../../main/errors.ts';
import { greyPngWith, pngWith } from '../../runtime/helpers.ts';

const SIZE = 64;

/** A picture with every kind of content: gradients, saturated colours, partial transparency. */
function pattern(channels: 3 | 4): Uint8Array {
  const out = new Uint8Array(SIZE * SIZE * channels);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const at = (y * SIZE + x) * channels;
      out[at] = (x * 4) & 255;
      out[at + 1] = (y * 4) & 255;
      out[at + 2] = ((x + y) * 37) & 255;
      if (channels === 4) out[at + 3] = x < 8 ? 0 : x < 16 ? 255 : (x * y * 7) & 255;
    }
  return out;
}

/** The PNG spec's predictors (filter types 1 to 4) from the left, above and upper-left bytes. */
const PREDICT: Record<1 | 2 | 3 | 4, (a: number, b: number, c: number) => number> = {
  1: (a) => a,
  2: (_a, b) => b,
  3: (a, b) => (a + b) >> 1,
  4: (a, b, c) => {
    const pa = Math.abs(b - c);
    const pb = Math.abs(a - c);
    const pc = Math.abs(a + b - 2 * c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  },
};

/** The image data of `samples` with every row under one filter type, deflated: a PNG encoder's forward pass. */
function filtered(samples: Uint8Array, width: number, height: number, bpp: number, filter: 0 | 1 | 2 | 3 | 4): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    out[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const at = y * stride + x;
      const a = x >= bpp ? samples[at - bpp]! : 0;
      const b = y > 0 ? samples[at - stride]! : 0;
      const c = x >= bpp && y > 0 ? samples[at - stride - bpp]! : 0;
      out[y * (stride + 1) + 1 + x] = (samples[at]! - (filter === 0 ? 0 : PREDICT[filter](a, b, c))) & 255;
    }
  }
  return zlib.deflateSync(out);
}

/** Flat ground with a noisy block and a flat block, as a drawing on a canvas is: both the word runs and the byte paths. */
function groundAndInk(width: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(width * height * bpp).fill(255);
  let seed = 7;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width * bpp; x++) {
      const at = y * width * bpp + x;
      if (y > height / 4 && y < height / 2 && x > bpp * 3 && x < (width * bpp) / 2) out[at] = seed = (seed * 1103515245 + 12345) & 255;
      else if (y >= height / 2 && x >= (width * bpp) / 3) out[at] = 40;
    }
  return out;
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** What sharp alone makes of the picture: the reference the plain decoder must match. */
async function bySharp(png: Buffer, channels: 1 | 3, background: string): Promise<Uint8Array> {
  const data = await sharp(png)
    .flatten({ background })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer();
  return new Uint8Array(data);
}

const kinds: [string, () => Promise<Buffer>][] = [
  [
    'grey',
    () =>
      sharp(pattern(3), { raw: { width: SIZE, height: SIZE, channels: 3 } })
        .toColourspace('b-w')
        .png()
        .toBuffer(),
  ],
  [
    'grey + alpha',
    () =>
      sharp(pattern(4), { raw: { width: SIZE, height: SIZE, channels: 4 } })
        .toColourspace('b-w')
        .png()
        .toBuffer(),
  ],
  [
    'RGB',
    () =>
      sharp(pattern(3), { raw: { width: SIZE, height: SIZE, channels: 3 } })
        .png()
        .toBuffer(),
  ],
  [
    'RGBA',
    () =>
      sharp(pattern(4), { raw: { width: SIZE, height: SIZE, channels: 4 } })
        .png()
        .toBuffer(),
  ],
  [
    'palette',
    () =>
      sharp(pattern(3), { raw: { width: SIZE, height: SIZE, channels: 3 } })
        .png({ palette: true, colours: 64 })
        .toBuffer(),
  ],
  [
    'palette with alpha',
    () =>
      sharp(pattern(4), { raw: { width: SIZE, height: SIZE, channels: 4 } })
        .png({ palette: true })
        .toBuffer(),
  ],
];

describe('plain PNG decoding (the common small pictures, without libvips)', () => {
  for (const [kind, make] of kinds) {
    it(`reads ${kind} PNGs as sharp does, to one and to three channels`, async () => {
      const png = await make();
      expect(decodeSmallPng(png)).toBeDefined();
      for (const channels of [1, 3] as const) {
        const ours = await decodeImage(png, { channels, background: '#ffffff', maxPixels: 1e6, maxSide: 1024 });
        expect(ours.channels).toBe(channels);
        expect(maxDifference(ours.data, await bySharp(png, channels, '#ffffff'))).toBeLessThanOrEqual(1);
      }
    });
  }

  it('undoes each filter type exactly, rows 4-byte aligned or not, 1 to 4 bytes a pixel', () => {
    for (const [colourType, bpp] of [
      [0, 1],
      [4, 2],
      [2, 3],
      [6, 4],
    ] as const)
      for (const width of [64, 31])
        for (const filter of [0, 1, 2, 3, 4] as const) {
          const samples = groundAndInk(width, 24, bpp);
          const png = pngWith(width, 24, colourType, filtered(samples, width, 24, bpp, filter));
          const decoded = decodeSmallPng(png);
          expect(decoded?.channels, `colour type ${colourType}`).toBe(bpp);
          expect(
            Buffer.from(decoded!.data).equals(Buffer.from(samples)),
            `colour type ${colourType}, width ${width}, filter ${filter}`,
          ).toBe(true);
        }
  });

  it('leaves 16-bit and interlaced PNGs to sharp, with the same result', async () => {
    const raw = { raw: { width: SIZE, height: SIZE, channels: 3 as const } };
    const deep = await sharp(pattern(3), raw).toColourspace('rgb16').png().toBuffer();
    const interlaced = await sharp(pattern(3), raw).png({ progressive: true }).toBuffer();
    for (const png of [deep, interlaced]) {
      expect(decodeSmallPng(png)).toBeUndefined();
      const ours = await decodeImage(png, { channels: 1, background: '#ffffff', maxPixels: 1e6, maxSide: 1024 });
      expect(maxDifference(ours.data, await bySharp(png, 1, '#ffffff'))).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a truncated PNG and one with a damaged chunk with a clear input error', async () => {
    const png = await kinds[3]![1]();
    expect(() => decodeSmallPng(png.subarray(0, png.length - 40))).toThrow(InputError);
    const damaged = Buffer.from(png);
    damaged[60] = damaged[60]! ^ 0xff;
    expect(() => decodeSmallPng(damaged)).toThrow(/truncated or corrupt/);
  });

  it('stops inflating at the size the header declares, so a small body cannot inflate into gigabytes', () => {
    // A 16x16 grey PNG whose image data inflates to 64 MB.
    const bomb = zlib.deflateSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const png = greyPngWith(16, 16, bomb);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeSmallPng(png)).toThrow(/truncated or corrupt/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });
});
