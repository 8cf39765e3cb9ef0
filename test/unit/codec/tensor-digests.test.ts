/**
 * The codec's tensors, bit for bit, on about 600 pictures: the held-out digits as the four sets of
 * digits-accuracy.test.ts draws them, plus the canvas forms the app and scripts send (RGBA with a
 * see-through ground, a palette PNG, RGB). Any change to how a picture becomes a tensor shows here as
 * a changed digest; a speed-up must leave every one as it was. `CRANEML_WRITE_DIGESTS=1` rewrites the
 * fixture (only when the tensors are meant to change, and then the accuracy figures are re-checked).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeImage } from '../../../main/codec/image-codec.ts';
import { imageCodecSchema } from '../../../main/manifest.ts';
import { encodeRaw } from '../../helpers/images.ts';
import { enlargedInk, inkOf, onDarkTable, onRuledPaper, paperPages, type Pages } from '../../helpers/digit-pictures.ts';
import { heldOutDigits, type Digit } from '../../helpers/mnist-heldout.ts';

const FIXTURE = path.resolve('test/unit/codec/fixtures/tensor-digests.json');
const digitsCodec = imageCodecSchema.parse(JSON.parse(readFileSync(path.resolve('assets/examples/digits/craneml.json'), 'utf8')).input);

/**
 * Each set's pictures: which digits (every `step`-th) and how they are drawn. A quarter of the 2,378
 * the speed-ups were first checked on (all of them, and 14,038 pictures tensor by tensor, gave the
 * same tensors as the code before): the unit tier stays short, every form still shows.
 */
const SETS: Record<string, { step: number; make: (digit: Digit, pages: Pages) => Promise<Buffer> }> = {
  'mnist 28x28 white on black': { step: 8, make: async (d) => encodeRaw(inkOf(d), 28, 28, 1) },
  'canvas 280x280 dark on white': {
    step: 16,
    make: async (d) =>
      encodeRaw(
        Uint8Array.from(await enlargedInk(d, 280), (v) => 255 - v),
        280,
        280,
        1,
      ),
  },
  'canvas 280x280 RGBA, black ink on a see-through ground': {
    step: 32,
    make: async (d) => {
      const ink = await enlargedInk(d, 280);
      const rgba = new Uint8Array(280 * 280 * 4);
      for (let i = 0; i < ink.length; i++) rgba[i * 4 + 3] = ink[i]!;
      return encodeRaw(rgba, 280, 280, 4);
    },
  },
  'canvas 280x280 RGB, blue ink on white': {
    step: 64,
    make: async (d) => {
      const ink = await enlargedInk(d, 280);
      const rgb = new Uint8Array(280 * 280 * 3);
      for (let i = 0; i < ink.length; i++) {
        rgb[i * 3] = 255 - ink[i]!;
        rgb[i * 3 + 1] = 255 - Math.round(ink[i]! * 0.7);
        rgb[i * 3 + 2] = 255;
      }
      return encodeRaw(rgb, 280, 280, 3);
    },
  },
  'canvas 200x300 palette PNG': {
    step: 80,
    make: async (d) => {
      const ink = await enlargedInk(d, 200);
      const page = new Uint8Array(200 * 300).fill(250);
      page.set(
        Uint8Array.from(ink, (v) => 250 - Math.round((v * 240) / 255)),
        200 * 40,
      );
      return sharp(page, { raw: { width: 200, height: 300, channels: 1 } })
        .png({ palette: true, colours: 16 })
        .toBuffer();
    },
  },
  'ruled paper turned 2 degrees': {
    step: 40,
    make: onRuledPaper,
  },
  'sheet on a dark table, JPEG': {
    step: 40,
    make: onDarkTable,
  },
};

async function digestOf(set: (typeof SETS)[string], digits: Digit[], pages: Pages): Promise<string> {
  const hash = createHash('sha256');
  for (let i = 0; i < digits.length; i += set.step) {
    const { data, dims } = await encodeImage(await set.make(digits[i]!, pages), digitsCodec);
    hash.update(dims.join('x'));
    hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return hash.digest('hex');
}

/** The digits example's own drawings (assets/examples/digits/samples), what the bench sends. */
async function samplesDigest(): Promise<string> {
  const hash = createHash('sha256');
  for (let digit = 0; digit < 10; digit++) {
    const png = readFileSync(path.resolve(`assets/examples/digits/samples/${digit}.png`));
    const { data } = await encodeImage(png, digitsCodec);
    hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return hash.digest('hex');
}

describe('image codec tensors', () => {
  it('gives the same tensor, bit for bit, for every held-out digit in every form it is sent', async () => {
    const digits = heldOutDigits();
    const pages = await paperPages();
    const digests: Record<string, string> = {};
    for (const [name, set] of Object.entries(SETS)) digests[name] = await digestOf(set, digits, pages);
    digests["the example's sample drawings"] = await samplesDigest();
    if (process.env.CRANEML_WRITE_DIGESTS === '1') writeFileSync(FIXTURE, JSON.stringify(digests, null, 2) + '\n');
    expect(digests).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  }, 600_000);
});
