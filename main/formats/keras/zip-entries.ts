/**
 * Reads the entries a `.keras` archive needs within MODEL_EXPANSION_LIMITS: every entry's name and
 * declared size (from the central directory) is checked before anything is inflated, and an entry
 * is inflated into a buffer of its declared size, never more (fflate fails at what would overflow it).
 */
import { readFile, stat } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { CraneError, ModelCorruptError } from '../../errors.ts';
import { ExpansionBudget, MODEL_EXPANSION_LIMITS } from '../archive-limits.ts';

/** @example await readZipEntries('model.keras', ['config.json']) // { 'config.json': Uint8Array } */
export async function readZipEntries(file: string, wanted: readonly string[]): Promise<Record<string, Uint8Array>> {
  const { size } = await stat(file);
  if (size > MODEL_EXPANSION_LIMITS.maxTotalBytes) {
    throw new CraneError(
      'INPUT_TOO_LARGE',
      `${file}: ${size} bytes, past the limit of ${MODEL_EXPANSION_LIMITS.maxTotalBytes} for a model archive`,
    );
  }
  const bytes = new Uint8Array(await readFile(file));
  const budget = new ExpansionBudget(file, 'entry');
  let inflating: { name: string; declared: number } | undefined;
  try {
    return unzipSync(bytes, {
      filter: (entry) => {
        budget.admitName(entry.name);
        budget.admit(entry.name, entry.originalSize, entry.size);
        const wantedEntry = wanted.includes(entry.name);
        // unzipSync inflates a wanted entry right after this returns.
        inflating = wantedEntry ? { name: entry.name, declared: entry.originalSize } : undefined;
        return wantedEntry;
      },
    });
  } catch (error) {
    if (error instanceof CraneError) throw error;
    // fflate's buffer of the declared size cannot take more: a RangeError is an entry lying about its size.
    if (error instanceof RangeError && inflating) {
      throw new ModelCorruptError(
        `${file}: its entry "${inflating.name}" inflates past the ${inflating.declared} bytes it declares (damaged, or a decompression bomb)`,
        { cause: error },
      );
    }
    throw new ModelCorruptError(`${file}: not a readable zip archive (truncated or damaged)`, { cause: error });
  }
}
