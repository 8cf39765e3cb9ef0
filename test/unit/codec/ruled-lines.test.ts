import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../../main/codec/decode.ts';
import { removeRuledLines } from '../../../main/codec/ruled-lines.ts';
import { byteMismatch } from '../../helpers/byte-mismatch.ts';

const SIZE = 200;

function blank(): RawImage {
  return { width: SIZE, height: SIZE, channels: 1, data: new Uint8Array(SIZE * SIZE) };
}

function paint(image: RawImage, inside: (x: number, y: number) => boolean, level: number): RawImage {
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if (inside(x, y)) image.data[y * SIZE + x] = level;
  return image;
}

const at = (image: RawImage, x: number, y: number) => image.data[y * SIZE + x]!;
/** A vertical pen stroke 8 pixels wide from y = 40 to 160, the "digit". */
const stroke = (x: number, y: number) => x >= 96 && x < 104 && y >= 40 && y < 160;

describe('ruled, squared and margin lines', () => {
  it('removes faint lines across the sheet, keeping the stroke where it crosses them', () => {
    const ruled = (x: number, y: number) => y % 25 === 0 || y % 25 === 1;
    const image = paint(paint(blank(), ruled, 90), stroke, 255);
    const out = removeRuledLines(image);
    expect(at(out, 20, 50)).toBe(0);
    expect(at(out, 180, 101)).toBe(0);
    // Bridged where the stroke crosses the line at y = 100, untouched elsewhere.
    expect(at(out, 100, 100)).toBe(255);
    expect(at(out, 100, 70)).toBe(255);
  });

  it('removes lines turned a few degrees, as on a photographed sheet, and a margin line', () => {
    const slope = Math.tan((2 * Math.PI) / 180);
    const tilted = (x: number, y: number) => Math.abs(((y - slope * x) % 30) + 30) % 30 < 2;
    const margin = (x: number) => x === 15 || x === 16;
    const image = paint(paint(paint(blank(), tilted, 120), margin, 120), stroke, 255);
    const out = removeRuledLines(image);
    let lineInkLeft = 0;
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if (!stroke(x, y) && at(out, x, y) > 0) lineInkLeft++;
    expect(lineInkLeft).toBe(0);
    expect(at(out, 100, 150)).toBe(255);
  });

  it('keeps a drawing that only looks like a line: a tall 1 from edge to edge, a thick bar across', () => {
    const tallOne = paint(blank(), (x) => x >= 97 && x < 103, 255);
    expect(byteMismatch(removeRuledLines(tallOne).data, tallOne.data)).toBeUndefined();
    const bar = (x: number, y: number) => y >= 30 && y < 42;
    const seven = paint(paint(blank(), bar, 255), (x, y) => y >= 42 && Math.abs(x - (190 - (y - 42))) < 5, 255);
    expect(byteMismatch(removeRuledLines(seven).data, seven.data)).toBeUndefined();
  });

  it('removes a tilted line clipped by a corner of the picture too, and keeps a slightly tilted thick bar', () => {
    const size = 400;
    const make = (level: (x: number, y: number) => number): RawImage => {
      const data = new Uint8Array(size * size);
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = level(x, y);
      return { width: size, height: size, channels: 1, data };
    };
    const slope = Math.tan((1.5 * Math.PI) / 180);
    const onLine = (x: number, y: number) => {
      const offset = y - slope * x;
      return ((offset % 30) + 30) % 30 < 2 && offset > -40;
    };
    const digit = (x: number, y: number) => x >= 190 && x < 204 && y >= 120 && y < 280;
    const out = removeRuledLines(make((x, y) => (digit(x, y) ? 255 : onLine(x, y) ? 110 : 0)));
    let left = 0;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (!digit(x, y) && out.data[y * size + x]! > 0) left++;
    expect(left).toBe(0);

    const bar = (x: number, y: number) => Math.abs(y - 60 - Math.tan(Math.PI / 180) * x) < 7;
    const seven = make((x, y) => (bar(x, y) || (y > 60 && Math.abs(x - (390 - (y - 60))) < 6) ? 255 : 0));
    expect(byteMismatch(removeRuledLines(seven).data, seven.data)).toBeUndefined();
  });

  it('leaves a drawing with no lines as it was', () => {
    const image = paint(blank(), stroke, 255);
    expect(byteMismatch(removeRuledLines(image).data, image.data)).toBeUndefined();
  });
});
