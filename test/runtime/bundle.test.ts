import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleRuntime } from '../../main/build/bundle-runtime.ts';
import { RUNTIME_VERSION } from '../../templates/runtime-node/src/version.ts';
import { digitSamples, digitsProject } from './helpers.ts';

const cleanup: string[] = [];
afterAll(async () => Promise.all(cleanup.map((p) => rm(p, { recursive: true, force: true }))));

describe('the bundled server (what an image runs)', () => {
  it('reports the same version as package.json', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8'));
    expect(RUNTIME_VERSION).toBe(pkg.version);
  });

  it('runs from one bundled file with CRANEML_PROJECT, PORT and HOST, and drains on SIGTERM', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'craneml-bundle-'));
    const project = await digitsProject();
    cleanup.push(out, project);
    await bundleRuntime(out);
    await writeFile(path.join(out, 'package.json'), '{"type":"module"}');
    // The image copies onnxruntime-node and sharp beside the bundle; here the repository's serve.
    await symlink(path.resolve('node_modules'), path.join(out, 'node_modules'), 'dir');
    const child = spawn(process.execPath, [path.join(out, 'server.mjs')], {
      cwd: out,
      env: { ...process.env, CRANEML_PROJECT: project, PORT: '0', HOST: '127.0.0.1', CRANEML_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const ready = stdout.split('\n').find((l) => l.includes('"msg":"ready"'));
        if (ready) resolve(JSON.parse(ready).url);
      });
      void exited.then((code) => reject(new Error(`server.mjs exited ${code}: ${stderr}`)));
    });
    const [digit, png] = (await digitSamples())[4]!;
    const response = await fetch(`${url}/predict`, { method: 'POST', body: new Uint8Array(png), headers: { 'Content-Type': 'image/png' } });
    expect(response.status).toBe(200);
    expect((await response.json()).predictions[0].label).toBe(String(digit));
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
