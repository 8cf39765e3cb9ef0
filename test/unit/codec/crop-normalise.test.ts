/**
 * Pre-processing as training pipelines do it: "crop" fit (short side resized, centre crop), the
 * resize kernel, and per-channel mean/std after scaling, on pictures made here.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeImage } from '../../../main/codec/image-codec.ts';
import { imageCodecSchema, manifestSchema } from '../../../main/manifest.ts';
import { encodeRaw } from '../../helpers/images.ts';

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** A width x height RGB picture whose pixel (x, y) is colour(x, y). */
function picture(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  return data;
}

/** One channel's plane of an NCHW sample as 0..255 levels (scale 1/255, no mean/std). */
function levels(data: Float32Array, channel: number, size: number): number[] {
  return [...data.slice(channel * size, (channel + 1) * size)].map((v) => Math.round(v * 255));
}

describe('fit: "crop"', () => {
  it('resizes the short side and keeps only the centre of the long side (wide picture: the middle third of 300x100)', async () => {
    // Three bands of 100 columns: red, green, blue. A 30x30 crop of the 300x100 picture is the green band.
    const png = await encodeRaw(
      picture(300, 100, (x) => (x < 100 ? [255, 0, 0] : x < 200 ? [0, 255, 0] : [0, 0, 255])),
      300,
      100,
      3,
    );
    const codec = imageCodecSchema.parse({
      kind: 'image',
      width: 30,
      height: 30,
      channels: 3,
      layout: 'NCHW',
      fit: 'crop',
      kernel: 'nearest',
    });
    const { data, dims } = await encodeImage(png, codec);
    expect(dims).toEqual([3, 30, 30]);
    expect(new Set(levels(data, 0, 900))).toEqual(new Set([0]));
    expect(new Set(levels(data, 1, 900))).toEqual(new Set([255]));
    expect(new Set(levels(data, 2, 900))).toEqual(new Set([0]));
    // "fill" squeezes all three bands in instead: 10 columns each.
    const filled = await encodeImage(png, { ...codec, fit: 'fill' });
    expect(levels(filled.data, 0, 900).filter((v) => v === 255)).toHaveLength(300);
  });

  it('cuts a tall picture top and bottom equally: a 40x120 picture with 40-row black bands becomes its white middle', async () => {
    const png = await encodeRaw(
      picture(40, 120, (_, y) => (y >= 40 && y < 80 ? [255, 255, 255] : [0, 0, 0])),
      40,
      120,
      3,
    );
    for (const kernel of ['nearest', 'bilinear', 'lanczos3'] as const) {
      const codec = imageCodecSchema.parse({ kind: 'image', width: 20, height: 20, channels: 3, layout: 'NHWC', fit: 'crop', kernel });
      const { data, dims } = await encodeImage(png, codec);
      expect(dims).toEqual([20, 20, 3]);
      // The rows well inside the crop are white whatever the kernel; no black band survives.
      const rows = [...Array(20).keys()].map((y) => Math.min(...data.slice(y * 60, y * 60 + 60)));
      expect(Math.min(...rows.slice(2, 18)), kernel).toBeGreaterThan(0.98);
      expect(Math.min(...rows), kernel).toBeGreaterThan(0.5);
    }
  });

  it('scales the short side to the target: a centred 2:1 picture of a 40x40 square in the middle gives the square, resized', async () => {
    // A smooth picture: the crop of 160x80 to 20x20 equals the 80x80 centre resized to 20x20 (away from the crop's edges).
    const colour = (x: number, y: number): [number, number, number] => [(x * 3 + y) % 256, (y * 5) % 256, 128 + ((x - y) % 100)];
    const wide = await encodeRaw(picture(160, 80, colour), 160, 80, 3);
    const centre = await encodeRaw(
      picture(80, 80, (x, y) => colour(x + 40, y)),
      80,
      80,
      3,
    );
    const codec = imageCodecSchema.parse({
      kind: 'image',
      width: 20,
      height: 20,
      channels: 3,
      layout: 'NHWC',
      fit: 'crop',
      kernel: 'bilinear',
    });
    const cropped = await encodeImage(wide, codec);
    const reference = await encodeImage(centre, { ...codec, fit: 'fill' });
    let worst = 0;
    for (let y = 1; y < 19; y++) {
      for (let x = 1; x < 19; x++) {
        for (let c = 0; c < 3; c++)
          worst = Math.max(worst, Math.abs(cropped.data[(y * 20 + x) * 3 + c]! - reference.data[(y * 20 + x) * 3 + c]!));
      }
    }
    expect(worst * 255).toBeLessThanOrEqual(3);
  });
});

