/**
 * Image removal for tests that never pulls a cached build step from under a running build.
 *
 * Removing an image also removes its untagged parents, and the classic builder reuses those parents
 * as cached steps: a test removing its image while the other worker's build stands on one of them
 * fails that build ("unknown parent image ID", "failed to get digest … no such file or directory";
 * CI at ed5c5e5, and the docker tier at 901e1f5). So a test removes only the image it made and writes
 * its parent down; the run's teardown, when no build runs, removes those parents as the daemon would have.
 */
import { appendFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { RUN_TEMP_VARIABLE } from './file-temp.ts';

const PARENTS_FILE = 'deferred-image-parents.txt';

const parentsFile = (runTemp: string): string => path.join(runTemp, PARENTS_FILE);

/**
 * Removes `ref` (forced, as a test's cleanup does) and leaves its parent for the teardown; nothing
 * when it does not exist. Outside a test run (no run temp directory) the parents go at once.
 * @example await removeImageKeepingParents(docker, 'craneml-test/digits:123');
 */
export async function removeImageKeepingParents(docker: Docker, ref: string): Promise<void> {
  const runTemp = process.env[RUN_TEMP_VARIABLE];
  const image = docker.getImage(ref);
  const parent = await image.inspect().then(
    (info) => info.Parent,
    () => undefined,
  );
  await image.remove({ force: true, noprune: runTemp !== undefined }).catch(() => undefined);
  if (runTemp && parent) await appendFile(parentsFile(runTemp), `${parent}\n`);
}

const untagged = (tags: string[] | null | undefined): boolean => (tags ?? []).every((tag) => tag === '<none>:<none>');

/**
 * In the run's teardown: removes each parent the tests left that is still untagged, the way `docker rmi`
 * prunes (its own untagged parents with it); one still needed by another image stays, as it would have.
 * Returns how many were removed.
 */
export async function pruneDeferredParents(docker: Docker, runTemp: string): Promise<number> {
  const file = parentsFile(runTemp);
  const ids = [...new Set((await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean))];
  let removed = 0;
  for (const id of ids) {
    const info = await docker
      .getImage(id)
      .inspect()
      .catch(() => undefined);
    if (!info || !untagged(info.RepoTags)) continue;
    // Unforced: the daemon refuses an image that a container or a child image still uses.
    const gone = await docker
      .getImage(id)
      .remove()
      .then(
        () => true,
        () => false,
      );
    if (gone) removed++;
  }
  await rm(file, { force: true });
  return removed;
}
