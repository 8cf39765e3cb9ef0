import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeImage } from '../../../main/codec/image-codec.ts';
import { InputError } from '../../../main/errors.ts';
import { imageCodecSchema } from '../../../main/manifest.ts';
import { encodeRaw, massCentre, rectangle } from '../../helpers/images.ts';

const digitsCodec = imageCodecSchema.parse({
  kind: 'image',
  width: 28,
  height: 28,
  channels: 1,
  layout: 'NCHW',
  invert: 'auto',
  center: 'mnist',
});
const plainCodec = imageCodecSchema.parse({ kind: 'image', width: 4, height: 2, channels: 3, layout: 'NHWC' });

describe('image codec', () => {
  it('centres a drawing by its mass like MNIST, wherever it was drawn', async () => {
    // Black ink in the top-left corner of a white 200x200 canvas.
    const png = await encodeRaw(rectangle(200, 200, { x: 10, y: 20, w: 30, h: 60 }), 200, 200, 1);
    const { data, dims } = await encodeImage(png, digitsCodec);
    expect(dims).toEqual([1, 28, 28]);
    const centre = massCentre(data, 28, 28);
    expect(Math.abs(centre.x - 13.5)).toBeLessThan(1);
    expect(Math.abs(centre.y - 13.5)).toBeLessThan(1);
    // The ink's longer side fills 20 of the 28 rows.
    const rows = [...Array(28).keys()].filter((y) => data.slice(y * 28, y * 28 + 28).some((v) => v > 0.5));
    expect(rows.length).toBeGreaterThanOrEqual(19);
    expect(rows.length).toBeLessThanOrEqual(21);
  });

  it('keeps the shape of a one-channel drawing when it rescales it (an L stays an L)', async () => {
    const pixels = new Uint8Array(300 * 200).fill(255);
    const ink = (x0: number, y0: number, w: number, h: number): void => {
      for (let y = y0; y < y0 + h; y++) pixels.fill(0, y * 300 + x0, y * 300 + x0 + w);
    };
    ink(50, 20, 25, 150); // the upright
    ink(50, 145, 150, 25); // the foot
    const { data } = await encodeImage(await encodeRaw(pixels, 300, 200, 1), digitsCodec);
    const inkIn = (x0: number, y0: number, x1: number, y1: number): number => {
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += data[y * 28 + x]!;
      return sum;
    };
    expect(inkIn(16, 4, 24, 12)).toBe(0); // top right: empty
    expect(inkIn(4, 4, 12, 12)).toBeGreaterThan(10); // top left: the upright
    expect(inkIn(16, 17, 24, 24)).toBeGreaterThan(10); // bottom right: the foot
  });

  it('stretches faint or thin ink to full brightness after scaling, as MNIST strokes are', async () => {
    // A 2-pixel grey pen line on a big canvas: scaled down 10x it would be a faint smudge.
    const pixels = rectangle(280, 280, { x: 139, y: 40, w: 2, h: 200 }, 128, 255);
    const { data } = await encodeImage(await encodeRaw(pixels, 280, 280, 1), digitsCodec);
    expect(Math.max(...data)).toBeCloseTo(1, 2);
  });

  it('clears a grey, unevenly lit, noisy paper ground (a photo of a drawing) before it crops the ink', async () => {
    let seed = 7;
    const noise = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 16;
    const pixels = new Uint8Array(200 * 200);
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 200; x++) {
        const ink = x >= 90 && x < 110 && y >= 40 && y < 160;
        // Paper lit unevenly: brighter to the right, and a shadow darkening the bottom-left corner.
        const shadow = Math.max(0, 1 - Math.hypot(x, 200 - y) / 90) * 90;
        pixels[y * 200 + x] = Math.round(ink ? 60 + noise() : 165 + (x / 200) * 30 - shadow + noise());
      }
    }
    const { data } = await encodeImage(await encodeRaw(pixels, 200, 200, 1), digitsCodec);
    const rows = [...Array(28).keys()].filter((y) => data.slice(y * 28, y * 28 + 28).some((v) => v > 0.5));
    expect(rows.length).toBeGreaterThanOrEqual(19);
    expect(rows.length).toBeLessThanOrEqual(21);
    expect(data[0]).toBe(0);
    expect(data[27 * 28 + 27]).toBe(0);
    expect(data[27 * 28]).toBe(0); // the shadowed corner
    expect(data.filter((v) => v > 0).length).toBeLessThan(28 * 28 * 0.3);
  });

  it('drops the grain of a white sheet under light pencil, so the inside of an O stays black', async () => {
    let seed = 11;
    const grain = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 8;
    const pixels = new Uint8Array(200 * 200);
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 200; x++) {
        const ring = Math.abs(Math.hypot(x - 100, y - 100) - 50) < 6;
        pixels[y * 200 + x] = Math.round(ring ? 160 + grain() : 255 - grain());
      }
    }
    const { data } = await encodeImage(await encodeRaw(pixels, 200, 200, 1), digitsCodec);
    expect(Math.max(...data)).toBeGreaterThan(0.9);
    for (let y = 11; y <= 16; y++) for (let x = 11; x <= 16; x++) expect(data[y * 28 + x], `${x},${y}`).toBe(0);
  });

  it('inverts dark ink on a light ground but leaves light ink on dark as it is', async () => {
    const dark = await encodeImage(await encodeRaw(rectangle(56, 56, { x: 20, y: 10, w: 16, h: 36 }, 0, 255), 56, 56, 1), digitsCodec);
    const light = await encodeImage(await encodeRaw(rectangle(56, 56, { x: 20, y: 10, w: 16, h: 36 }, 255, 0), 56, 56, 1), digitsCodec);
    expect(dark.data[0]).toBe(0);
    expect(Math.max(...dark.data)).toBeCloseTo(1, 1);
    expect(Array.from(dark.data)).toEqual(Array.from(light.data));
  });

  it('paints a transparent background with the canvas colour', async () => {
    // RGBA: fully transparent everywhere except an opaque black bar.
    const rgba = new Uint8Array(40 * 40 * 4);
    for (let y = 5; y < 35; y++) for (let x = 15; x < 25; x++) rgba.set([0, 0, 0, 255], (y * 40 + x) * 4);
    const { data } = await encodeImage(await encodeRaw(rgba, 40, 40, 4), digitsCodec);
    expect(data[0]).toBe(0);
    expect(Math.max(...data)).toBeGreaterThan(0.9);
  });

  it('paints white strokes on a transparent canvas on black instead, so that they stay visible', async () => {
    const bar = (ink: number): Uint8Array => {
      const rgba = new Uint8Array(40 * 40 * 4);
      for (let y = 5; y < 35; y++) for (let x = 15; x < 25; x++) rgba.set([ink, ink, ink, 255], (y * 40 + x) * 4);
      return rgba;
    };
    const white = await encodeImage(await encodeRaw(bar(255), 40, 40, 4), digitsCodec);
    const black = await encodeImage(await encodeRaw(bar(0), 40, 40, 4), digitsCodec);
    expect(Math.max(...white.data)).toBeGreaterThan(0.9);
    expect(Array.from(white.data)).toEqual(Array.from(black.data));
  });

  it('keeps a black digit on a white card with transparent margins on the white background', async () => {
    const card = new Uint8Array(60 * 60 * 4);
    for (let y = 10; y < 50; y++) for (let x = 10; x < 50; x++) card.set([255, 255, 255, 255], (y * 60 + x) * 4);
    for (let y = 15; y < 45; y++) for (let x = 27; x < 33; x++) card.set([0, 0, 0, 255], (y * 60 + x) * 4);
    const { data } = await encodeImage(await encodeRaw(card, 60, 60, 4), digitsCodec);
    // Only the bar is ink: a card painted on black would light up most of the frame.
    expect(data.filter((v) => v > 0.5).length).toBeLessThan(28 * 28 * 0.15);
    expect(Math.max(...data)).toBeGreaterThan(0.9);
  });

  it('gives an empty sample for a photo of blank paper and for a flat grey picture', async () => {
    let seed = 3;
    const grain = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 10;
    const paper = Uint8Array.from({ length: 100 * 100 }, (_, i) => Math.round(180 + ((i % 100) / 100) * 30 + grain()));
    for (const pixels of [paper, new Uint8Array(100 * 100).fill(128)]) {
      const { data } = await encodeImage(await encodeRaw(pixels, 100, 100, 1), digitsCodec);
      expect(Math.max(...data)).toBe(0);
    }
  });

  it('reads JPEG and RGB input and gives an all-zero sample for a blank canvas', async () => {
    const rgb = new Uint8Array(30 * 30 * 3).fill(255);
    const { data } = await encodeImage(await encodeRaw(rgb, 30, 30, 3, 'jpeg'), digitsCodec);
    expect(data.every((v) => v === 0)).toBe(true);
  });

  it('reads 16-bit and palette PNGs like 8-bit ones', async () => {
    const raw = Buffer.from(rectangle(64, 64, { x: 25, y: 10, w: 10, h: 40 }));
    const eight = await encodeImage(
      await sharp(raw, { raw: { width: 64, height: 64, channels: 1 } })
        .png()
        .toBuffer(),
      digitsCodec,
    );
    const sixteen = await encodeImage(
      await sharp(raw, { raw: { width: 64, height: 64, channels: 1 } })
        .toColourspace('grey16')
        .png()
        .toBuffer(),
      digitsCodec,
    );
    const palette = await encodeImage(
      await sharp(raw, { raw: { width: 64, height: 64, channels: 1 } })
        .png({ palette: true })
        .toBuffer(),
      digitsCodec,
    );
    for (const other of [sixteen, palette]) {
      const largestDifference = Math.max(...other.data.map((v, i) => Math.abs(v - eight.data[i]!)));
      expect(largestDifference).toBeLessThan(0.02);
    }
  });

  it('lays out channels as NHWC and applies scale, mean and std', async () => {
    const codec = imageCodecSchema.parse({ ...plainCodec, mean: [0.5], std: [0.5] });
    const rgb = new Uint8Array(4 * 2 * 3);
    for (let i = 0; i < 8; i++) rgb.set([255, 0, 255], i * 3);
    const { data, dims } = await encodeImage(await encodeRaw(rgb, 4, 2, 3), codec);
    expect(dims).toEqual([2, 4, 3]);
    expect(Array.from(data.slice(0, 3))).toEqual([1, -1, 1]);
  });

  it('lays out channels as NCHW planes', async () => {
    const codec = imageCodecSchema.parse({ ...plainCodec, layout: 'NCHW' });
    const rgb = new Uint8Array(4 * 2 * 3);
    for (let i = 0; i < 8; i++) rgb.set([255, 0, 51], i * 3);
    const { data, dims } = await encodeImage(await encodeRaw(rgb, 4, 2, 3), codec);
    expect(dims).toEqual([3, 2, 4]);
    expect(data[0]).toBe(1);
    expect(data[8]).toBe(0);
    expect(data[16]).toBeCloseTo(0.2, 5);
  });

  it('refuses a picture with more pixels than the limit before decoding it', async () => {
    const big = await encodeRaw(new Uint8Array(2000 * 1000), 2000, 1000, 1);
    await expect(encodeImage(big, digitsCodec, 1_000_000)).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
  });

  it('refuses bytes that are not PNG or JPEG, and truncated files', async () => {
    await expect(encodeImage(Buffer.from('GIF89a not really'), digitsCodec)).rejects.toBeInstanceOf(InputError);
    await expect(encodeImage(Buffer.from('hello'), digitsCodec)).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA' });
    const png = await encodeRaw(rectangle(64, 64, { x: 5, y: 5, w: 20, h: 40 }), 64, 64, 1);
    await expect(encodeImage(png.subarray(0, png.length - 40), digitsCodec)).rejects.toBeInstanceOf(InputError);
  });
});
