// Docker's name grammar: what passes, what is refused and why, before a name reaches the Docker API.
import { describe, expect, it } from 'vitest';
import {
  containerKey,
  containerNameProblem,
  imageNameProblem,
  imageTagProblem,
  isContainerId,
  isContainerName,
  isImageId,
  parseImageReference,
  parseImageTag,
} from '../../../main/shared/docker-names.ts';

const HEX64 = 'a1'.repeat(32);

describe('image references', () => {
  it('reads domain, path, tag and digest the way Docker does', () => {
    expect(parseImageReference('digits')).toEqual({ ok: true, value: { path: 'digits' } });
    expect(parseImageReference('craneml/digits:1.0')).toEqual({ ok: true, value: { path: 'craneml/digits', tag: '1.0' } });
    expect(parseImageReference('127.0.0.1:5000/team/digits:v1')).toEqual({
      ok: true,
      value: { domain: '127.0.0.1:5000', path: 'team/digits', tag: 'v1' },
    });
    expect(parseImageReference('localhost/digits')).toEqual({ ok: true, value: { domain: 'localhost', path: 'digits' } });
    expect(parseImageReference('[::1]:5000/digits')).toEqual({ ok: true, value: { domain: '[::1]:5000', path: 'digits' } });
    expect(parseImageReference(`ghcr.io/me/digits:1@sha256:${HEX64}`)).toEqual({
      ok: true,
      value: { domain: 'ghcr.io', path: 'me/digits', tag: '1', digest: `sha256:${HEX64}` },
    });
  });

  it('takes every separator Docker allows between lowercase letters and digits', () => {
    for (const name of ['a.b', 'a_b', 'a__b', 'a-b', 'a---b', 'ab-c_d__e0/f.g', 'x/y/z', 'UPPER.io/x', 'my-registry.example.com:443/a'])
      expect(imageNameProblem(name), name).toBeUndefined();
  });

  it('refuses a name that climbs out of the URL path or names a host inside it', () => {
    for (const name of ['a/../../x', 'a/../../127.0.0.1:39999/x', 'a/../x', '..', '.', '../x', './x', 'a/./x']) {
      const parsed = parseImageReference(name);
      expect(parsed.ok, name).toBe(false);
    }
  });

  it('says why, in one line naming the text', () => {
    expect(imageNameProblem('/tmp')).toBe(
      '"/tmp" is not an image name (Docker names are lowercase letters, digits and separators ._- between them, parts split by /)',
    );
    expect(imageNameProblem('')).toBe('the image name is empty');
    expect(imageNameProblem('digits:-1')).toMatch(/a tag is up to 128/);
    expect(imageNameProblem('digits@sha256:abc')).toMatch(/a digest is sha256: and 64/);
    expect(imageNameProblem('a..b:5000/x')).toMatch(/"a\.\.b:5000" is not a registry host/);
    expect(imageNameProblem('x\ny')).toBe(
      '"x\\ny" is not an image name (Docker names are lowercase letters, digits and separators ._- between them, parts split by /)',
    );
  });

  it('refuses capitals, spaces, empty parts and stray separators in the path', () => {
    for (const name of ['Digits', 'team/Digits', 'a b', 'a//b', 'a/', '/a', 'a.', '-a', 'a._b', 'a?x=1', 'a#b', 'a%2f..', 'a\\b'])
      expect(imageNameProblem(name), name).toMatch(/is not an image name/);
  });

  it('holds a name to 255 characters and a tag to 128', () => {
    const name255 = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
    expect(name255).toHaveLength(255);
    expect(imageNameProblem(name255)).toBeUndefined();
    expect(imageNameProblem(`${name255}b`)).toMatch(/at most 255 characters/);
    expect(imageNameProblem('a'.repeat(256))).toMatch(/at most 255 characters/);
    expect(imageNameProblem('a'.repeat(10_000))).toMatch(/at most 255 characters/);
    expect(imageNameProblem(`a:${'t'.repeat(128)}`)).toBeUndefined();
    expect(imageNameProblem(`a:${'t'.repeat(129)}`)).toMatch(/a tag is up to 128/);
  });

  it('cuts a long name in the message so it stays one short line', () => {
    expect(imageNameProblem(`${'A'.repeat(300)}`)!.length).toBeLessThan(200);
  });

  it('takes image IDs: 64 hex with or without sha256:, and short hex prefixes', () => {
    expect(isImageId(HEX64)).toBe(true);
    expect(isImageId(`sha256:${HEX64}`)).toBe(true);
    expect(isImageId('3fa2c1')).toBe(true);
    expect(isImageId(`sha256:${HEX64}0`)).toBe(false);
    expect(isImageId('xyz')).toBe(false);
    expect(imageNameProblem(`sha256:${HEX64}`)).toBeUndefined();
    expect(imageNameProblem('sha256:')).toMatch(/a tag is up to 128/);
  });

  it('refuses a digest where a name to give is wanted (build tag, push target)', () => {
    expect(parseImageTag('127.0.0.1:5000/digits:1.0').ok).toBe(true);
    expect(imageTagProblem(`digits@sha256:${HEX64}`)).toMatch(/not a digest/);
    expect(imageTagProblem('Digits:1.0')).toMatch(/is not an image name/);
  });
});

describe('container names', () => {
  it('takes Docker container names, with the optional leading slash, and hex IDs', () => {
    for (const name of ['digits-3fa2c1', 'My_Box.1', '/digits', 'ab']) expect(isContainerName(name), name).toBe(true);
    expect(isContainerId('3fa2c1')).toBe(true);
    expect(isContainerId(HEX64)).toBe(true);
    expect(containerNameProblem('a')).toBeUndefined(); // a one-letter ID prefix
  });

  it('refuses slashes inside, dots first, and empty', () => {
    for (const name of ['../x', 'a/../x', '..', '.x', '/', '//x', 'a/b', 'a b', 'x?y', 'g'])
      expect(containerNameProblem(name), name).toMatch(/is not a container name or ID/);
    expect(containerNameProblem('')).toBe('the container name is empty');
    expect(isContainerName('a'.repeat(256))).toBe(false);
  });

  it("drops Docker's leading slash for the API's URL", () => {
    expect(containerKey('/digits')).toBe('digits');
    expect(containerKey('digits')).toBe('digits');
  });
});
