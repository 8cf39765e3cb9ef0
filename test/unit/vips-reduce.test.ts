import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../main/codec/decode.ts';
import { inkBox } from '../../main/codec/mnist-center.ts';
import { reduceLanczos3, reducesLikeSharp } from '../../main/codec/vips-reduce.ts';

// One libvips thread per picture: these are small, and the batches already run four at once.
sharp.concurrency(1);

interface Case {
  image: RawImage;
  width: number;
  height: number;
}

/** mulberry32: the same cases on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function sharpResize({ image, width, height }: Case): Promise<Uint8Array> {
  const raw = { width: image.width, height: image.height, channels: image.channels };
  let pipeline = sharp(image.data, { raw }).resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  if (image.channels === 1) pipeline = pipeline.toColourspace('b-w');
  return new Uint8Array(await pipeline.raw().toBuffer());
}

/** Compares every case with sharp, a batch at a time so libvips' threads overlap; returns the mismatches. */
async function mismatches(cases: Case[]): Promise<string[]> {
  const found: string[] = [];
  for (let start = 0; start < cases.length; start += 32) {
    const batch = cases.slice(start, start + 32);
    const expected = await Promise.all(batch.map(sharpResize));
    batch.forEach((c, i) => {
      const actual = reduceLanczos3(c.image, c.width, c.height).data;
      let worst = 0;
      for (let k = 0; k < actual.length; k++) worst = Math.max(worst, Math.abs(actual[k]! - expected[i]![k]!));
      if (actual.length !== expected[i]!.length || worst > 0) {
        found.push(`${c.image.width}x${c.image.height}x${c.image.channels} -> ${c.width}x${c.height}: off by up to ${worst}`);
      }
    });
  }
  return found;
}

/** A target side for a source side: 1 px, unchanged, or shrunk by a factor near 1, 2, 2.5, 3..20, or any. */
function targetSide(side: number, random: () => number): number {
  const pick = random();
  if (pick < 0.08) return 1;
  if (pick < 0.16) return side;
  if (pick < 0.3) return Math.max(1, side - 1 - Math.floor(random() * 3));
  if (pick < 0.75) {
    const factors = [1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20];
    const factor = factors[Math.floor(random() * factors.length)]! * (1 + (random() - 0.5) * 0.04);
    return Math.min(side, Math.max(1, Math.round(side / factor)));
  }
  return 1 + Math.floor(random() * side);
}

function content(width: number, height: number, channels: 1 | 3, random: () => number): Uint8Array {
  const data = new Uint8Array(width * height * channels);
  const kind = Math.floor(random() * 6);
  if (kind === 0) return data;
  if (kind === 1) return data.fill(255);
  const cut = Math.floor(random() * width);
  const period = 1 + Math.floor(random() * 9);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) {
        const at = (y * width + x) * channels + c;
        if (kind === 2) data[at] = Math.floor(random() * 256);
        else if (kind === 3) data[at] = ((x * 255) / Math.max(1, width - 1) + (y * (c + 1) * 97) / Math.max(1, height)) & 255;
        else if (kind === 4) data[at] = x < cut !== (Math.floor(y / period) % 2 === 0) ? 255 : 0;
        else data[at] = random() < 0.1 ? 255 : random() < 0.1 ? Math.floor(random() * 256) : 0;
      }
  return data;
}

/** A digit-like stroke (a random closed loop with a tail) drawn light on dark on a 280x280 pad. */
function strokes(random: () => number): RawImage {
  const size = 280;
  const data = new Uint8Array(size * size);
  const cx = 80 + random() * 120;
  const cy = 80 + random() * 120;
  const rx = 10 + random() * 70;
  const ry = 20 + random() * 80;
  const pen = 4 + random() * 14;
  const tail = random() * 2 - 1;
  for (let t = 0; t < 1.4; t += 0.01) {
    const a = t * 2 * Math.PI;
    const x = t <= 1 ? cx + rx * Math.cos(a) : cx + rx + (t - 1) * 200 * tail;
    const y = t <= 1 ? cy + ry * Math.sin(a) : cy + (t - 1) * 250;
    for (let dy = -pen; dy <= pen; dy++)
      for (let dx = -pen; dx <= pen; dx++) {
        const px = Math.round(x + dx);
        const py = Math.round(y + dy);
        if (px < 0 || py < 0 || px >= size || py >= size) continue;
        const d = Math.hypot(dx, dy);
        if (d <= pen) data[py * size + px] = Math.max(data[py * size + px]!, Math.round(255 * Math.min(1, pen - d)));
      }
  }
  return { width: size, height: size, channels: 1, data };
}

