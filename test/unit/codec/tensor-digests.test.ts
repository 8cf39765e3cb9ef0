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
import { heldOutDigits, type Digit } from '../../helpers/mnist-heldout.ts';

const FIXTURE = path.resolve('test/unit/codec/fixtures/tensor-digests.json');
const digitsCodec = imageCodecSchema.parse(JSON.parse(readFileSync(path.resolve('assets/examples/digits/craneml.json'), 'utf8')).input);

/** 0..255 white-on-black bytes of a held-out digit. */
function inkOf(digit: Digit): Uint8Array {
  return Uint8Array.from(digit.pixels, (v) => Math.round(v * 255));
}

/** The digit enlarged to `size` with sharp's cubic kernel, one grey channel, white on black. */
async function enlarged(digit: Digit, size: number): Promise<Buffer> {
  return sharp(inkOf(digit), { raw: { width: 28, height: 28, channels: 1 } })
    .resize(size, size, { kernel: 'cubic' })
    .extractChannel(0)
    .raw()
    .toBuffer();
}

async function greyOf(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).extractChannel(0).raw().toBuffer();
}

/** The digit's ink multiplied onto a grey page at (left, top), as digits-accuracy.test.ts writes it. */
async function writeOn(page: Buffer, pageWidth: number, digit: Digit, size: number, left: number, top: number): Promise<Uint8Array> {
  const ink = await enlarged(digit, size);
  const out = Uint8Array.from(page);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const at = (y + top) * pageWidth + x + left;
      out[at] = Math.round((out[at]! * (255 - ink[y * size + x]!)) / 255);
    }
  return out;
}

const RULED = `<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280"><rect width="280" height="280" fill="#f4f2ec"/><g transform="rotate(2 140 140)">${Array.from(
  { length: 15 },
  (_, i) => `<line x1="-100" y1="${-100 + i * 34}" x2="400" y2="${-100 + i * 34}" stroke="#3a4560" stroke-width="3"/>`,
).join('')}<line x1="30" y1="-100" x2="30" y2="400" stroke="#a03030" stroke-width="3"/></g></svg>`;
const TABLE = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#352818"/><g transform="rotate(6 200 200)"><rect x="60" y="50" width="300" height="290" fill="#e8e6df"/></g></svg>`;

/**
 * Each set's pictures: which digits (every `step`-th) and how they are drawn. A quarter of the 2,378
 * the speed-ups were first checked on (all of them, and 14,038 pictures tensor by tensor, gave the
 * same tensors as the code before): the unit tier stays short, every form still shows.
 */
const SETS: Record<string, { step: number; make: (digit: Digit, pages: { ruled: Buffer; table: Buffer }) => Promise<Buffer> }> = {
  'mnist 28x28 white on black': { step: 8, make: async (d) => encodeRaw(inkOf(d), 28, 28, 1) },
  'canvas 280x280 dark on white': {
    step: 16,
    make: async (d) =>
      encodeRaw(
        Uint8Array.from(await enlarged(d, 280), (v) => 255 - v),
        280,
        280,
        1,
      ),
  },
  'canvas 280x280 RGBA, black ink on a see-through ground': {
    step: 32,
    make: async (d) => {
      const ink = await enlarged(d, 280);
      const rgba = new Uint8Array(280 * 280 * 4);
      for (let i = 0; i < ink.length; i++) rgba[i * 4 + 3] = ink[i]!;
      return encodeRaw(rgba, 280, 280, 4);
    },
  },
  'canvas 280x280 RGB, blue ink on white': {
    step: 64,
    make: async (d) => {
      const ink = await enlarged(d, 280);
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
      const ink = await enlarged(d, 200);
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
    make: async (d, pages) => encodeRaw(await writeOn(pages.ruled, 280, d, 280, 0, 0), 280, 280, 1),
  },
  'sheet on a dark table, JPEG': {
    step: 40,
    make: async (d, pages) => encodeRaw(await writeOn(pages.table, 400, d, 168, 120, 110), 400, 400, 1, 'jpeg'),
  },
};

async function digestOf(set: (typeof SETS)[string], digits: Digit[], pages: { ruled: Buffer; table: Buffer }): Promise<string> {
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
    const pages = { ruled: await greyOf(RULED), table: await greyOf(TABLE) };
    const digests: Record<string, string> = {};
    for (const [name, set] of Object.entries(SETS)) digests[name] = await digestOf(set, digits, pages);
    digests["the example's sample drawings"] = await samplesDigest();
    if (process.env.CRANEML_WRITE_DIGESTS === '1') writeFileSync(FIXTURE, JSON.stringify(digests, null, 2) + '\n');
    expect(digests).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  }, 600_000);
});
