/** The one CPU and memory rule: the app's form, the API's schema and the CLI's parser accept the same limits. */
import { describe, expect, it } from 'vitest';
import { CALL_SCHEMAS } from '../../../main/shared/crane-api.ts';
import { parseCpus, parseMemory } from '../../../main/shared/sizes.ts';
import { validateImageForm, type ImageForm } from '../../../renderer/src/wizard/validate.ts';

const FORM: ImageForm = { tag: 'digits:1.0.0', baseImage: '', port: '8080', cpus: '', memoryMb: '' };

function cliTakes(parse: () => number): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

describe('resource limits', () => {
  it('takes the same CPU counts in the form, the API and the CLI', () => {
    for (const [cpus, good] of [
      [0.5, true],
      [1024, true],
      [0, false],
      [1024.5, false],
      [2000, false],
    ] as const) {
      expect(validateImageForm({ ...FORM, cpus: String(cpus) }).cpus === undefined, `form ${cpus}`).toBe(good);
      expect(CALL_SCHEMAS.runImage.safeParse({ image: 'digits:1.0.0', cpus }).success, `runImage ${cpus}`).toBe(good);
      expect(CALL_SCHEMAS.deploy.safeParse({ image: 'digits:1.0.0', cpus }).success, `deploy ${cpus}`).toBe(good);
      expect(
        cliTakes(() => parseCpus(String(cpus))),
        `--cpus ${cpus}`,
      ).toBe(good);
    }
  });

  it('takes the same memory limits in the form, the API and the CLI', () => {
    for (const [mb, good] of [
      [6, true],
      [1_048_576, true],
      [5, false],
      [1_048_577, false],
    ] as const) {
      expect(validateImageForm({ ...FORM, memoryMb: String(mb) }).memoryMb === undefined, `form ${mb}`).toBe(good);
      expect(CALL_SCHEMAS.runImage.safeParse({ image: 'digits:1.0.0', memoryMb: mb }).success, `runImage ${mb}`).toBe(good);
      expect(CALL_SCHEMAS.deploy.safeParse({ image: 'digits:1.0.0', memoryMb: mb }).success, `deploy ${mb}`).toBe(good);
      expect(
        cliTakes(() => parseMemory(`${mb}m`)),
        `--memory ${mb}m`,
      ).toBe(good);
    }
    expect(() => parseMemory('2t')).toThrow(
      expect.objectContaining({ code: 'USAGE', message: 'memory 2t is too large (at most 1048576m)' }),
    );
  });
});
