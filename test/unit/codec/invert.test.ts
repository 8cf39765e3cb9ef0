import { describe, expect, it } from 'vitest';
import { borderBrightness, invertImage, shouldInvert } from '../../../main/codec/invert.ts';
import type { RawImage } from '../../../main/codec/decode.ts';

/** A one-channel image whose pixels within `ring` of the edge are `edge`, the rest `inside`. */
function framed(width: number, height: number, ring: number, edge: number, inside: number): RawImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const onRing = x < ring || y < ring || x >= width - ring || y >= height - ring;
      data[y * width + x] = onRing ? edge : inside;
    }
  return { width, height, channels: 1, data };
}

describe('ink colour detection', () => {
  it('reads only the outer ring (4% of the shorter side), whatever the inside holds', () => {
    // 100x50: the ring is 2 pixels wide.
    expect(borderBrightness(framed(100, 50, 2, 200, 0))).toBe(200);
    expect(borderBrightness(framed(100, 50, 2, 10, 255))).toBe(10);
    expect(borderBrightness(framed(3, 3, 1, 90, 0))).toBe(90);
    expect(borderBrightness(framed(1, 1, 1, 77, 77))).toBe(77);
  });

  it('flips dark ink on light paper, keeps light ink on black, and keeps alpha when flipping', () => {
    expect(shouldInvert('auto', framed(40, 40, 2, 250, 0))).toBe(true);
    expect(shouldInvert('auto', framed(40, 40, 2, 5, 255))).toBe(false);
    expect(invertImage({ width: 2, height: 1, channels: 1, data: Uint8Array.from([0, 200]) }).data).toEqual(Uint8Array.from([255, 55]));
    const rgba = { width: 1, height: 1, channels: 4 as const, data: Uint8Array.from([10, 20, 30, 128]) };
    expect(invertImage(rgba).data).toEqual(Uint8Array.from([245, 235, 225, 128]));
  });
});
