import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../main/docker/discovery-context.ts';
import { endpointFromHost } from '../../../main/docker/endpoint.ts';
import { candidateEndpoints } from '../../../main/docker/socket-strategies.ts';
import { CraneError } from '../../../main/errors.ts';

const linux = (env: Record<string, string> = {}, homedir = '/home/ada'): DiscoveryContext => ({
  platform: 'linux',
  env,
  homedir,
  uid: 1000,
});

async function addresses(context: DiscoveryContext): Promise<string[]> {
  return (await candidateEndpoints(context)).map((e) => e.address);
}

describe('daemon socket strategies', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'craneml-home-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('tries, on Linux: system socket, Docker Desktop, rootless, then Podman', async () => {
    expect(await addresses(linux({ XDG_RUNTIME_DIR: '/run/user/1000' }))).toEqual([
      'unix:///var/run/docker.sock',
      'unix:///home/ada/.docker/run/docker.sock',
      'unix:///home/ada/.docker/desktop/docker.sock',
      'unix:///run/user/1000/docker.sock',
      'unix:///run/user/1000/podman/podman.sock',
      'unix:///run/podman/podman.sock',
    ]);
  });

  it('uses both $XDG_RUNTIME_DIR and /run/user/<uid> when they differ', async () => {
    const found = await addresses(linux({ XDG_RUNTIME_DIR: '/tmp/xdg' }));
    expect(found).toContain('unix:///tmp/xdg/docker.sock');
    expect(found).toContain('unix:///run/user/1000/docker.sock');
    expect(found).toContain('unix:///tmp/xdg/podman/podman.sock');
  });

  it('on macOS tries the system socket and Docker Desktop only', async () => {
    expect(await addresses({ platform: 'darwin', env: {}, homedir: '/Users/ada' })).toEqual([
      'unix:///var/run/docker.sock',
      'unix:///Users/ada/.docker/run/docker.sock',
      'unix:///Users/ada/.docker/desktop/docker.sock',
    ]);
  });

  it('on Windows tries the named pipes', async () => {
    const endpoints = await candidateEndpoints({ platform: 'win32', env: {}, homedir: 'C:\\Users\\ada' });
    expect(endpoints.map((e) => e.options.socketPath)).toEqual(['//./pipe/docker_engine', '//./pipe/dockerDesktopLinuxEngine']);
  });

  it('uses DOCKER_HOST alone when it is set', async () => {
    expect(await addresses(linux({ DOCKER_HOST: 'unix:///tmp/my.sock' }))).toEqual(['unix:///tmp/my.sock']);
    const [pipe] = await candidateEndpoints({ platform: 'win32', env: { DOCKER_HOST: 'npipe:////./pipe/custom' }, homedir: 'C:\\' });
    expect(pipe!.options).toMatchObject({ socketPath: '//./pipe/custom' });
  });

  it('reads tcp, TLS, ssh and bare host:port addresses', async () => {
    expect((await endpointFromHost('x', 'tcp://10.0.0.5:2375')).options).toMatchObject({ host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect((await endpointFromHost('x', 'build-box:2376')).options).toMatchObject({ host: 'build-box', port: 2376, protocol: 'https' });
    expect((await endpointFromHost('x', 'ssh://me@box:2222')).options).toMatchObject({
      protocol: 'ssh',
      host: 'box',
      port: 2222,
      username: 'me',
    });
    const certDir = path.join(home, 'certs');
    await mkdir(certDir, { recursive: true });
    await writeFile(path.join(certDir, 'ca.pem'), 'CA');
    const [tls] = await candidateEndpoints(
      linux({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir }),
    );
    expect(tls!.options.protocol).toBe('https');
    expect(String(tls!.options.ca)).toBe('CA');
    await expect(endpointFromHost('x', 'tcp://[bad')).rejects.toBeInstanceOf(CraneError);
  });

  it("tries the docker CLI's current context first (config.json → contexts/meta/<sha256>/meta.json)", async () => {
    const docker = path.join(home, '.docker');
    const digest = createHash('sha256').update('colima').digest('hex');
    await mkdir(path.join(docker, 'contexts', 'meta', digest), { recursive: true });
    await writeFile(path.join(docker, 'config.json'), JSON.stringify({ currentContext: 'colima' }));
    await writeFile(
      path.join(docker, 'contexts', 'meta', digest, 'meta.json'),
      JSON.stringify({ Name: 'colima', Endpoints: { docker: { Host: 'unix:///home/ada/.colima/default/docker.sock' } } }),
    );
    const endpoints = await candidateEndpoints(linux({}, home));
    expect(endpoints[0]).toMatchObject({ via: 'docker context "colima"', address: 'unix:///home/ada/.colima/default/docker.sock' });
    expect(endpoints[1]!.address).toBe('unix:///var/run/docker.sock');
    // DOCKER_CONTEXT=default overrides config.json: no context candidate.
    expect((await candidateEndpoints(linux({ DOCKER_CONTEXT: 'default' }, home)))[0]!.address).toBe('unix:///var/run/docker.sock');
  });
});
