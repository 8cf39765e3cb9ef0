/**
 * The tests' image removal (helpers/leaks/deferred-prunes.ts) against the real daemon: the image goes at
 * once, its untagged parents stay until the run's teardown prunes them, and a parent another image still
 * stands on stays even then.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildImage } from '../../main/docker/build-image.ts';
import { pruneDeferredParents, removeImageKeepingParents } from '../helpers/leaks/deferred-prunes.ts';
import { RUN_TEMP_VARIABLE } from '../helpers/leaks/file-temp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { cleanupByLabel, imageExists, LOCAL_BASE, requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('deferred-prunes');

describe.skipIf(!docker)("a test's image removal", () => {
  const d = docker!;

  afterAll(() => cleanupByLabel(d, labels));

  it('removes the image, leaves its untagged parent to the teardown, which keeps one another image needs', async () => {
    await using context = await tempDir('deferred-prunes');
    // A step of its own, so no other build's cache shares these parents.
    const step = `RUN echo ${process.pid}-${Date.now()} > /step`;
    const build = async (tag: string, last: string) => {
      await writeFile(path.join(context.path, 'Dockerfile'), `FROM ${LOCAL_BASE}\n${step}\n${last}\n`);
      const { imageId } = await buildImage(d, context.path, { tag, labels });
      return { imageId, parent: (await d.getImage(imageId).inspect()).Parent };
    };
    const first = await build(`craneml-test/deferred-a:${process.pid}`, 'ENV WHICH=a');
    const second = await build(`craneml-test/deferred-b:${process.pid}`, 'ENV WHICH=b');
    // Each label is a step of its own: an image's parents up to the base, the RUN step among them.
    const parents = async (id: string): Promise<string[]> => {
      const chain: string[] = [];
      for (let at = (await d.getImage(id).inspect()).Parent; at; at = (await d.getImage(at).inspect()).Parent) chain.push(at);
      return chain;
    };
    const firstChain = await parents(first.imageId);

    await using runTemp = await tempDir('deferred-prunes-run');
    vi.stubEnv(RUN_TEMP_VARIABLE, runTemp.path);
    await removeImageKeepingParents(d, `craneml-test/deferred-a:${process.pid}`);
    expect(await imageExists(d, first.imageId)).toBe(false);
    expect(await imageExists(d, first.parent)).toBe(true);

    const secondChain = await parents(second.imageId);
    const needed = firstChain.filter((id) => secondChain.includes(id));
    const onlyFirsts = firstChain.filter((id) => !secondChain.includes(id));
    expect(needed.length).toBeGreaterThan(0);
    expect(onlyFirsts.length).toBeGreaterThan(0);

    expect(await pruneDeferredParents(d, runTemp.path)).toBe(1);
    for (const id of onlyFirsts) expect(await imageExists(d, id), `${id} only the removed image used`).toBe(false);
    for (const id of needed) expect(await imageExists(d, id), `${id} the other image needs`).toBe(true);

    await removeImageKeepingParents(d, `craneml-test/deferred-b:${process.pid}`);
    expect(await pruneDeferredParents(d, runTemp.path)).toBe(1);
    for (const id of secondChain.slice(0, -1)) expect(await imageExists(d, id), `${id} nothing needs now`).toBe(false);
    expect(await imageExists(d, LOCAL_BASE)).toBe(true);
  });
});
