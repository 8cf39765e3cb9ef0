import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { maxImagePixels, workingSide } from '../../../main/codec/limits.ts';
import { probeHeader } from '../../../main/codec/probe-header.ts';
import { pngClaiming } from '../../runtime/helpers.ts';

describe('header probe', () => {
  it('reads the size of a PNG from its header', () => {
    expect(probeHeader(pngClaiming(6000, 4000))).toEqual({ format: 'png', width: 6000, height: 4000 });
  });

  it('reads the size of baseline and progressive JPEGs past their APP segments', async () => {
    const picture = sharp({ create: { width: 300, height: 170, channels: 3, background: '#808080' } });
    const baseline = await picture.clone().jpeg().withMetadata().toBuffer();
    const progressive = await picture.clone().jpeg({ progressive: true }).toBuffer();
    expect(probeHeader(baseline)).toEqual({ format: 'jpeg', width: 300, height: 170 });
    expect(probeHeader(progressive)).toEqual({ format: 'jpeg', width: 300, height: 170 });
  });

  it('gives undefined for anything else, and for a truncated header', () => {
    expect(probeHeader(Buffer.from('GIF89a....'))).toBeUndefined();
    expect(probeHeader(pngClaiming(10, 10).subarray(0, 20))).toBeUndefined();
    expect(probeHeader(Buffer.from([0xff, 0xd8, 0xff]))).toBeUndefined();
  });
});

describe('codec work bounds', () => {
  it('fits the default pixel limit to the target size, and keeps an explicit one', () => {
    expect(maxImagePixels({}, { width: 28, height: 28 })).toBe(4096 * 4096);
    expect(maxImagePixels({}, { width: 512, height: 512 })).toBe(40_000_000);
    expect(maxImagePixels({ max_image_pixels: 500 }, { width: 28, height: 28 })).toBe(500);
  });

  it('works at 1024 px on the long side for a 28x28 target, 8x the target for large ones', () => {
    expect(workingSide({ width: 28, height: 28 })).toBe(1024);
    expect(workingSide({ width: 224, height: 160 })).toBe(1792);
  });
});
