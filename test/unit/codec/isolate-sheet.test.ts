import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../../main/codec/decode.ts';
import { isolateSheet } from '../../../main/codec/isolate-sheet.ts';

const SIZE = 300;

function picture(level: (x: number, y: number) => number, size = SIZE): RawImage {
  const data = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = level(x, y);
  return { width: size, height: size, channels: 1, data };
}

const at = (image: RawImage, x: number, y: number) => image.data[y * image.width + x]!;
const inSheet = (x: number, y: number) => x >= 50 && x < 260 && y >= 40 && y < 250;
const stroke = (x: number, y: number) => x >= 140 && x < 152 && y >= 90 && y < 200;

describe('the sheet of paper in a photo', () => {
  it('paints the table around the sheet the paper level, leaving the drawing on it alone', () => {
    const photo = picture((x, y) => (stroke(x, y) ? 30 : inSheet(x, y) ? 225 : 45));
    const out = isolateSheet(photo);
    expect(at(out, 10, 10)).toBe(225);
    expect(at(out, 290, 150)).toBe(225);
    expect(at(out, 145, 150)).toBe(30);
    expect(at(out, 100, 100)).toBe(225);
  });

  it('clears the table where only thin wedges of it show along the frame (a sheet nearly filling the photo)', () => {
    const table = (x: number, y: number) => y < 3 + x * 0.02 || x < 3 + (SIZE - y) * 0.02 || y > SIZE - 4 - (SIZE - x) * 0.02;
    const photo = picture((x, y) => (stroke(x, y) ? 30 : table(x, y) ? 45 : 225));
    const out = isolateSheet(photo);
    for (const [x, y] of [
      [150, 2],
      [290, 6],
      [4, 150],
      [150, 297],
    ] as const)
      expect(at(out, x, y), `${x},${y}`).toBe(225);
    expect(at(out, 145, 150)).toBe(30);
  });

  it('leaves pictures without a surround as they are', () => {
    const canvas = picture((x, y) => (stroke(x, y) ? 0 : 255));
    const lightOnBlack = picture((x, y) => (stroke(x, y) ? 255 : 0));
    const fatStroke = picture((x, y) => (x >= 80 && x < 220 && y >= 20 && y < 280 ? 255 : 0));
    const mnistSized = picture((x, y) => (inSheet(x * 10, y * 10) ? 230 : 40), 28);
    for (const image of [canvas, lightOnBlack, fatStroke, mnistSized]) expect(isolateSheet(image)).toBe(image);
  });
});
