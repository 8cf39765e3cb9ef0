/**
 * The main job against the real daemon, through the real CLI: build the digits example from the
 * locally made base, run it with host networking, predict every sample over HTTP, see it in ls and
 * logs, stop and remove it, and leave nothing behind.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { loadManifest } from '../../main/manifest.ts';
import { runCli } from '../helpers/cli.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { imageExists, LOCAL_BASE, requireDocker, removeContainerAndImage } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/digits:${process.pid}`;
const name = `craneml-test-digits-${process.pid}`;

describe.skipIf(!docker)('the digits example as an image', () => {
  const d = docker!;
  let url = '';

  afterAll(async () => {
    await removeContainerAndImage(d, name, tag);
  });

  it('builds from the local base with OCI and CraneML labels, a non-root user and a health check', async () => {
    const result = await runCli(['build', DIGITS, '-t', tag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    // A full build, or (the runtime unchanged since an earlier build) the model on that build's runtime layer.
    expect(result.stderr).toMatch(/step 10\/12: COPY runtime\/ \/app\/|reusing the runtime layer of an earlier build/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^built ${tag} \\(\\d+ MB`));

    const manifest = await loadManifest(DIGITS);
    const info = await d.getImage(tag).inspect();
    expect(info.Config.Labels).toMatchObject({
      'org.opencontainers.image.title': manifest.name,
      'org.opencontainers.image.version': manifest.version,
      'io.craneml.model.name': manifest.name,
      'io.craneml.model.format': 'onnx',
      'io.craneml.model.input': 'image',
      'io.craneml.model.sha256': manifest.model.files[0]!.sha256,
    });
    expect(info.Config.Labels['io.craneml.version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.Config.User).toBe('1000:1000');
    expect(info.Config.Healthcheck?.Test?.[0]).toBe('CMD');
    expect(Object.keys(info.Config.ExposedPorts ?? {})).toEqual(['8080/tcp']);
  });

  it('a rebuild under the same tag removes the image it replaced instead of leaving it untagged', async () => {
    const before = (await d.getImage(tag).inspect()).Id;
    const result = await runCli(['build', DIGITS, '-t', tag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(result.code, result.stderr).toBe(0);
    const after = (await d.getImage(tag).inspect()).Id;
    // The creation-time label differs, so the rebuild is a new image over the same cached layers.
    expect(after).not.toBe(before);
    expect(result.stderr).toContain(`removed the image ${tag} pointed to before (${before.slice(7, 19)})`);
    expect(await imageExists(d, before)).toBe(false);
  });

  it('runs with host networking and answers every sample drawing over HTTP', async () => {
    const port = await freePort();
    const result = await runCli(['run', tag, '--port', String(port), '--name', name, '--network', 'host'], { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    url = `http://127.0.0.1:${port}`;
    expect(result.stdout).toContain(`${name} is ready`);
    expect(result.stdout).toContain(url);

    const samples = (await readdir(path.join(DIGITS, 'samples'))).filter((n) => /^\d\.png$/.test(n));
    expect(samples).toHaveLength(10);
    for (const sample of samples) {
      const response = await fetch(`${url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: await readFile(path.join(DIGITS, 'samples', sample)),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { predictions: { label: string }[] };
      expect(body.predictions[0]!.label, sample).toBe(sample[0]);
    }

    const cli = await runCli(['predict', url, '--image', path.join(DIGITS, 'samples', '3.png')]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/3\.png: 3\s+\(score/);
  });

  it('is listed by craneml ls with its URL, and its logs show the requests', async () => {
    const ls = await runCli(['ls']);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(new RegExp(`${name}\\s+running\\s+${url.replace(/\./g, '\\.')}`));
    expect(ls.stdout).toContain(tag);

    const logs = await runCli(['logs', name]);
    expect(logs.code, logs.stderr).toBe(0);
    const lines = logs.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { path?: string; status?: number });
    expect(lines.filter((l) => l.path === '/predict' && l.status === 200).length).toBeGreaterThanOrEqual(10);
  });

  it('stops and removes the container and the image, leaving nothing behind', async () => {
    expect((await runCli(['stop', name])).stdout).toContain(`stopped ${name}`);
    expect((await runCli(['rm', name])).stdout).toContain(`removed container ${name}`);
    expect((await runCli(['rm', tag])).stdout).toContain(`removed image ${tag}`);
    expect(await d.listContainers({ all: true, filters: { name: [name] } })).toHaveLength(0);
    expect(await imageExists(d, tag)).toBe(false);
  });
});
