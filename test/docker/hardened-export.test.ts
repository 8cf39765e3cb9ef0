/**
 * The model image under the tightest settings: the HTTP contract holds with `--read-only --cap-drop ALL
 * --security-opt no-new-privileges --memory 256m` and no tmpfs at all; and `export --compose` writes
 * files that Debian's docker-compose (v1) validates, brings up healthy, serves predictions from and takes down.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { waitReady } from '../../main/docker/wait-ready.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { cleanupByLabel, LOCAL_BASE, removeImage, requireDocker, testLabels } from './require-docker.ts';

const run = promisify(execFile);
const docker = await requireDocker({ localBase: true });
const image = `craneml-test/hardened:${process.pid}`;
const labels = testLabels('hardened-export');
const project = `craneml-test-compose-${process.pid}`;

async function predict(url: string, digit: number): Promise<string> {
  const response = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: await readFile(path.join(DIGITS, 'samples', `${digit}.png`)),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { predictions: { label: string }[] }).predictions[0]!.label;
}

describe.skipIf(!docker)('the model image hardened, and as a Compose project', () => {
  const d = docker!;

  beforeAll(async () => {
    const build = await runCli(['build', DIGITS, '-t', image, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(build.code, build.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await cleanupByLabel(d, labels);
    for (const c of await d.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } }))
      await d
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    await removeImage(d, image);
  }, 120_000);

  it('keeps the HTTP contract read-only, without capabilities or privilege gain, in 256 MB, with no tmpfs', async () => {
    const port = await freePort();
    const container = await d.createContainer({
      Image: image,
      Env: [`PORT=${port}`, 'HOST=127.0.0.1'],
      Labels: labels,
      HostConfig: {
        NetworkMode: 'host',
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        Memory: 256 * 1024 ** 2,
        Init: true,
      },
    });
    await container.start();
    const url = `http://127.0.0.1:${port}`;
    expect((await waitReady(`${url}/readyz`, { timeoutMs: 90_000 })).ready).toBe(true);
    for (const route of [
      '/healthz',
      '/readyz',
      '/v2/health/live',
      '/v2/health/ready',
      '/v2',
      '/v2/models/digits',
      '/metadata',
      '/metrics',
      '/openapi.json',
      '/docs',
    ])
      expect((await fetch(`${url}${route}`)).status, route).toBe(200);
    expect(await predict(url, 7)).toBe('7');
    const form = new FormData();
    form.append('image', new Blob([await readFile(path.join(DIGITS, 'samples', '3.png'))], { type: 'image/png' }), '3.png');
    const multipart = await fetch(`${url}/predict`, { method: 'POST', body: form });
    expect(((await multipart.json()) as { predictions: { label: string }[] }).predictions[0]!.label).toBe('3');
    const v2 = await fetch(`${url}/v2/models/digits/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: new Array(784).fill(0) }] }),
    });
    expect(v2.status).toBe(200);
    const bad = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'not a picture' });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const info = await container.inspect();
    expect(info.HostConfig).toMatchObject({
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: 256 * 1024 ** 2,
    });
    expect(info.HostConfig.Tmpfs ?? {}).toEqual({});
    expect(info.Mounts).toEqual([]);
    expect(info.Config.User).toBe('1000:1000');
    await container.stop({ t: 10 });
    const stopped = await container.inspect();
    expect(stopped.State).toMatchObject({ ExitCode: 0, OOMKilled: false });
  }, 180_000);

  it('export --compose: docker-compose validates both files, brings the host variant up healthy, predicts and takes it down', async () => {
    await using temp = await tempDir('compose');
    const dir = temp.path;
    const port = await freePort();
    const exported = await runCli(['export', image, '--compose', '-o', dir, '--port', String(port), '--memory', '256m', '--cpus', '1']);
    expect(exported.code, exported.stderr).toBe(0);
    for (const file of ['compose.yaml', 'compose.host.yaml']) {
      const { stdout } = await run('docker-compose', ['-f', path.join(dir, file), 'config'], { timeout: 60_000 });
      expect(stdout, file).toContain(`image: ${image}`);
      expect(stdout, file).toMatch(/read_only: true/);
      expect(stdout, file).toMatch(/test:/);
    }
    const bridge = await run('docker-compose', ['-f', path.join(dir, 'compose.yaml'), 'config'], { timeout: 60_000 });
    expect(bridge.stdout).toContain(`127.0.0.1:${port}:8080`);

    const compose = (...args: string[]) =>
      run('docker-compose', ['-p', project, '-f', path.join(dir, 'compose.host.yaml'), ...args], { timeout: 120_000 });
    await compose('up', '-d');
    try {
      // docker-compose v1 has no --wait: wait for the container's own HEALTHCHECK to say healthy.
      const id = (await compose('ps', '-q')).stdout.trim();
      let health = '';
      for (let i = 0; i < 120 && health !== 'healthy'; i++) {
        health = ((await d.getContainer(id).inspect()).State as { Health?: { Status: string } }).Health?.Status ?? '';
        if (health !== 'healthy') await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      expect(health).toBe('healthy');
      const info = await d.getContainer(id).inspect();
      expect(info.HostConfig).toMatchObject({ ReadonlyRootfs: true, CapDrop: ['ALL'], NetworkMode: 'host' });
      expect(await predict(`http://127.0.0.1:${port}`, 4)).toBe('4');
    } finally {
      await compose('down', '--timeout', '10');
    }
    expect(await d.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } })).toEqual([]);
  }, 300_000);
});