describe('resize kernel', () => {
  it('nearest keeps a checkerboard two-valued when enlarged; bilinear blends; lanczos3 is the default', async () => {
    const png = await encodeRaw(new Uint8Array([0, 255, 255, 0]), 2, 2, 1);
    const codec = (kernel?: string) =>
      imageCodecSchema.parse({ kind: 'image', width: 8, height: 8, channels: 1, layout: 'NCHW', ...(kernel ? { kernel } : {}) });
    const distinct = async (kernel?: string) => new Set(levels((await encodeImage(png, codec(kernel))).data, 0, 64));
    expect(await distinct('nearest')).toEqual(new Set([0, 255]));
    expect((await distinct('bilinear')).size).toBeGreaterThan(2);
    expect(codec().kernel).toBe('lanczos3');
    expect([...(await encodeImage(png, codec())).data]).toEqual([...(await encodeImage(png, codec('lanczos3'))).data]);
    expect([...(await encodeImage(png, codec('bilinear'))).data]).not.toEqual([...(await encodeImage(png, codec('lanczos3'))).data]);
  });
});

describe('mean and std', () => {
  it('applies (p / 255 - mean[c]) / std[c] per channel, in both layouts', async () => {
    const rgb: [number, number, number] = [255, 128, 0];
    const png = await encodeRaw(
      picture(6, 4, () => rgb),
      6,
      4,
      3,
    );
    const expected = rgb.map((p, c) => (p / 255 - IMAGENET.mean[c]!) / IMAGENET.std[c]!);
    const nchw = await encodeImage(
      png,
      imageCodecSchema.parse({ kind: 'image', width: 3, height: 2, channels: 3, layout: 'NCHW', ...IMAGENET }),
    );
    expect(nchw.dims).toEqual([3, 2, 3]);
    for (let c = 0; c < 3; c++) for (const v of nchw.data.slice(c * 6, c * 6 + 6)) expect(v).toBeCloseTo(expected[c]!, 5);
    const nhwc = await encodeImage(
      png,
      imageCodecSchema.parse({ kind: 'image', width: 3, height: 2, channels: 3, layout: 'NHWC', ...IMAGENET }),
    );
    expect(nhwc.dims).toEqual([2, 3, 3]);
    nhwc.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i % 3]!, 5));
    // Concretely: red 255 -> (1 - 0.485) / 0.229 = 2.2489.
    expect(nchw.data[0]).toBeCloseTo(2.2489, 4);
  });

  it('one value serves every channel; the pixels for previews stay 8-bit', async () => {
    const png = await encodeRaw(
      picture(2, 2, () => [51, 102, 204]),
      2,
      2,
      3,
    );
    const { data, pixels } = await encodeImage(
      png,
      imageCodecSchema.parse({ kind: 'image', width: 2, height: 2, channels: 3, layout: 'NHWC', mean: [0.5], std: [0.5] }),
    );
    expect([...data.slice(0, 3)].map((v) => +v.toFixed(5))).toEqual([-0.6, -0.2, 0.6]);
    expect([...pixels.data.slice(0, 3)]).toEqual([51, 102, 204]);
  });

  it('refuses a list that is not one value or one per channel, and a std of 0', () => {
    const base = { kind: 'image', width: 2, height: 2, channels: 3, layout: 'NCHW' };
    expect(imageCodecSchema.safeParse({ ...base, mean: [0.1, 0.2] }).success).toBe(false);
    expect(imageCodecSchema.safeParse({ ...base, std: [0.2, 0, 0.2] }).success).toBe(false);
    expect(imageCodecSchema.safeParse({ ...base, fit: 'cover' }).success).toBe(false);
    expect(imageCodecSchema.safeParse({ ...base, kernel: 'cubic' }).success).toBe(false);
  });
});

describe('backward compatibility', () => {
  it("a craneml.json written before fit crop and kernel reads as today's fill + lanczos3", () => {
    const input = imageCodecSchema.parse({ kind: 'image', width: 28, height: 28, channels: 1, layout: 'NCHW' });
    expect(input).toMatchObject({ fit: 'fill', kernel: 'lanczos3', scale: 1 / 255 });
    expect([input.mean, input.std]).toEqual([undefined, undefined]);
  });

  it('the committed digits example (written before these fields) still parses, with the defaults', async () => {
    const manifest = manifestSchema.parse(JSON.parse(await readFile('assets/examples/digits/craneml.json', 'utf8')));
    expect(manifest.input).toMatchObject({ kind: 'image', fit: 'fill', kernel: 'lanczos3' });
  });

  it('sharp is asked for what the kernel names (bilinear is sharp "linear")', async () => {
    const raw = new Uint8Array([0, 255, 255, 0]);
    const ours = await encodeImage(
      await encodeRaw(raw, 2, 2, 1),
      imageCodecSchema.parse({ kind: 'image', width: 5, height: 5, channels: 1, layout: 'NCHW', kernel: 'bilinear' }),
    );
    const theirs = await sharp(Buffer.from(raw), { raw: { width: 2, height: 2, channels: 1 } })
      .resize(5, 5, { fit: 'fill', kernel: 'linear' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    expect(levels(ours.data, 0, 25)).toEqual([...theirs]);
  });
});
