/**
 * The server's memory follows its container (issue 20): the cgroup limit read in both versions, the
 * budgets planned from it, and pictures priced from their headers at least at what decoding them
 * really takes (measured here in a child process through the codec).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCost } from '../../main/codec/decode-cost.ts';
import { budgetForOneBody } from '../../main/http/body.ts';
import { HttpError } from '../../main/http/http-errors.ts';
import { WorkBudget } from '../../templates/runtime-node/src/codec/admission.ts';
import { containerMemoryLimit } from '../../templates/runtime-node/src/codec/cgroup.ts';
import { heapFreeBytes } from '../../templates/runtime-node/src/heap-free.ts';
import type { Logger } from '../../templates/runtime-node/src/log.ts';
import { BODY_COPIES, memoryPlan, residentBytes } from '../../templates/runtime-node/src/memory-plan.ts';
import { startServer } from '../../templates/runtime-node/src/server.ts';
import { digitsProject } from './helpers.ts';
import { progressiveJpeg } from './memory-attacks.ts';

const MB = 1024 * 1024;
const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

function files(map: Record<string, string>): (file: string) => string | undefined {
  return (file) => map[file];
}

/** The peak memory decoding `bytes` through the codec adds to a fresh process that has decoded a small picture. */
async function measuredPeak(bytes: Buffer): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-memory-'));
  folders.push(dir);
  const picture = path.join(dir, 'picture');
  await writeFile(picture, bytes);
  const script = path.join(dir, 'peak.mts');
  const codec = path.resolve('main/codec/image-codec.ts');
  await writeFile(
    script,
    `import { readFileSync, writeFileSync } from 'node:fs';
import { encodeImage } from ${JSON.stringify(codec)};
import sharp from ${JSON.stringify(path.resolve('main/codec/sharp.ts'))};
const codec = { kind: 'image', tensor: 'x', width: 28, height: 28, channels: 1, layout: 'NCHW', scale: 1 / 255, invert: 'auto', center: 'mnist', fit: 'fill', background: '#ffffff' } as const;
// Libraries load and set up with the first picture of each kind: not the decode's cost.
const flat = sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } });
for (const small of [await flat.clone().png().toBuffer(), await flat.clone().jpeg().toBuffer(), await flat.clone().jpeg({ progressive: true }).toBuffer()])
  await encodeImage(new Uint8Array(small), codec as never, 16777216);
const kb = (name: string) => Number(new RegExp(name + ':\\\\s+(\\\\d+)').exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
const before = kb('VmRSS');
writeFileSync('/proc/self/clear_refs', '5');
await encodeImage(new Uint8Array(readFileSync(${JSON.stringify(picture)})), codec as never, 16777216);
console.log(kb('VmHWM') - before);
`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd() });
  return Number(stdout.trim());
}

