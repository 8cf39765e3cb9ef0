import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef } from '../../../main/shared/image-ref.ts';
import { parseCpus, parseMemory } from '../../../main/shared/sizes.ts';
import { CraneError } from '../../../main/errors.ts';

describe('resource limits', () => {
  it('reads memory sizes the way docker run --memory does', () => {
    expect(parseMemory('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemory('2g')).toBe(2 * 1024 ** 3);
    expect(parseMemory('2G')).toBe(2 * 1024 ** 3);
    expect(parseMemory('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseMemory('65536k')).toBe(64 * 1024 ** 2);
    expect(parseMemory('256mb')).toBe(256 * 1024 ** 2);
    expect(parseMemory(8 * 1024 ** 2)).toBe(8 * 1024 ** 2);
  });

  it('refuses sizes that are not sizes, or too small to run anything', () => {
    for (const bad of ['', 'lots', '12x', '-5m', '1m', '0']) {
      expect(() => parseMemory(bad), bad).toThrow(CraneError);
    }
  });

  it('turns CPU counts into NanoCPUs', () => {
    expect(parseCpus('1.5')).toBe(1_500_000_000);
    expect(parseCpus(0.25)).toBe(250_000_000);
    expect(() => parseCpus('0')).toThrow(/positive number/);
    expect(() => parseCpus('two')).toThrow(CraneError);
  });
});

describe('image references', () => {
  it('splits registry, repository and tag like Docker', () => {
    expect(parseImageRef('digits')).toEqual({ repository: 'digits', tag: 'latest' });
    expect(parseImageRef('craneml/digits:1.0')).toEqual({ repository: 'craneml/digits', tag: '1.0' });
    expect(parseImageRef('127.0.0.1:5000/digits:1.0')).toEqual({ registry: '127.0.0.1:5000', repository: 'digits', tag: '1.0' });
    expect(parseImageRef('localhost/team/digits')).toEqual({ registry: 'localhost', repository: 'team/digits', tag: 'latest' });
    expect(parseImageRef(`ghcr.io/me/digits@sha256:${'ab'.repeat(32)}`)).toEqual({
      registry: 'ghcr.io',
      repository: 'me/digits',
      tag: 'latest',
    });
  });

  it("refuses a reference outside Docker's grammar with a USAGE error", () => {
    expect(() => parseImageRef('a/../x')).toThrow(CraneError);
    expect(() => parseImageRef('ghcr.io/me/digits@sha256:abc')).toThrow(/digest/);
  });

  it('formats a reference back', () => {
    expect(formatImageRef({ registry: '127.0.0.1:5000', repository: 'a/b', tag: 'v1' })).toBe('127.0.0.1:5000/a/b:v1');
    expect(formatImageRef(parseImageRef('craneml/digits:1.0'))).toBe('craneml/digits:1.0');
  });
});
