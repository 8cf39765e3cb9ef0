/**
 * A model version given on the command line reaches the image: `init --version` through the
 * manifest, `build --version` over it; both show in the labels and in the running server's /metadata.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { runCli } from '../helpers/cli.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { LOCAL_BASE, requireDocker } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = (version: string) => `craneml-test/model-version:${version}-${process.pid}`;
const container = (version: string) => `craneml-test-model-version-${version.replace(/\./g, '-')}-${process.pid}`;
const versions = ['2.0.0', '2.1.0'];

/** Runs `tag` under `name` and returns the version its /metadata reports. */
async function servedVersion(image: string, name: string): Promise<string> {
  const port = await freePort();
  const run = await runCli(['run', image, '--port', String(port), '--name', name], { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  const response = await fetch(`http://127.0.0.1:${port}/metadata`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { version: string }).version;
}

describe.skipIf(!docker)('the model version from the command line', () => {
  const d = docker!;
  let tmp = '';
  let project = '';

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-model-version-'));
    project = path.join(tmp, 'proj');
  });
  afterAll(async () => {
    for (const version of versions) {
      await d
        .getContainer(container(version))
        .remove({ force: true })
        .catch(() => undefined);
      await d
        .getImage(tag(version))
        .remove({ force: true })
        .catch(() => undefined);
    }
    await rm(tmp, { recursive: true, force: true });
  });

  it('init --version 2.0.0, then build: the image is labelled 2.0.0 and its /metadata says 2.0.0', async () => {
    const init = await runCli(['init', path.join(DIGITS, 'model.onnx'), '--preset', 'digits', '--version', '2.0.0', '-o', project]);
    expect(init.code, init.stderr).toBe(0);
    const build = await runCli(['build', project, '-t', tag('2.0.0'), '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(build.code, build.stderr).toBe(0);
    const labels = (await d.getImage(tag('2.0.0')).inspect()).Config.Labels;
    expect(labels).toMatchObject({ 'io.craneml.model.version': '2.0.0', 'org.opencontainers.image.version': '2.0.0' });
    expect(await servedVersion(tag('2.0.0'), container('2.0.0'))).toBe('2.0.0');
  });

  it("build --version 2.1.0 overrides the project's version in the labels and /metadata", async () => {
    const build = await runCli(['build', project, '--version', '2.1.0', '-t', tag('2.1.0'), '--base-image', LOCAL_BASE], {
      timeoutMs: 300_000,
    });
    expect(build.code, build.stderr).toBe(0);
    const labels = (await d.getImage(tag('2.1.0')).inspect()).Config.Labels;
    expect(labels).toMatchObject({ 'io.craneml.model.version': '2.1.0', 'org.opencontainers.image.version': '2.1.0' });
    expect(await servedVersion(tag('2.1.0'), container('2.1.0'))).toBe('2.1.0');
  });
});
