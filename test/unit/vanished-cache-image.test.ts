/** Which build failures mean a cached step's image was removed under the build (and so are worth one more build). */
import { describe, expect, it } from 'vitest';
import { isVanishedCacheImage } from '../../main/docker/build-image.ts';

const ID = '5f95aa6e8ef699944b8a54b1779f39c9f7bca44c8412ddfcc84d20dba3b63a5d';

describe('isVanishedCacheImage', () => {
  it('knows the daemon 20.10 message of a COPY whose parent image was pruned', () => {
    // As CI printed it when another test's image removal pruned a shared cached step.
    const message = `building craneml-test/model-rebuild:16958 failed at step 10/12: COPY runtime/ /app/: failed to get destination image "sha256:${ID}": No such image: sha256:${ID}`;
    expect(isVanishedCacheImage(message)).toBe(true);
    expect(isVanishedCacheImage(`No such image: sha256:${ID}`)).toBe(true);
  });

  it('knows the message of a cached step whose image record was deleted while the build read it', () => {
    // As CI printed it at step 8/12 of the try-it page's build while the other worker removed an image.
    const message = `building craneml-test/try-page:1 failed at step 8/12: failed to get digest sha256:${ID}: open /var/lib/docker/image/overlay2/imagedb/content/sha256/${ID}: no such file or directory`;
    expect(isVanishedCacheImage(message)).toBe(true);
  });

  it('leaves every other build failure alone', () => {
    for (const message of [
      'COPY failed: file not found in build context or excluded by .dockerignore: stat runtime/: file does not exist',
      "pull access denied for craneml/nothing, repository does not exist or may require 'docker login'",
      'No such image: craneml/local-base:node20',
      "The command '/bin/sh -c pip install nothing-here' returned a non-zero code: 1",
      'COPY model.onnx /app/: open /tmp/ctx/model.onnx: no such file or directory',
    ])
      expect(isVanishedCacheImage(message), message).toBe(false);
  });
});
