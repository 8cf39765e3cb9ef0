import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discoverDocker } from '../../../main/docker/discover.ts';
import { podmanStrategy, rootlessStrategy } from '../../../main/docker/socket-strategies.ts';
import { DockerUnavailableError } from '../../../main/errors.ts';
import { pingOnly, startFakeDocker, type FakeDocker } from '../../unit/docker/fake-docker.ts';

/** Only the strategies whose paths a test can fake (the others name fixed system paths). */
const strategies = [rootlessStrategy, podmanStrategy];
const fakes: FakeDocker[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe('daemon discovery', () => {
  it('connects to the first candidate whose daemon answers /_ping', async () => {
    const fake = await startFakeDocker(pingOnly);
    fakes.push(fake);
    const xdg = path.dirname(fake.socketPath);
    const { endpoint, docker } = await discoverDocker({
      context: { platform: 'linux', env: { XDG_RUNTIME_DIR: xdg }, homedir: '/nowhere' },
      strategies,
    });
    expect(endpoint).toMatchObject({ via: 'rootless Docker', address: `unix://${fake.socketPath}` });
    expect(String(await docker.ping())).toBe('OK');
  });

  it("is not misled by the process's own DOCKER_HOST when the context says otherwise", async () => {
    const fake = await startFakeDocker(pingOnly);
    fakes.push(fake);
    // docker-modem reads these (and the cert files) in its constructor, whatever options it is given.
    vi.stubEnv('DOCKER_HOST', 'tcp://127.0.0.1:1');
    vi.stubEnv('DOCKER_CERT_PATH', '/nonexistent-certs');
    const context = { platform: 'linux' as const, env: { XDG_RUNTIME_DIR: path.dirname(fake.socketPath) }, homedir: '/nowhere' };
    const { endpoint } = await discoverDocker({ context, strategies });
    expect(endpoint.address).toBe(`unix://${fake.socketPath}`);
  });

  it('prefers the earlier strategy even when a later one answers too', async () => {
    const rootless = await startFakeDocker(pingOnly);
    fakes.push(rootless);
    const xdg = path.dirname(rootless.socketPath);
    await mkdir(path.join(xdg, 'podman'));
    const podman = await startFakeDocker(pingOnly);
    fakes.push(podman);
    // Podman's socket path is fixed under XDG, so serve it from there through a second fake.
    await symlink(podman.socketPath, path.join(xdg, 'podman', 'podman.sock'));
    const { endpoint } = await discoverDocker({
      context: { platform: 'linux', env: { XDG_RUNTIME_DIR: xdg }, homedir: '/nowhere' },
      strategies,
    });
    expect(endpoint.via).toBe('rootless Docker');
  });

  it('gives up on a daemon that accepts connections but never answers, within the timeout', async () => {
    const silent = await startFakeDocker(() => undefined);
    fakes.push(silent);
    const started = performance.now();
    const error = await discoverDocker({
      context: { platform: 'linux', env: { DOCKER_HOST: `unix://${silent.socketPath}` }, homedir: '/nowhere' },
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(DockerUnavailableError);
    expect((error as Error).message).toContain('no answer within 0.3s');
  });

  it('says what it tried and what to do when nothing answers', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'craneml-nodocker-'));
    try {
      const error = await discoverDocker({
        context: { platform: 'linux', env: { XDG_RUNTIME_DIR: empty }, homedir: empty },
        strategies,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DockerUnavailableError);
      const message = (error as Error).message;
      expect(message).toContain(`rootless Docker unix://${empty}/docker.sock: no such socket`);
      expect(message).toContain('Podman unix:///run/podman/podman.sock');
      expect(message).toContain('sudo systemctl start docker');
      expect(message).toContain('set DOCKER_HOST');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('reports a refused connection on a stale socket file (a daemon that died)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-stale-'));
    const socketPath = path.join(dir, 'docker.sock');
    // A process killed while listening leaves its socket file behind, with nothing accepting.
    const child = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`,
    ]);
    await once(child.stdout, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
    try {
      const context = { platform: 'linux' as const, env: { DOCKER_HOST: `unix://${socketPath}` }, homedir: '/nowhere' };
      const error = await discoverDocker({ context }).catch((e: unknown) => e);
      expect((error as Error).message).toContain(`DOCKER_HOST unix://${socketPath}: connection refused`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
