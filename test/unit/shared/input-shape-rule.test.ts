/** The one input-shape rule the CLI's --input-shape and the app's "Input shape" field share. */
import { describe, expect, it } from 'vitest';
import { parseInputShape } from '../../../main/cli/input-shape.ts';
import { isInputShape, readInputShape } from '../../../main/shared/input-shape-rule.ts';

describe('readInputShape', () => {
  it('reads sizes separated by commas, spaces or x', () => {
    expect(readInputShape('30')).toEqual([30]);
    expect(readInputShape('1,28,28')).toEqual([1, 28, 28]);
    expect(readInputShape(' 1, 28 x 28 ')).toEqual([1, 28, 28]);
    expect(readInputShape('3×224×224')).toEqual([3, 224, 224]);
    expect(readInputShape('1,2,3,4,5,6,7,8')).toHaveLength(8);
    expect(readInputShape('100000')).toEqual([100000]);
  });

  it.each(['', ' ', '0,x', '0', '-1', '1,-28', '2.5', '1e2', '0x10', 'abc', '100001', '1,2,3,4,5,6,7,8,9', '1,,a'])(
    'refuses "%s"',
    (text) => {
      expect(readInputShape(text)).toBeUndefined();
    },
  );

  it('allows what the API schema allows and no more', () => {
    expect(isInputShape([1, 28, 28])).toBe(true);
    expect(isInputShape([])).toBe(false);
    expect(isInputShape([0])).toBe(false);
    expect(isInputShape([1.5])).toBe(false);
    expect(isInputShape([100_001])).toBe(false);
  });

  it('is the rule the CLI flag applies, with its own words', () => {
    expect(parseInputShape('1x28x28')).toEqual([1, 28, 28]);
    expect(parseInputShape(undefined)).toBeUndefined();
    expect(() => parseInputShape('1e2')).toThrow(/--input-shape takes one row's sizes/);
    expect(() => parseInputShape('100001')).toThrow(/not "100001"/);
  });
});
