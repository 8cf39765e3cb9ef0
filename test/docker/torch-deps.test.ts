/**
 * A torch model's dependency image against the real daemon: with CRANEML_PIP_FIND_LINKS (a host folder
 * of wheels, mounted read-only) and no torch index, pip installs torch's CPU build, never PyPI's CUDA
 * one. The image is the shared package cache the torch e2e tests build FROM (same requirements and
 * sources), so it stays; its size and the time to make it go to the log (no timed assertion).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBaseImage } from '../../main/docker/base-image.ts';
import { initProject, type Project } from '../../main/project.ts';
import { ensureDepsImage } from '../../main/runtimes/python/deps-image.ts';
import { pythonRuntime } from '../../main/runtimes/python/index.ts';
import type { PreparedRuntime } from '../../main/runtimes/types.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { TORCH_TEST_ENV, torchExpected, torchFixture } from '../helpers/torch-env.ts';
import { outputOf } from './output-of.ts';
import { requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('torch-deps');
const PLATFORM = 'linux/amd64';

describe.skipIf(!docker)("a torch model's dependency layer", () => {
  const d = docker!;
  let tmp: TempDir;
  let project: Project;
  let runtime: PreparedRuntime;
  let base = '';

  beforeAll(async () => {
    tmp = await tempDir('torch-deps');
    project = await initProject(torchFixture('cancer_mlp.pt2'), path.join(tmp.path, 'project'));
    const choice = pythonRuntime.base(project.manifest);
    base = (await resolveBaseImage(d, choice.image, { fallback: choice.local, fallbackRecipe: choice.localRecipe, pullTimeoutMs: 60_000 }))
      .image;
    runtime = await pythonRuntime.prepare(project, PLATFORM, { cacheDir: path.join(tmp.path, 'cache') });
  });

  afterAll(async () => {
    await tmp?.remove();
  });

  it('installs the CPU build of the torch the file was saved with', { timeout: 1_800_000 }, async () => {
    expect(await readFile(path.join(runtime.dir, 'deps', 'requirements.txt'), 'utf8')).toMatch(/^torch==2\.13\.0$/m);
    const started = performance.now();
    const deps = await ensureDepsImage(d, {
      runtimeDir: runtime.dir,
      base,
      platform: PLATFORM,
      cacheDir: path.join(tmp.path, 'cache'),
      labels,
      env: { ...process.env, ...TORCH_TEST_ENV },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const installed = await outputOf(d, deps.tag, ['cat', '/opt/venv/craneml-installed.txt'], labels);
    expect(installed.split('\n')).toContain(`torch==${torchExpected().torch_version}`);
    expect(installed).toMatch(/^torch==2\.13\.0\+cpu$/m);
    expect(installed).not.toMatch(/^nvidia-/m);
    const { Size } = await d.getImage(deps.tag).inspect();
    console.log(`[torch-deps] ${deps.tag}: ${(Size / 1e6).toFixed(0)} MB, ${deps.built ? `made in ${seconds} s` : 'already made'}`);
  });
});
