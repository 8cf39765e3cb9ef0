/** The exported create.sh passes NODE_IMAGE and CRANEML_TORCH_INDEX_URL on to docker build when set, and nothing when not. */
import { execFile } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '../../helpers/temp-dir.ts';

let dir: TempDir;

beforeEach(async () => {
  dir = await tempDir('create-script');
  const template = await readFile(path.resolve('templates/export/create.sh'), 'utf8');
  const script = template
    .replaceAll('__IMAGE__', 'm:1')
    .replaceAll('__BASE_IMAGE__', 'python:3.11-slim')
    .replaceAll('__PLATFORM__', 'linux/amd64');
  await writeFile(path.join(dir.path, 'create.sh'), script);
  // A docker that writes its arguments, one a line: what create.sh asked of it.
  await writeFile(path.join(dir.path, 'docker'), '#!/bin/sh\nfor a in "$@"; do echo "$a"; done > "$(dirname "$0")/args"\n');
  await chmod(path.join(dir.path, 'docker'), 0o755);
});

afterEach(() => dir.remove());

async function dockerArgs(env: Record<string, string>): Promise<string[]> {
  await promisify(execFile)('sh', ['create.sh'], { cwd: dir.path, env: { PATH: `${dir.path}:/usr/bin:/bin`, ...env } });
  return (await readFile(path.join(dir.path, 'args'), 'utf8')).trim().split('\n');
}

describe('create.sh', () => {
  it('builds with the base image only when nothing else is set', async () => {
    expect(await dockerArgs({})).toEqual([
      'build',
      '--platform',
      'linux/amd64',
      '--build-arg',
      'BASE_IMAGE=python:3.11-slim',
      '-t',
      'm:1',
      '.',
    ]);
  });

  it('passes NODE_IMAGE and CRANEML_TORCH_INDEX_URL on when set', async () => {
    const args = await dockerArgs({ NODE_IMAGE: 'my/node:20', CRANEML_TORCH_INDEX_URL: 'https://mirror.example/whl/cpu' });
    expect(args).toContain('NODE_IMAGE=my/node:20');
    expect(args).toContain('CRANEML_TORCH_INDEX_URL=https://mirror.example/whl/cpu');
    expect(args.filter((a) => a === '--build-arg')).toHaveLength(3);
  });
});
