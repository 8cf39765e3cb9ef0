/**
 * Every command that takes --port refuses a port outside the one rule (shared/port-rule.ts) the same way:
 * exit 2, one line naming the flag and the range, and no connection to Docker (DOCKER_HOST points at a
 * socket that counts who connects), before any image is built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startCountingDockerHost, type CountingDockerHost } from '../helpers/counting-docker-host.ts';

let host: CountingDockerHost;

beforeAll(async () => {
  host = await startCountingDockerHost('bad-ports');
});

afterAll(() => host.close());

const REFUSED: [string, string[], string][] = [
  ['run', ['run', 'digits:1.0', '--port', '70000'], 'craneml: --port wants a whole number from 1 to 65535, got "70000"'],
  ['demo', ['demo', '--port', '0'], 'craneml: --port wants a whole number from 1 to 65535, got "0"'],
  ['deploy', ['deploy', 'digits:1.0', '--port', '65536', '--yes'], 'craneml: --port wants a whole number from 1 to 65535, got "65536"'],
  ['serve', ['serve', 'no-such-project', '--port', '-1'], 'craneml: --port wants a whole number from 0 to 65535, got "-1"'],
  ['ui', ['ui', '--port', '80.5'], 'craneml: --port wants a whole number from 0 to 65535, got "80.5"'],
];

describe('craneml with a port outside the port rule', () => {
  it.each(REFUSED)('%s: exit 2, one line, no Docker call', async (_, args, message) => {
    const before = host.connections();
    const result = await runCli(args, { env: { DOCKER_HOST: host.dockerHost, CRANEML_DEBUG: '', TMPDIR: host.childTemp } });
    expect(result.stderr.trimEnd()).toBe(message);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(host.connections()).toBe(before);
  });
});
