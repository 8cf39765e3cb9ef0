/** `craneml export` hands out a folder that builds and runs with Docker alone: ./create.sh && ./run.sh. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { runCli } from '../helpers/cli.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { LOCAL_BASE, requireDocker, removeContainerAndImage } from './require-docker.ts';

const run = promisify(execFile);
const docker = await requireDocker({ localBase: true });
const image = `craneml-test/exported:${process.pid}`;
const name = `craneml-test-exported-${process.pid}`;

describe.skipIf(!docker)('an exported folder', () => {
  let parent = '';
  afterAll(async () => {
    await removeContainerAndImage(docker!, name, image);
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('holds the recipe, the model, the manifest, the runtime and a README with curl examples', async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'craneml-export-'));
    const dir = path.join(parent, 'digits');
    const result = await runCli(['export', DIGITS, '-o', dir, '-t', image]);
    expect(result.code, result.stderr).toBe(0);
    // .craneml-files lists what CraneML wrote, so that export --force replaces this folder and nothing else.
    expect((await readdir(dir)).sort()).toEqual(['.craneml-files', 'Dockerfile', 'README.md', 'create.sh', 'model', 'run.sh', 'runtime']);
    expect((await readdir(path.join(dir, 'model'))).sort()).toEqual(['craneml.json', 'model.onnx']);
    expect(await readdir(path.join(dir, 'runtime'))).toContain('server.mjs');
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toMatch(/curl .*\/predict/);

    // Docker alone from here: no CraneML, no node_modules of this checkout.
    const env = { ...process.env, BASE_IMAGE: LOCAL_BASE };
    const created = await run('./create.sh', [], { cwd: dir, env, timeout: 300_000 });
    expect(created.stdout).toContain(`built ${image}`);

    const port = await freePort();
    const started = await run('./run.sh', [], {
      cwd: dir,
      env: { ...env, NETWORK: 'host', PORT: String(port), NAME: name },
      timeout: 120_000,
    });
    expect(started.stdout).toContain(`ready: http://127.0.0.1:${port}`);

    const response = await fetch(`http://127.0.0.1:${port}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: await readFile(path.join(DIGITS, 'samples', '4.png')),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { predictions: { label: string }[] }).predictions[0]!.label).toBe('4');
  });
});
