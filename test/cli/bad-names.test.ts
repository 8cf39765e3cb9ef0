/**
 * Names outside Docker's grammar are refused by every command that takes one: exit 2, one line on
 * stderr, no stack trace, and no connection to Docker at all (DOCKER_HOST points at a socket that
 * counts who connects).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startCountingDockerHost, type CountingDockerHost } from '../helpers/counting-docker-host.ts';

let host: CountingDockerHost;

beforeAll(async () => {
  host = await startCountingDockerHost('bad-names');
});

afterAll(() => host.close());

const hostInName = (): string => `a/../../${host.dockerHost.slice('tcp://'.length)}/x`;

const REFUSED: [string, () => string[], RegExp][] = [
  ['run /tmp', () => ['run', '/tmp'], /^craneml: "\/tmp" is not an image name \(Docker names are lowercase/],
  ['run with a host in the name', () => ['run', hostInName()], /is not an image name/],
  ['run --name ../x', () => ['run', 'digits:1.0', '--name', '../x'], /"\.\.\/x" is not a container name or ID/],
  ['rm a/../x', () => ['rm', 'a/../x'], /"a\/\.\.\/x" is not a container or image name/],
  ['stop ../x', () => ['stop', '../x'], /"\.\.\/x" is not a container name or ID/],
  ['logs ../x', () => ['logs', '../x'], /"\.\.\/x" is not a container name or ID/],
  ['save a/../x', () => ['save', 'a/../x', '-o', 'never.tar'], /"a\/\.\.\/x" is not an image name/],
  ['push a/../x', () => ['push', 'a/../x', '127.0.0.1:5000'], /"a\/\.\.\/x" is not an image name/],
  [
    'push to a bad target',
    () => ['push', 'digits:1.0', '127.0.0.1:5000/../x'],
    /"127\.0\.0\.1:5000\/\.\.\/x\/digits:1\.0" is not an image name/,
  ],
  ['build -t Digits', () => ['build', 'no-such-project', '-t', 'Digits:1.0'], /"Digits:1\.0" is not an image name/],
  ['deploy a/../x', () => ['deploy', 'a/../x', '--yes'], /"a\/\.\.\/x" is not an image name/],
  ['export -t a/../x', () => ['export', 'no-such-project', '-o', 'never', '-t', 'a/../x'], /"a\/\.\.\/x" is not an image name/],
];

describe('craneml with a name outside Docker grammar', () => {
  it.each(REFUSED)('%s: exit 2, one line, no Docker call', async (_, args, message) => {
    const before = host.connections();
    const result = await runCli(args(), { env: { DOCKER_HOST: host.dockerHost, CRANEML_DEBUG: '', TMPDIR: host.childTemp } });
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(host.connections()).toBe(before);
  });

  it('does reach the counting socket with a good name, so the count can fail', async () => {
    const before = host.connections();
    const result = await runCli(['rm', 'digits-3fa2c1'], {
      env: { DOCKER_HOST: host.dockerHost, CRANEML_DEBUG: '', TMPDIR: host.childTemp },
    });
    expect(result.code).toBe(2); // the counting socket is no daemon
    expect(host.connections()).toBeGreaterThan(before);
  });
});
