import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { followLogs, lastLogLines, readLogs } from '../../main/docker/container-logs.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { listContainers } from '../../main/docker/list.ts';
import { removeResource } from '../../main/docker/remove.ts';
import { runContainer } from '../../main/docker/run-container.ts';
import { stopContainer } from '../../main/docker/stop.ts';
import { CraneError } from '../../main/errors.ts';
import { cleanupByLabel, countByLabel, inlineServer, LOCAL_BASE, requireDocker, TEST_LABEL, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('run');

function codeOf(error: unknown): string | undefined {
  return error instanceof CraneError ? error.code : undefined;
}

describe.skipIf(!docker)('running a container', () => {
  const d = docker!;

  afterAll(async () => {
    await cleanupByLabel(d, labels);
    expect(await countByLabel(d, labels)).toEqual({ containers: 0, images: 0 });
  });

  it('starts, waits for /readyz, lists, logs, stops and removes it, leaving nothing behind', async () => {
    const port = await freePort();
    const running = await runContainer(d, {
      image: LOCAL_BASE,
      port,
      cmd: inlineServer({ readyAfterMs: 300 }),
      labels,
      env: { HOST: '127.0.0.1' },
    });
    console.log(`container start-to-ready: ${running.readyMs} ms`);
    expect(running.url).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(`${running.url}/hello`)).text()).toBe('hello');

    const listed = (await listContainers(d, { [TEST_LABEL]: labels[TEST_LABEL]! })).find((c) => c.id === running.id);
    expect(listed).toMatchObject({ name: running.name, state: 'running', url: running.url, image: LOCAL_BASE });
    expect(listed!.labels['io.craneml.managed-by']).toBe('craneml');
    expect(listed!.labels['io.craneml.base.node-version']).toMatch(/^v20\./); // the image's labels come along

    const chunks = await readLogs(d, running.name);
    const stdout = chunks
      .filter((c) => c.stream === 'stdout')
      .map((c) => c.data.toString())
      .join('');
    const stderr = chunks
      .filter((c) => c.stream === 'stderr')
      .map((c) => c.data.toString())
      .join('');
    expect(stdout).toContain('request GET /readyz');
    expect(stdout).toContain('request GET /hello');
    expect(stderr).toContain(`listening on 127.0.0.1:${port}`);
    expect(await lastLogLines(d, running.name, 1)).toEqual(['request GET /hello']);

    expect(await stopContainer(d, running.name, { graceSeconds: 5 })).toBe(true);
    expect(await stopContainer(d, running.name)).toBe(false);
    const stopped = (await listContainers(d, { [TEST_LABEL]: labels[TEST_LABEL]! })).find((c) => c.id === running.id);
    expect(stopped).toMatchObject({ state: 'exited', url: undefined });

    expect(await removeResource(d, running.name)).toEqual({ kind: 'container', id: running.id });
    expect(await countByLabel(d, labels)).toEqual({ containers: 0, images: 0 });
  });

  it('follows logs live until aborted', async () => {
    const running = await runContainer(d, { image: LOCAL_BASE, port: await freePort(), cmd: inlineServer(), labels });
    const controller = new AbortController();
    let seen = '';
    const following = followLogs(d, running.id, { signal: controller.signal }, ({ data }) => {
      seen += data.toString();
      if (seen.includes('/live-line')) controller.abort();
    });
    await fetch(`${running.url}/live-line`);
    await following;
    expect(seen).toContain('request GET /live-line');
    await removeResource(d, running.id, { force: true });
  });

  it('refuses a port that is already in use, before creating anything', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await runContainer(d, { image: LOCAL_BASE, port, cmd: inlineServer(), labels }).catch((e: unknown) => e);
      expect(codeOf(error)).toBe('PORT_IN_USE');
      expect((error as Error).message).toContain(`port ${port} is already in use`);
      expect((await countByLabel(d, labels)).containers).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('reports a container that exits, with its last log lines, and removes it', async () => {
    const cmd = ['node', '-e', 'console.error("model file is broken"); process.exit(3)'];
    const started = performance.now();
    const error = await runContainer(d, { image: LOCAL_BASE, port: await freePort(), cmd, labels, readyTimeoutMs: 20_000 }).catch(
      (e: unknown) => e,
    );
    expect(codeOf(error)).toBe('CONTAINER_START');
    expect((error as Error).message).toMatch(/exited/);
    expect((error as Error).message).toContain('model file is broken');
    expect(performance.now() - started).toBeLessThan(10_000); // noticed the exit, did not wait for the timeout
    expect((await countByLabel(d, labels)).containers).toBe(0);
  });

  it('gives up on a container that never becomes ready within the timeout', async () => {
    const error = await runContainer(d, {
      image: LOCAL_BASE,
      port: await freePort(),
      cmd: inlineServer({ readyAfterMs: 60_000 }),
      labels,
      readyTimeoutMs: 1500,
    }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('CONTAINER_START');
    expect((error as Error).message).toMatch(/not ready within 1.5s \(last answer: HTTP 503\)/);
    expect((error as Error).message).toContain('request GET /readyz');
    expect((await countByLabel(d, labels)).containers).toBe(0);
  });

  it('says so when the image does not exist', async () => {
    const error = await runContainer(d, { image: 'craneml-test/does-not-exist:0', port: await freePort(), labels }).catch(
      (e: unknown) => e,
    );
    expect(codeOf(error)).toBe('NOT_FOUND');
  });

  it('refuses a second container with the same name', async () => {
    const first = await runContainer(d, { image: LOCAL_BASE, port: await freePort(), cmd: inlineServer(), labels });
    const error = await runContainer(d, { image: LOCAL_BASE, port: await freePort(), cmd: inlineServer(), labels, name: first.name }).catch(
      (e: unknown) => e,
    );
    expect(codeOf(error)).toBe('DOCKER_ERROR');
    expect((error as Error).message).toContain(`a container named ${first.name} already exists`);
    const refused = await removeResource(d, first.name).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('is running; stop it first');
    await removeResource(d, first.name, { force: true });
  });

  it('applies cpu and memory limits', async () => {
    const running = await runContainer(d, {
      image: LOCAL_BASE,
      port: await freePort(),
      cmd: inlineServer(),
      labels,
      cpus: 0.5,
      memory: '256m',
    });
    const info = await d.getContainer(running.id).inspect();
    expect(info.HostConfig.NanoCpus).toBe(500_000_000);
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.NetworkMode).toBe('host');
    await removeResource(d, running.id, { force: true });
  });
});