describe('the container memory limit', () => {
  it('reads cgroup v2 memory.max and v1 memory.limit_in_bytes; no limit is undefined', () => {
    expect(containerMemoryLimit(files({ '/sys/fs/cgroup/memory.max': String(256 * MB) }))).toBe(256 * MB);
    expect(containerMemoryLimit(files({ '/sys/fs/cgroup/memory.max': 'max' }))).toBeUndefined();
    expect(containerMemoryLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': String(512 * MB) }))).toBe(512 * MB);
    expect(containerMemoryLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712' }))).toBeUndefined();
    expect(containerMemoryLimit(files({}))).toBeUndefined();
  });

  it('counts the memory the cgroup cannot reclaim: anonymous and shared pages, not mapped files', () => {
    expect(residentBytes(() => 'VmRSS:\t 140000 kB\nRssAnon:\t  60000 kB\nRssFile:\t  79000 kB\nRssShmem:\t   1000 kB\n')).toBe(
      61_000 * 1024,
    );
    expect(residentBytes()).toBeGreaterThan(0);
  });

  it('plans bodies and decoding to fit under the limit with what the server holds, and lets one largest body in', () => {
    for (const limit of [256 * MB, 512 * MB, 2048 * MB]) {
      const plan = memoryPlan(limit, 62 * MB, 10 * MB);
      expect(plan.bodyBudgetBytes).toBeGreaterThanOrEqual(budgetForOneBody(10 * MB));
      expect(62 * MB + plan.bodyBudgetBytes * BODY_COPIES + plan.queueBytes + plan.workBudgetBytes).toBeLessThan(limit * 0.9);
      expect(plan.queueBytes).toBeGreaterThanOrEqual(budgetForOneBody(10 * MB));
    }
    // In 256 MB a progressive 4096x4096 JPEG at 4:2:0 still fits.
    expect(memoryPlan(256 * MB, 62 * MB, 10 * MB).workBudgetBytes).toBeGreaterThan(80 * MB);
  });

  it('counts a heap committed but not filled as free, never below zero', () => {
    expect(heapFreeBytes({ total_physical_size: 10 * MB, used_heap_size: 4 * MB })).toBe(6 * MB);
    expect(heapFreeBytes({ total_physical_size: 4 * MB, used_heap_size: 5 * MB })).toBe(0);
  });

  it("plans from what the server holds once warm: its resident memory less its threads' free heap", async () => {
    const plans: Record<string, unknown>[] = [];
    const log: Logger = {
      request() {},
      flush() {},
      event: (_level, message, fields) => void (message === 'memory plan' && plans.push(fields ?? {})),
    };
    const project = await digitsProject();
    folders.push(project);
    // This process holds far more than a container's server: a limit above it leaves a budget to compare.
    const limit = residentBytes() + 512 * MB;
    const server = await startServer({ project, listen: false, log, settings: { memoryLimitBytes: limit, codecWorkers: 2 } });
    try {
      await server.ready;
      // Each codec worker reported its heap with its warm-up picture.
      expect(server.app.codec!.pool.heapFreeBytes).toBeGreaterThan(0);
    } finally {
      await server.shutdown();
    }
    const plan = plans.at(-1) as { resident_mb: number; heap_free_mb: number; decode_budget_mb: number };
    expect(plan.heap_free_mb).toBeGreaterThan(0);
    const held = (plan.resident_mb - plan.heap_free_mb) * MB;
    const expected = memoryPlan(limit, held, 10 * MB).workBudgetBytes / MB;
    expect(expected).toBeGreaterThan(16);
    // Both figures are logged in whole megabytes.
    expect(Math.abs(plan.decode_budget_mb - expected)).toBeLessThanOrEqual(1.5);
  });
});

describe('the price of a picture', () => {
  it('is at least what decoding really takes, for progressive JPEGs and interlaced PNGs too', async () => {
    const flat = () => sharp({ create: { width: 4096, height: 4096, channels: 3, background: '#f0f0f0' } });
    const pictures: [string, Buffer][] = [
      ['progressive 4:2:0', await progressiveJpeg(4096)],
      ['progressive 4:4:4', await flat().jpeg({ progressive: true, chromaSubsampling: '4:4:4' }).toBuffer()],
      ['baseline', await flat().jpeg().toBuffer()],
      ['interlaced RGBA PNG', await flat().ensureAlpha(0.5).png({ progressive: true }).toBuffer()],
    ];
    const costs: Record<string, number> = {};
    for (const [name, bytes] of pictures) {
      const peak = await measuredPeak(bytes);
      costs[name] = decodeCost(bytes);
      console.log(
        `${name} 4096x4096 (${bytes.length} bytes): decoding took ${(peak / MB).toFixed(1)} MB, priced ${(costs[name] / MB).toFixed(1)} MB`,
      );
      expect(costs[name]).toBeGreaterThanOrEqual(peak);
    }
    // The coefficients of a progressive JPEG: 2 bytes a sample, twice as many samples at 4:4:4.
    expect(costs['progressive 4:2:0']).toBeGreaterThan(50 * MB);
    expect(costs['progressive 4:4:4']! - costs['progressive 4:2:0']!).toBeGreaterThan(45 * MB);
    expect(costs['baseline']).toBeLessThan(costs['progressive 4:2:0']! / 2);
  }, 120_000);

  it('past what the container can decode at once is refused with 413, not queued', () => {
    const budget = new WorkBudget(100, 1_000, 100);
    let refused: unknown;
    try {
      budget.admit(101);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(413);
    expect((refused as HttpError).message).toMatch(/progressive JPEG/);
    expect(budget.inFlight).toBe(0);
    budget.admit(100)();
  });
});
