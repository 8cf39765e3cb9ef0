/** The digits example's held-out accuracy through the codec, on four ways of drawing a digit: measures model and codec. */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Predictor } from '../../main/inference/predictor.ts';
import type { Sample } from '../../main/inference/batch.ts';
import { encodeRaw } from '../helpers/images.ts';
import { inkOf, onDarkTable, onRuledPaper, paperPages, type Pages } from '../helpers/digit-pictures.ts';
import { heldOutDigits, type Digit } from '../helpers/mnist-heldout.ts';

const project = path.resolve('assets/examples/digits');
let predictor: Predictor;
let pages: Pages;

beforeAll(async () => {
  predictor = await Predictor.open(project);
  pages = await paperPages();
});
afterAll(async () => {
  await predictor.close();
});

async function accuracy(digits: Digit[], toPng: (d: Digit) => Promise<Buffer>): Promise<number> {
  let correct = 0;
  for (let start = 0; start < digits.length; start += 64) {
    const chunk = digits.slice(start, start + 64);
    // A chunk's pictures at once: libvips draws and decodes in its threads while this one runs the codec's passes.
    const samples: Sample[] = await Promise.all(chunk.map(async (digit) => predictor.sampleFromImage(await toPng(digit))));
    const predictions = await predictor.predict(samples);
    predictions.forEach((p, i) => {
      if ('label' in p && p.label === String(chunk[i]!.label)) correct++;
    });
  }
  return correct / digits.length;
}

describe('digits example', () => {
  const digits = heldOutDigits();

  it('uses the documented held-out split of the mnist package (2,000 digits)', () => {
    expect(digits.length).toBe(2004);
  });

  it('is at least 98% accurate on held-out digits sent as PNGs through the codec', async () => {
    const asPng = (d: Digit) => encodeRaw(inkOf(d), 28, 28, 1);
    const result = await accuracy(digits, asPng);
    console.log(`held-out accuracy, 28x28 white-on-black PNG: ${(result * 100).toFixed(2)}% of ${digits.length}`);
    expect(result).toBeGreaterThanOrEqual(0.98);
  });

  it('is at least 98% accurate on the same digits enlarged to a 280x280 canvas, dark ink on white', async () => {
    const asCanvas = async (d: Digit) => {
      const dark = Uint8Array.from(d.pixels, (v) => 255 - Math.round(v * 255));
      return sharp(dark, { raw: { width: 28, height: 28, channels: 1 } })
        .resize(280, 280, { kernel: 'cubic' })
        .png()
        .toBuffer();
    };
    const result = await accuracy(digits, asCanvas);
    console.log(`held-out accuracy, 280x280 dark-on-white PNG: ${(result * 100).toFixed(2)}% of ${digits.length}`);
    expect(result).toBeGreaterThanOrEqual(0.98);
  });

  it('reads the same digits written on ruled paper with a margin line, photographed slightly askew', async () => {
    const onPaper = (d: Digit) => onRuledPaper(d, pages);
    const sample = digits.filter((_, i) => i % 5 === 0);
    const result = await accuracy(sample, onPaper);
    console.log(`held-out accuracy, on ruled paper turned 2 degrees: ${(result * 100).toFixed(2)}% of ${sample.length}`);
    expect(result).toBeGreaterThanOrEqual(0.97);
  });

  it('reads the same digits on a sheet of paper photographed on a dark table, the sheet turned and off-centre', async () => {
    const onTable = (d: Digit) => onDarkTable(d, pages);
    const sample = digits.filter((_, i) => i % 5 === 0);
    const result = await accuracy(sample, onTable);
    console.log(`held-out accuracy, on a sheet photographed on a dark table: ${(result * 100).toFixed(2)}% of ${sample.length}`);
    expect(result).toBeGreaterThanOrEqual(0.97);
  });
});
