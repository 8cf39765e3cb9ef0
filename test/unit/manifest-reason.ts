/** The one-line reason parseManifest gives for refusing a manifest, for tests of its rules. */
import { expect } from 'vitest';
import { ManifestError } from '../../main/errors.ts';
import { parseManifest } from '../../main/manifest.ts';

/**
 * Parses `value` as craneml.json and returns the ManifestError's message; fails if it was accepted.
 * @example expect(reasonFor({ ...valid, name: 'Bad Name!' })).toMatch(/^craneml\.json: name:/)
 */
export function reasonFor(value: unknown): string {
  try {
    parseManifest(value, 'craneml.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as Error).message;
  }
  throw new Error('the manifest was accepted');
}
