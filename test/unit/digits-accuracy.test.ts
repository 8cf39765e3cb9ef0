import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Predictor } from '../../main/inference/predictor.ts';
import type { Sample } from '../../main/inference/batch.ts';
import { encodeRaw } from '../helpers/images.ts';
import { heldOutDigits, type Digit } from '../helpers/mnist-heldout.ts';

const project = path.resolve('assets/examples/digits');
let predictor: Predictor;

beforeAll(async () => {
  predictor = await Predictor.open(project);
});
afterAll(async () => {
  await predictor.close();
});

async function accuracy(digits: Digit[], toPng: (d: Digit) => Promise<Buffer>): Promise<number> {
  let correct = 0;
  for (let start = 0; start < digits.length; start += 64) {
    const chunk = digits.slice(start, start + 64);
    const samples: Sample[] = [];
    for (const digit of chunk) samples.push(await predictor.sampleFromImage(await toPng(digit)));
    const predictions = await predictor.predict(samples);
    predictions.forEach((p, i) => {
      if ('label' in p && p.label === String(chunk[i]!.label)) correct++;
    });
  }
  return correct / digits.length;
}

/** An SVG rendered to one grey channel. */
async function greyOf(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).extractChannel(0).raw().toBuffer();
}

/** A copy of a grey `page` (`pageWidth` wide) with the digit's ink, enlarged to `size`, multiplied onto it at (left, top). */
async function writeOn(page: Buffer, pageWidth: number, digit: Digit, size: number, left: number, top: number): Promise<Uint8Array> {
  const ink = await sharp(
    Uint8Array.from(digit.pixels, (v) => Math.round(v * 255)),
    { raw: { width: 28, height: 28, channels: 1 } },
  )
    .resize(size, size, { kernel: 'cubic' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = Uint8Array.from(page);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const at = (y + top) * pageWidth + x + left;
      out[at] = Math.round((out[at]! * (255 - ink[y * size + x]!)) / 255);
    }
  return out;
}

describe('digits example', () => {
  const digits = heldOutDigits();

  it('uses the documented held-out split of the mnist package (2,000 digits)', () => {
    expect(digits.length).toBe(2004);
  });

  it('is at least 98% accurate on held-out digits sent as PNGs through the codec', async () => {
    const asPng = (d: Digit) =>
      encodeRaw(
        Uint8Array.from(d.pixels, (v) => Math.round(v * 255)),
        28,
        28,
        1,
      );
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
    // Dark ruled lines every 34 px and a margin line, the sheet turned 2 degrees.
    let lines = '';
    for (let y = -100; y < 400; y += 34) lines += `<line x1="-100" y1="${y}" x2="400" y2="${y}" stroke="#3a4560" stroke-width="3"/>`;
    const sheet = await greyOf(
      `<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280"><rect width="280" height="280" fill="#f4f2ec"/><g transform="rotate(2 140 140)">${lines}<line x1="30" y1="-100" x2="30" y2="400" stroke="#a03030" stroke-width="3"/></g></svg>`,
    );
    const onPaper = async (d: Digit) => encodeRaw(await writeOn(sheet, 280, d, 280, 0, 0), 280, 280, 1);
    const sample = digits.filter((_, i) => i % 5 === 0);
    const result = await accuracy(sample, onPaper);
    console.log(`held-out accuracy, on ruled paper turned 2 degrees: ${(result * 100).toFixed(2)}% of ${sample.length}`);
    expect(result).toBeGreaterThanOrEqual(0.97);
  });

  it('reads the same digits on a sheet of paper photographed on a dark table, the sheet turned and off-centre', async () => {
    // A 400x400 photo: dark table, a light sheet turned 6 degrees covering about half the frame.
    const photo = await greyOf(
      `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#352818"/><g transform="rotate(6 200 200)"><rect x="60" y="50" width="300" height="290" fill="#e8e6df"/></g></svg>`,
    );
    const onTable = async (d: Digit) => encodeRaw(await writeOn(photo, 400, d, 168, 120, 110), 400, 400, 1, 'jpeg');
    const sample = digits.filter((_, i) => i % 5 === 0);
    const result = await accuracy(sample, onTable);
    console.log(`held-out accuracy, on a sheet photographed on a dark table: ${(result * 100).toFixed(2)}% of ${sample.length}`);
    expect(result).toBeGreaterThanOrEqual(0.97);
  });
});
