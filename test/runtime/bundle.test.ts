import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNTIME_VERSION } from '../../templates/runtime-node/src/version.ts';
import { startBundledServer } from './bundled-server.ts';
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
    const { url, child, exited, stderr } = await startBundledServer(out, project);
    const [digit, png] = (await digitSamples())[4]!;
    const response = await fetch(`${url}/predict`, { method: 'POST', body: new Uint8Array(png), headers: { 'Content-Type': 'image/png' } });
    expect(response.status).toBe(200);
    expect((await response.json()).predictions[0].label).toBe(String(digit));
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toBe('');
  });
});
