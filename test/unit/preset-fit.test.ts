/** The digits preset's fit: the rule the app's preset button follows is the one `applyPreset` enforces. */
import { describe, expect, it } from 'vitest';
import { applyPreset } from '../../main/presets.ts';
import { fitsDigits } from '../../main/shared/preset-fit.ts';

const SHAPES: [number[], boolean][] = [
  [[-1, 1, 28, 28], true],
  [[-1, 28, 28, 1], true],
  [[-1, 784], true],
  [[28, 28], true],
  [[-1, -1], true],
  [[-1, 30], false],
  [[-1, 3, 224, 224], false],
  [[-1, 3, 28, 28], false],
  [[1, 30], false],
];

describe('fitsDigits', () => {
  it.each(SHAPES)('shape %j fits: %s', (shape, fits) => {
    expect(fitsDigits({ shape })).toBe(fits);
  });

  it('agrees with applyPreset on every shape: the button shows exactly where the preset applies', () => {
    for (const [shape] of SHAPES) {
      const applies = (() => {
        try {
          applyPreset('digits', { name: 'input', dtype: 'float32', shape });
          return true;
        } catch {
          return false;
        }
      })();
      expect(applies, JSON.stringify(shape)).toBe(fitsDigits({ shape }));
    }
  });
});
