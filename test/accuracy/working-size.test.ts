/**
 * The codec's working size (main/codec/limits.ts): a photo larger than it is reduced before the
 * full-resolution steps, and the model's answers do not change. Held-out digits photographed on a
 * sheet on a dark table, at 400 px (under the working size) and enlarged to 2400 px (over it).
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Predictor } from '../../main/inference/predictor.ts';
import { paperPages, writeOn, type Pages } from '../helpers/digit-pictures.ts';
import { heldOutDigits, type Digit } from '../helpers/mnist-heldout.ts';

let predictor: Predictor;
let pages: Pages;

beforeAll(async () => {
  predictor = await Predictor.open(path.resolve('assets/examples/digits'));
  pages = await paperPages();
});
afterAll(async () => {
  await predictor?.close();
});

/** The photo's grey pixels, made once per digit and sent at both sizes: a light sheet turned 6 degrees on a dark table, the digit written on it. */
function photo(digit: Digit): Promise<Uint8Array> {
  return writeOn(pages.table, 400, digit, 160, 130, 110);
}

/** The photo as a PNG `side` pixels square. */
function atSide(pixels: Uint8Array, side: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width: 400, height: 400, channels: 1 } })
    .resize(side, side, { kernel: 'cubic' })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

async function label(png: Buffer): Promise<string> {
  const [prediction] = await predictor.predict([await predictor.sampleFromImage(png)]);
  return prediction && 'label' in prediction ? prediction.label : '';
}

/** The model's answers for the digit's photo at 400 px and enlarged to 2400 px. */
async function answersAtBothSides(digit: Digit): Promise<[string, string]> {
  const pixels = await photo(digit);
  return [await label(await atSide(pixels, 400)), await label(await atSide(pixels, 2400))];
}

describe('codec working size', () => {
  it('gives the same answers for a photo enlarged past the working size (2400 px) as at 400 px', async () => {
    const digits = heldOutDigits().filter((_, i) => i % 80 === 0);
    let same = 0;
    let rightSmall = 0;
    let rightLarge = 0;
    // Eight digits at once: libvips enlarges and decodes in its threads while this one runs the codec's passes.
    for (let start = 0; start < digits.length; start += 8) {
      const batch = digits.slice(start, start + 8);
      const answers = await Promise.all(batch.map(answersAtBothSides));
      batch.forEach((digit, i) => {
        const [small, large] = answers[i]!;
        if (small === large) same++;
        if (small === String(digit.label)) rightSmall++;
        if (large === String(digit.label)) rightLarge++;
      });
    }
    console.log(
      `working size: ${same}/${digits.length} answers the same at 400 and 2400 px; accuracy ${rightSmall} and ${rightLarge} of ${digits.length}`,
    );
    expect(same).toBeGreaterThanOrEqual(digits.length - 1);
    expect(Math.abs(rightSmall - rightLarge)).toBeLessThanOrEqual(1);
  }, 120_000);
});
