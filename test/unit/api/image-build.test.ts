/** The one build's target: the project as `craneml build`, `craneml demo` and the app's build jobs open it. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIGITS_EXAMPLE, digitsSamples } from '../../../main/api/examples.ts';
import { openBuildTarget } from '../../../main/api/image-build.ts';
import { CraneError } from '../../../main/errors.ts';

describe('the build target every front end opens', () => {
  it("keeps craneml.json's version unless the build names another", async () => {
    const own = await openBuildTarget({ target: DIGITS_EXAMPLE });
    const other = await openBuildTarget({ target: DIGITS_EXAMPLE, version: '9.8.7' });
    expect(other.manifest.version).toBe('9.8.7');
    expect(own.manifest.version).not.toBe('9.8.7');
    expect({ ...other.manifest, version: own.manifest.version }).toEqual(own.manifest);
    expect(other.dir).toBe(own.dir);
  });

  it('refuses a version the manifest would refuse, naming --version, before Docker is asked', async () => {
    const refusal = await openBuildTarget({ target: DIGITS_EXAMPLE, version: 'not a version' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CraneError);
    expect((refusal as CraneError).code).toBe('MANIFEST_INVALID');
    expect((refusal as CraneError).message).toContain('--version');
  });

  it("lists the digits example's ten sample drawings in order", async () => {
    const samples = await digitsSamples();
    expect(samples.map((file) => path.basename(file))).toEqual([...Array(10).keys()].map((d) => `${d}.png`));
    expect(samples.every((file) => path.dirname(file) === path.join(DIGITS_EXAMPLE, 'samples'))).toBe(true);
  });
});
