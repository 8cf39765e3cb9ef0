/**
 * The codec's working size (main/codec/limits.ts): a photo larger than it is reduced before the
 * full-resolution steps, and the model's answers do not change. Held-out digits photographed on a
 * sheet on a dark table, at 400 px (under the working size) and enlarged to 2400 px (over it).
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Predictor } from '../../main/inference/predictor.ts';
import { heldOutDigits, type Digit } from '../helpers/mnist-heldout.ts';

let predictor: Predictor;

beforeAll(async () => {
  predictor = await Predictor.open(path.resolve('assets/examples/digits'));
});
afterAll(async () => {
  await predictor?.close();
});

/** A 400x400 photo: a light sheet turned 6 degrees on a dark table, the digit written on it. */
async function photo(digit: Digit, side: number): Promise<Buffer> {
  const table = await sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#352818"/><g transform="rotate(6 200 200)"><rect x="60" y="50" width="300" height="290" fill="#e8e6df"/></g></svg>',
    ),
  )
    .extractChannel(0)
    .raw()
    .toBuffer();
  const ink = await sharp(
    Uint8Array.from(digit.pixels, (v) => Math.round(v * 255)),
    { raw: { width: 28, height: 28, channels: 1 } },
  )
    .resize(160, 160, { kernel: 'cubic' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = Uint8Array.from(table);
  for (let y = 0; y < 160; y++)
    for (let x = 0; x < 160; x++)
      out[(y + 110) * 400 + x + 130] = Math.round((out[(y + 110) * 400 + x + 130]! * (255 - ink[y * 160 + x]!)) / 255);
  return sharp(out, { raw: { width: 400, height: 400, channels: 1 } })
    .resize(side, side, { kernel: 'cubic' })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

async function label(png: Buffer): Promise<string> {
  const [prediction] = await predictor.predict([await predictor.sampleFromImage(png)]);
  return prediction && 'label' in prediction ? prediction.label : '';
}

describe('codec working size', () => {
  it('gives the same answers for a photo enlarged past the working size (2400 px) as at 400 px', async () => {
    const digits = heldOutDigits().filter((_, i) => i % 80 === 0);
    let same = 0;
    let rightSmall = 0;
    let rightLarge = 0;
    for (const digit of digits) {
      const [small, large] = [await label(await photo(digit, 400)), await label(await photo(digit, 2400))];
      if (small === large) same++;
      if (small === String(digit.label)) rightSmall++;
      if (large === String(digit.label)) rightLarge++;
    }
    console.log(
      `working size: ${same}/${digits.length} answers the same at 400 and 2400 px; accuracy ${rightSmall} and ${rightLarge} of ${digits.length}`,
    );
    expect(same).toBeGreaterThanOrEqual(digits.length - 1);
    expect(Math.abs(rightSmall - rightLarge)).toBeLessThanOrEqual(1);
  }, 120_000);
});
