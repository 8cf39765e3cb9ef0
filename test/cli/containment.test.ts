/** Project containment and CLI input limits: model files must be regular files inside the project; inputs stop at the server's size limit. */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { digitsProject, serve } from '../runtime/helpers.ts';

const made: string[] = [];
let project: string;
let outside: string;

beforeAll(async () => {
  project = await digitsProject();
  outside = await mkdtemp(path.join(os.tmpdir(), 'craneml-outside-'));
  made.push(project, outside);
});

afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Puts `make` in place of the project's model.onnx, runs `craneml predict` on the project, then restores the file. */
async function predictWith(
  make: (model: string) => Promise<void>,
  args = ['--json', '-'],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const model = path.join(project, 'model.onnx');
  const kept = path.join(outside, 'kept.onnx');
  await copyFile(model, kept);
  await unlink(model);
  try {
    await make(model);
    return await runCli(['predict', project, ...args], { input: '[[0]]' });
  } finally {
    await rm(model, { recursive: true, force: true });
    await copyFile(kept, model);
  }
}

function expectOneLine(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('project containment', () => {
  it('refuses a model file that is a symlink out of the project, even with the matching sha256', async () => {
    const result = await predictWith(async (model) => {
      const copy = path.join(outside, 'same-bytes.onnx');
      await copyFile(path.join(outside, 'kept.onnx'), copy);
      await symlink(copy, model);
    });
    expectOneLine(result, /model\.onnx: leads outside the project folder/);
  });

  it('accepts a symlink that stays inside the project', async () => {
    const result = await predictWith(
      async (model) => {
        await mkdir(path.join(project, 'weights'), { recursive: true });
        await copyFile(path.join(outside, 'kept.onnx'), path.join(project, 'weights', 'model.onnx'));
        await symlink(path.join('weights', 'model.onnx'), model);
      },
      ['--image', path.resolve('assets/examples/digits/samples/3.png')],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^3\.png: 3 /);
  });

  it('refuses a directory or a named pipe in place of a model file with exit 2 and one line', async () => {
    expectOneLine(await predictWith((model) => mkdir(model)), /model\.onnx: listed in craneml\.json but is a directory/);
    expectOneLine(
      await predictWith(async (model) => {
        execFileSync('mkfifo', [model]);
      }),
      /model\.onnx: listed in craneml\.json but is a named pipe/,
    );
  });

  it('says a model file changed without printing the digest of the file it found', async () => {
    const result = await predictWith((model) => writeFile(model, 'something else'));
    expectOneLine(result, /model\.onnx changed after "craneml init"/);
    const found = execFileSync('sha256sum', ['-'], { input: 'something else' }).toString().slice(0, 12);
    expect(result.stderr).not.toContain(found);
  });
});

describe('CLI inputs', () => {
  it('stops reading --image /dev/zero at the server size limit, with exit 2', async () => {
    const started = performance.now();
    const result = await runCli(['predict', project, '--image', '/dev/zero']);
    expectOneLine(result, /\/dev\/zero: larger than the limit of 10485760 bytes/);
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('stops reading --json from an endless stdin-like file at the limit, with exit 2', async () => {
    expectOneLine(await runCli(['predict', project, '--json', '/dev/zero']), /\/dev\/zero: larger than the limit/);
  });

  it("reads inputs with the project's own max_body_bytes, and a server's as its /metadata gives it", async () => {
    const small = await digitsProject({ max_body_bytes: 1024 * 1024 });
    made.push(small);
    expectOneLine(await runCli(['predict', small, '--image', '/dev/zero']), /larger than the limit of 1048576 bytes/);
    const server = await serve(small);
    try {
      expectOneLine(await runCli(['predict', server.url, '--image', '/dev/zero']), /larger than the limit of 1048576 bytes/);
    } finally {
      await server.stop();
    }
  });
});
