/** The codec's grey level of a colour: its table lookup gives libvips' luminance byte for every one of the 2^24 colours. */
import { describe, expect, it } from 'vitest';
import { grey, toSrgbByte } from '../../../main/codec/flatten.ts';

/** sRGB byte → linear light, as libvips' colour conversion computes it. */
const toLinear = (v: number): number => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

describe('grey', () => {
  it('is the rounded sRGB encoding of the colour’s luminance, for every colour', () => {
    const linear = Float64Array.from({ length: 256 }, (_, v) => toLinear(v));
    const wrong: string[] = [];
    for (let r = 0; r < 256; r++) {
      for (let g = 0; g < 256; g++) {
        const rg = 0.2126 * linear[r]! + 0.7152 * linear[g]!;
        for (let b = 0; b < 256; b++) {
          const expected = r === g && g === b ? r : toSrgbByte(rg + 0.0722 * linear[b]!);
          if (grey(r, g, b) !== expected && wrong.push(`${r},${g},${b}`) > 10) break;
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps a grey colour’s own level, and maps black and white to 0 and 255', () => {
    for (const level of [0, 1, 127, 254, 255]) expect(grey(level, level, level)).toBe(level);
    expect(grey(255, 255, 254)).toBe(255);
    expect(grey(0, 0, 1)).toBe(0);
  });
});
