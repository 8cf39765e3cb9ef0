import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDocker, resetDocker } from '../../main/docker/client.ts';
import { discoverDocker } from '../../main/docker/discover.ts';
import { hostDiscoveryContext } from '../../main/docker/discovery-context.ts';
import { DockerUnavailableError } from '../../main/errors.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

describe('finding the Docker daemon', () => {
  afterEach(() => resetDocker());

  it.skipIf(!docker)('finds the daemon this machine runs, and it answers', async () => {
    const { docker: found, endpoint } = await discoverDocker();
    expect(endpoint.address).toMatch(/^(unix|tcp|npipe|ssh):\/\//);
    expect(String(await found.ping())).toBe('OK');
    expect((await found.version()).ApiVersion).toMatch(/^1\.\d+$/);
  });

  it('fails fast with DockerUnavailableError when DOCKER_HOST points at nothing', async () => {
    vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent.sock');
    const started = performance.now();
    const error = await getDocker().catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(DockerUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('DOCKER_HOST unix:///nonexistent.sock: no such socket');
    expect(message).toContain('unset DOCKER_HOST');
    expect(message.split('\n')).toHaveLength(1); // the CLI prints one line
  });

  it('does not fall back to another daemon when DOCKER_HOST is set', async () => {
    const context = { ...hostDiscoveryContext(), env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } };
    const error = await discoverDocker({ context, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerUnavailableError);
    expect((error as Error).message).toMatch(/tried DOCKER_HOST tcp:\/\/127\.0\.0\.1:1: connection refused\)/);
  });
});
