import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../main/docker/build-image.ts';
import type { BuildStreamEvent } from '../../main/docker/build-stream.ts';
import { ImageBuildError } from '../../main/errors.ts';
import { cleanupByLabel, countByLabel, LOCAL_BASE, requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('build');
const tag = `craneml-test/build:${process.pid}`;
/** Step count of a two-line Dockerfile built with the test labels. */
const twoLineTotal = 2 + Object.keys(labels).length;

async function context(dockerfile: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-build-'));
  await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

describe.skipIf(!docker)('building an image', () => {
  const d = docker!;
  const dirs: string[] = [];

  beforeAll(async () => {
    dirs.push(
      await context(`FROM ${LOCAL_BASE}\nCOPY hello.txt /app/hello.txt\nCMD ["node", "-e", "console.log(1)"]\n`, { 'hello.txt': 'hi\n' }),
    );
  });

  afterAll(async () => {
    await cleanupByLabel(d, labels);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    expect(await countByLabel(d, labels)).toEqual({ containers: 0, images: 0 });
  });

  it('streams steps and logs, labels the image, and returns its ID', async () => {
    const events: BuildStreamEvent[] = [];
    const built = await buildImage(d, dirs[0]!, { tag, labels: { ...labels, 'io.craneml.model.name': 'hello' } }, (e) => events.push(e));
    const steps = events.filter((e) => e.type === 'step');
    // The classic builder adds one LABEL step per label after the Dockerfile's own three.
    const total = 3 + Object.keys(labels).length + 1;
    expect(steps.map((s) => [s.index, s.total])).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
    expect(steps.slice(0, 3).map((s) => s.instruction)).toEqual([
      `FROM ${LOCAL_BASE}`,
      'COPY hello.txt /app/hello.txt',
      'CMD ["node", "-e", "console.log(1)"]',
    ]);
    expect(events.at(-1)?.type).not.toBe('error');
    const info = await d.getImage(tag).inspect();
    expect(built.imageId).toBe(info.Id);
    expect(info.Config.Labels).toMatchObject({ 'io.craneml.managed-by': 'craneml', 'io.craneml.model.name': 'hello' });

    const again = await buildImage(d, dirs[0]!, { tag, labels: { ...labels, 'io.craneml.model.name': 'hello' } });
    expect(again.imageId).toBe(built.imageId); // every layer from cache
    expect(again.log.join('\n')).toContain('Using cache');
  });

  it('builds from a tar stream', async () => {
    const tar = spawn('tar', ['-c', '-C', dirs[0]!, '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const built = await buildImage(d, tar.stdout, { tag: `${tag}-tar`, labels });
    expect(built.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('fails on a missing file, naming the failing step', async () => {
    const dir = await context(`FROM ${LOCAL_BASE}\nCOPY missing.txt /app/\n`);
    dirs.push(dir);
    const error = await buildImage(d, dir, { tag: `${tag}-broken`, labels }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as ImageBuildError).step).toBe(`step 2/${twoLineTotal}: COPY missing.txt /app/`);
    expect((error as Error).message).toMatch(/^building .* failed at step 2\/\d+: COPY missing.txt \/app\/: .*missing.txt/);
  });

  it('fails when a RUN step exits non-zero, with the step and the command output seen', async () => {
    const dir = await context(`FROM ${LOCAL_BASE}\nRUN echo about to fail && exit 3\n`);
    dirs.push(dir);
    const events: BuildStreamEvent[] = [];
    const error = await buildImage(d, dir, { tag: `${tag}-runfail`, labels }, (e) => events.push(e)).catch((e: unknown) => e);
    expect((error as ImageBuildError).step).toBe(`step 2/${twoLineTotal}: RUN echo about to fail && exit 3`);
    expect((error as Error).message).toMatch(/returned a non-zero code: 3/);
    expect(events).toContainEqual({ type: 'log', text: 'about to fail' });
  });

  it('fails on a Dockerfile the daemon cannot parse', async () => {
    const dir = await context(`FROM ${LOCAL_BASE}\nNOT_AN_INSTRUCTION foo\n`);
    dirs.push(dir);
    const error = await buildImage(d, dir, { tag: `${tag}-syntax`, labels }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as Error).message).toMatch(/unknown instruction/i);
  });
});
