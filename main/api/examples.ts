/** The bundled digits example: the project `craneml demo` packages and the app's "try the example" stages, with its sample drawings. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DIGITS_EXAMPLE } from '../packaging/app-resources.ts';

export { DIGITS_EXAMPLE };

/**
 * The example's sample drawings (samples/<digit>.png), sorted by name.
 * @example (await digitsSamples()).map((f) => path.basename(f)) // ['0.png', …, '9.png']
 */
export async function digitsSamples(): Promise<string[]> {
  const dir = path.join(DIGITS_EXAMPLE, 'samples');
  return (await readdir(dir))
    .filter((n) => n.endsWith('.png'))
    .sort()
    .map((n) => path.join(dir, n));
}
