/** Ctrl-C during `craneml build` cancels it and leaves no temporary build folder behind. */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { LOCAL_BASE, removeImage, requireDocker } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/cancel:${process.pid}`;

afterAll(async () => {
  if (docker) await removeImage(docker, tag);
});

describe.skipIf(!docker)('craneml build interrupted', () => {
  it('SIGINT while the context is prepared: exit 130, one line, no craneml-build-* folder left', async () => {
    await using tmp = await tempDir('cancel-tmp');
    const child = spawn(process.execPath, [path.resolve('bin/craneml.js'), 'build', DIGITS, '-t', tag, '--base-image', LOCAL_BASE], {
      env: { ...process.env, TMPDIR: tmp.path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // The temporary build folder exists from this line on.
      if (!sent && stderr.includes('preparing the build context')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(sent, stderr).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/build cancelled/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect((await readdir(tmp.path)).filter((entry) => entry.startsWith('craneml-build-'))).toEqual([]);
  });
});
