/**
 * The converter image, against the real daemon: one per version set, reused (a second call builds
 * nothing), recorded as CraneML's, and a version the image cannot install is one clear error.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERTER_PINS_LABEL, ensureConverterImage, type ConverterImage } from '../../main/convert/converter-image.ts';
import { isOwnImage } from '../../main/docker/ownership.ts';
import { CraneError } from '../../main/errors.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();
/** The first use may build the default image (pip, minutes); setup.sh makes it beforehand. */
const IMAGE_MS = 20 * 60_000;

let first: ConverterImage;
let imagesBefore: Set<string>;

async function allImageIds(d: Docker): Promise<Set<string>> {
  return new Set((await d.listImages({ all: true })).map((image) => image.Id));
}

/**
 * A failed build leaves the intermediate images of the steps that succeeded (untagged, unlabelled):
 * those new since the test started whose history is the converter's recipe are removed, leaves first
 * (without force, so an image another build stands on stays).
 */
async function removeFailedBuildLayers(d: Docker, before: Set<string>): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const fresh = (await d.listImages({ all: true })).filter(
      (image) => !before.has(image.Id) && (image.RepoTags ?? []).every((t) => t === '<none>:<none>'),
    );
    let removed = 0;
    for (const image of fresh) {
      const history = (await d
        .getImage(image.Id)
        .history()
        .catch(() => [])) as { CreatedBy?: string }[];
      if (!history.some((h) => h.CreatedBy?.includes('/tmp/converter-setup/'))) continue;
      removed += await d
        .getImage(image.Id)
        .remove()
        .then(
          () => 1,
          () => 0,
        );
    }
    if (removed === 0) return;
  }
}

beforeAll(async () => {
  if (!docker) return;
  imagesBefore = await allImageIds(docker);
  first = await ensureConverterImage(docker);
}, IMAGE_MS);

afterAll(async () => {
  if (docker) await removeFailedBuildLayers(docker, imagesBefore);
});

describe.skipIf(!docker)('converter image', () => {
  it('is named by its recipe, carries its pins and is recorded as CraneML’s', async () => {
    expect(first.tag).toMatch(/^craneml\/converter:[0-9a-f]{12}$/);
    const info = await docker!.getImage(first.tag).inspect();
    expect(info.Id).toBe(first.imageId);
    expect(info.Config.Labels?.[CONVERTER_PINS_LABEL]).toContain('scikit-learn==1.9.1');
    expect(info.Config.User).toBe('converter');
    // Recorded where CraneML notes its builds (here, or by setup.sh in the same user config folder).
    expect(await isOwnImage(info.Id, info.Config.Labels)).toBe(true);
  });

  it('is reused: a second call builds nothing and names the same image', async () => {
    const again = await ensureConverterImage(docker!);
    expect(again).toMatchObject({ tag: first.tag, imageId: first.imageId, built: false });
    console.info(
      `converter image reused in ${again.seconds.toFixed(2)} s (first call: ${first.seconds.toFixed(1)} s, built: ${first.built})`,
    );
  });

  it(
    'a version the image cannot install is one clear error naming it, in pip’s words',
    async () => {
      const progress: string[] = [];
      const error = await ensureConverterImage(docker!, {
        versions: { 'scikit-learn': '99.0' },
        onProgress: (event) => progress.push(event.message),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CraneError);
      expect((error as CraneError).code).toBe('CONVERSION_FAILED');
      const message = (error as Error).message;
      expect(message).toMatch(
        /^this file was saved with scikit-learn 99\.0, which the converter image \(Python 3\.11\) cannot install: .*No matching distribution found for scikit-learn==99\.0/,
      );
      expect(message).not.toContain('\n');
      expect(progress.some((line) => line.includes('scikit-learn==99.0'))).toBe(true);
    },
    IMAGE_MS,
  );
});
