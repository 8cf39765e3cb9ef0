/**
 * The bundled server (what an image runs) keeps no decoder between pictures: a progressive 4096x4096
 * JPEG costs libjpeg 50 MB while it decodes, and libvips' operation cache, turned back on by any
 * thread that loads sharp, used to keep that per request until a 256 MB container was killed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCost } from '../../main/codec/decode-cost.ts';
import { startServer } from '../../templates/runtime-node/src/server.ts';
import { startBundledServer } from './bundled-server.ts';
import { digitsProject } from './helpers.ts';
import { progressiveJpeg, residentMb } from './memory-attacks.ts';

const cleanup: string[] = [];
afterAll(async () => Promise.all(cleanup.map((p) => rm(p, { recursive: true, force: true }))));

describe('the codec memory of the bundled server', () => {
  it('gives back what a progressive JPEG took: twelve in a row grow it by less than two decodes', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'craneml-memory-'));
    const project = await digitsProject();
    cleanup.push(out, project);
    const { url, child, exited } = await startBundledServer(out, project, { CRANEML_CODEC_WORKERS: '2' });
    try {
      const jpeg = new Uint8Array(await progressiveJpeg(4096));
      const send = async (): Promise<number> => {
        const response = await fetch(`${url}/predict`, { method: 'POST', body: jpeg, headers: { 'Content-Type': 'image/jpeg' } });
        await response.arrayBuffer();
        return response.status;
      };
      // Two first, one per worker: what a worker keeps once it has decoded a picture is not growth.
      expect([await send(), await send()]).toEqual([200, 200]);
      const settled = await residentMb(child.pid!);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push(await send());
      const grown = (await residentMb(child.pid!)) - settled;
      console.log(`twelve progressive 4096x4096 JPEGs (${jpeg.length} bytes each): resident memory ${grown.toFixed(1)} MB more`);
      expect(statuses.every((s) => s === 200)).toBe(true);
      // Before the fix: 255 MB more over twelve (libvips' cache kept each decoder).
      expect(grown).toBeLessThan(100);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);

  it('decodes the pictures of a request one after the other when two at once would not fit, and refuses with 413 one that never fits', async () => {
    const project = await digitsProject();
    cleanup.push(project);
    const server = await startServer({ project, port: 0, log: false, settings: { codecWorkers: 2 } });
    try {
      await server.ready;
      const jpeg = await progressiveJpeg(4096);
      const budget = server.app.codec!.budget;
      // What a container's memory plan sets: room for one such picture, not two.
      budget.max = budget.maxCost = Math.floor(decodeCost(jpeg) * 1.5);
      const two = await fetch(`${server.url}/predict`, {
        method: 'POST',
        body: JSON.stringify({ images: [jpeg.toString('base64'), jpeg.toString('base64')] }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(two.status).toBe(200);
      expect((await two.json()).predictions).toHaveLength(2);
      budget.max = budget.maxCost = decodeCost(jpeg) - 1;
      const one = await fetch(`${server.url}/predict`, {
        method: 'POST',
        body: new Uint8Array(jpeg),
        headers: { 'Content-Type': 'image/jpeg' },
      });
      expect(one.status).toBe(413);
      expect((await one.json()).error.message).toMatch(/memory limit lets it decode at most \d+ MB/);
    } finally {
      await server.shutdown();
    }
  }, 60_000);
});
