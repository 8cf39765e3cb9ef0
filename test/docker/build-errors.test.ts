/** What a user gets wrong around building and running, each answered with exit code 2 and one clear line. */
import { appendFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { LOCAL_BASE, requireDocker } from './require-docker.ts';

/** Progress lines may come first; the error itself is the one last line, with no stack trace. */
function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines.filter((l) => l.startsWith('craneml:'))).toHaveLength(1);
  expect(lines.at(-1)).toMatch(/^craneml: /);
  expect(lines.at(-1)).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('without a daemon', () => {
  it('build says no Docker daemon answered, and what to do, within seconds', async () => {
    const result = await runCli(['build', DIGITS, '-t', 'craneml-test/never:1'], {
      env: { DOCKER_HOST: `unix://${path.join(os.tmpdir(), `craneml-no-daemon-${process.pid}.sock`)}` },
      timeoutMs: 30_000,
    });
    expectOneLineError(result, /^craneml: .*Docker/);
  });
});

const docker = await requireDocker({ localBase: true });

describe.skipIf(!docker)('build and run mistakes against the real daemon', () => {
  it('a base image that does not exist and cannot be pulled', async () => {
    const result = await runCli(
      ['build', DIGITS, '-t', `craneml-test/bad-base:${process.pid}`, '--base-image', 'craneml-test/no-such-base:404'],
      {
        timeoutMs: 120_000,
      },
    );
    expectOneLineError(result, /base image craneml-test\/no-such-base:404 is not on this machine and could not be pulled/);
    expect(await docker!.listImages({ filters: { reference: [`craneml-test/bad-base:${process.pid}`] } })).toHaveLength(0);
  });

  it('a base image of another architecture than the build platform', async () => {
    // The local base is this machine's architecture; an arm64 image cannot start from it.
    const info = await docker!.getImage(LOCAL_BASE).inspect();
    const other = info.Architecture === 'arm64' ? 'linux/amd64' : 'linux/arm64';
    const tag = `craneml-test/other-arch:${process.pid}`;
    const result = await runCli(['build', DIGITS, '-t', tag, '--base-image', LOCAL_BASE, '--platform', other], { timeoutMs: 120_000 });
    expectOneLineError(result, new RegExp(`base image ${LOCAL_BASE} for ${other} is not on this machine and could not be pulled`));
    expect(await docker!.listImages({ filters: { reference: [tag] } })).toHaveLength(0);
  });

  it('a model file that changed after craneml init', async () => {
    await using temp = await tempDir('changed');
    const project = path.join(temp.path, 'digits');
    expect((await runCli(['init', path.join(DIGITS, 'model.onnx'), '--preset', 'digits', '-o', project])).code).toBe(0);
    await appendFile(path.join(project, 'model.onnx'), Buffer.from([0]));
    const result = await runCli(['build', project, '-t', `craneml-test/changed:${process.pid}`, '--base-image', LOCAL_BASE]);
    expectOneLineError(result, /model\.onnx changed after "craneml init"/);
  });

  it('a port that is already in use', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const result = await runCli(['run', LOCAL_BASE, '--port', String(port)]);
      expectOneLineError(result, new RegExp(`port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });
});
