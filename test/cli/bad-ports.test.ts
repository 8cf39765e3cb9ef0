/**
 * Every command that takes --port refuses a port outside the one rule (shared/port-rule.ts) the same way:
 * exit 2, one line naming the flag and the range, and no connection to Docker (DOCKER_HOST points at a
 * socket that counts who connects), before any image is built.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

let listener: net.Server;
let connections = 0;
let dockerHost: string;
/** The children's TMPDIR (tsx keeps its cache there when the build is not current), removed afterwards. */
let childTemp: string;

beforeAll(async () => {
  childTemp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bad-ports-'));
  listener = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  dockerHost = `tcp://127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await rm(childTemp, { recursive: true, force: true });
});

const REFUSED: [string, string[], string][] = [
  ['run', ['run', 'digits:1.0', '--port', '70000'], 'craneml: --port wants a whole number from 1 to 65535, got "70000"'],
  ['demo', ['demo', '--port', '0'], 'craneml: --port wants a whole number from 1 to 65535, got "0"'],
  ['deploy', ['deploy', 'digits:1.0', '--port', '65536', '--yes'], 'craneml: --port wants a whole number from 1 to 65535, got "65536"'],
  ['serve', ['serve', 'no-such-project', '--port', '-1'], 'craneml: --port wants a whole number from 0 to 65535, got "-1"'],
  ['ui', ['ui', '--port', '80.5'], 'craneml: --port wants a whole number from 0 to 65535, got "80.5"'],
];

describe('craneml with a port outside the port rule', () => {
  it.each(REFUSED)('%s: exit 2, one line, no Docker call', async (_, args, message) => {
    const before = connections;
    const result = await runCli(args, { env: { DOCKER_HOST: dockerHost, CRANEML_DEBUG: '', TMPDIR: childTemp } });
    expect(result.stderr.trimEnd()).toBe(message);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(connections).toBe(before);
  });
});