function cropToInk(image: RawImage): RawImage {
  const box = inkBox(image)!;
  const data = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * image.width + box.x;
    data.set(image.data.subarray(from, from + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, channels: 1, data };
}

describe('lanczos3 reduce like sharp', () => {
  it('gives the bytes sharp gives for random sizes, factors and content, grey and RGB', async () => {
    const random = prng(20261129);
    const cases: Case[] = [];
    while (cases.length < 2000) {
      const big = random() < 0.1;
      const width = 1 + Math.floor(random() * (big ? 400 : 120));
      const height = 1 + Math.floor(random() * (big ? 400 : 120));
      const channels = random() < 0.6 ? 1 : 3;
      const image: RawImage = { width, height, channels, data: content(width, height, channels, random) };
      const target = { image, width: targetSide(width, random), height: targetSide(height, random) };
      if (reducesLikeSharp(image, target.width, target.height)) cases.push(target);
    }
    expect(await mismatches(cases)).toEqual([]);
  });

  it('gives the bytes sharp gives for exact factors and degenerate sizes', async () => {
    const random = prng(7);
    const sizes: [number, number, number, number][] = [
      [3, 2, 3, 1],
      [30, 20, 30, 20],
      [150, 200, 15, 20],
      [150, 100, 100, 100],
      [1024, 1024, 20, 20],
      [400, 1, 20, 1],
      [1, 400, 1, 7],
      [2, 2, 1, 1],
      [9, 6, 6, 4],
      [45, 60, 18, 24],
      [280, 280, 20, 20],
      // Factors like 386/384 put sample positions exactly on libvips' 1/64 steps, where its regions decide the side.
      [1, 386, 1, 384],
      [386, 5, 384, 5],
      [386, 60, 384, 5],
      [386, 218, 384, 11],
      [400, 386, 300, 384],
      [386, 1544, 384, 384],
      [1544, 386, 384, 384],
      [193, 400, 192, 399],
      [580, 300, 577, 100],
    ];
    const cases: Case[] = [];
    for (const [w, h, width, height] of sizes) {
      for (const channels of [1, 3] as const)
        cases.push({ image: { width: w, height: h, channels, data: content(w, h, channels, random) }, width, height });
    }
    expect(await mismatches(cases)).toEqual([]);
  });

  it('gives the bytes sharp gives for ink crops scaled so their long side is 20, as the MNIST centring does', async () => {
    const random = prng(28);
    const cases: Case[] = [];
    for (let i = 0; i < 200; i++) {
      const image = cropToInk(strokes(random));
      const ratio = 20 / Math.max(image.width, image.height);
      const width = Math.max(1, Math.round(image.width * ratio));
      const height = Math.max(1, Math.round(image.height * ratio));
      if (reducesLikeSharp(image, width, height)) cases.push({ image, width, height });
    }
    expect(cases.length).toBeGreaterThan(150);
    expect(await mismatches(cases)).toEqual([]);
  });

  it('leaves alpha, upscaling and unchanged sizes to sharp', () => {
    const image: RawImage = { width: 10, height: 10, channels: 4, data: new Uint8Array(400) };
    expect(reducesLikeSharp(image, 5, 5)).toBe(false);
    expect(reducesLikeSharp({ ...image, channels: 1 }, 20, 5)).toBe(false);
    expect(reducesLikeSharp({ ...image, channels: 1 }, 10, 10)).toBe(false);
    expect(reducesLikeSharp({ ...image, channels: 3 }, 10, 4)).toBe(true);
  });
});
