/**
 * Pictures before and after a change, in one run: `node bin/tsx.js test/bench/pictures.ts [--before REV]
 * [--after REV] [--rounds 3] [--duration 3] [--concurrency 1,8,64] [--out DIR]` (not part of `npm test`).
 *
 * Each side is the model server `craneml serve` loads, bundled from its own tree (a git worktree of REV,
 * or the working tree when --after is left out) and serving the digits example. wrk, the load generator
 * of `npm run bench:peers`, sends the same PNG (samples/7.png, 280x280) as the body and in a multipart
 * form at each concurrency; per round every (workload, concurrency) runs once on each side, the side
 * going first alternating between rounds, so drift in the machine's load falls on both. Besides req/s
 * and latency, each run records the server's CPU time (all its threads, from /proc) per answer, which a
 * busy machine distorts far less. Figures are medians over the rounds and after ÷ before ratios.
 * Writes <out>/pictures.json and pictures.md.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { digitSamples, digitsProject } from '../runtime/helpers.ts';
import { stop } from './children.ts';
import { runWrk, wrkVersion, type WrkResult } from './peers/wrk.ts';
import { benchDate, machineLine } from './run-stamp.ts';
import { bundleTree, git, processCpuMs, removeWorktree, ROOT, startBundled, worktree } from './tree-server.ts';

const POST_BODY_LUA = path.join(ROOT, 'test/bench/peers/lua/post-body.lua');
const BOUNDARY = 'craneml-bench-boundary';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string', default: 'HEAD' },
    after: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '1,8,64' },
    out: { type: 'string', default: path.join(ROOT, 'bench-results') },
  },
});
const ROUNDS = Number(args.rounds);
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const LEVELS = args.concurrency!.split(',').map(Number);

type Workload = 'png' | 'multipart';
const WORKLOADS: Record<Workload, { label: string; contentType: string }> = {
  png: { label: 'PNG body', contentType: 'image/png' },
  multipart: { label: 'multipart PNG', contentType: `multipart/form-data; boundary=${BOUNDARY}` },
};

interface Side {
  name: 'before' | 'after';
  /** A git revision, or "working tree". */
  source: string;
  commit: string;
  tree: string;
  server?: ChildProcess;
  port?: number;
}

interface Row {
  round: number;
  side: Side['name'];
  workload: Workload;
  concurrency: number;
  load: number;
  result: WrkResult;
  /** The server's CPU milliseconds (user + system, every thread) per answer. */
  cpuMsPerAnswer: number;
}

function multipart(png: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="digit.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** Both sides must give the same answer for the picture before their speed means anything. */
async function sameAnswer(sides: Side[], png: Buffer): Promise<string> {
  const answers = await Promise.all(
    sides.map(async (side) => {
      const response = await fetch(`http://127.0.0.1:${side.port}/predict`, {
        method: 'POST',
        body: new Uint8Array(png),
        headers: { 'content-type': 'image/png' },
      });
      const body = (await response.json()) as { predictions: unknown };
      return JSON.stringify(body.predictions);
    }),
  );
  if (answers[0] !== answers[1]) throw new Error(`the two sides answer differently:\nbefore ${answers[0]}\nafter  ${answers[1]}`);
  return answers[0]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

interface Summary {
  workload: Workload;
  concurrency: number;
  before: { rps: number; p50Ms: number; p99Ms: number; cpuMs: number; errors: number };
  after: { rps: number; p50Ms: number; p99Ms: number; cpuMs: number; errors: number };
  /** after ÷ before per round, then the median of those. */
  rpsRatio: number;
  p99Ratio: number;
  cpuRatio: number;
  rpsRatios: number[];
}

function summarise(rows: Row[]): Summary[] {
  const out: Summary[] = [];
  for (const workload of Object.keys(WORKLOADS) as Workload[]) {
    for (const concurrency of LEVELS) {
      const of = (side: Side['name']) => rows.filter((r) => r.workload === workload && r.concurrency === concurrency && r.side === side);
      const stats = (side: Side['name']) => {
        const runs = of(side);
        return {
          rps: median(runs.map((r) => r.result.okRps)),
          p50Ms: median(runs.map((r) => r.result.p50Ms)),
          p99Ms: median(runs.map((r) => r.result.p99Ms)),
          cpuMs: median(runs.map((r) => r.cpuMsPerAnswer)),
          errors: runs.reduce((n, r) => n + r.result.errors, 0),
        };
      };
      const before = of('before');
      const after = of('after');
      const rpsRatios = after.map((a, i) => a.result.okRps / before[i]!.result.okRps);
      const p99Ratios = after.map((a, i) => a.result.p99Ms / before[i]!.result.p99Ms);
      const cpuRatios = after.map((a, i) => a.cpuMsPerAnswer / before[i]!.cpuMsPerAnswer);
      out.push({
        workload,
        concurrency,
        before: stats('before'),
        after: stats('after'),
        rpsRatio: median(rpsRatios),
        p99Ratio: median(p99Ratios),
        cpuRatio: median(cpuRatios),
        rpsRatios,
      });
    }
  }
  return out;
}

function markdown(meta: Record<string, unknown>, sides: Side[], summary: Summary[], rows: Row[]): string {
  const lines = [
    `# Pictures: before and after (${String(meta.date)})`,
    '',
    `${String(meta.machine)}; ${String(meta.wrk)}. One-minute load average ${String(meta.loads)} (min–max over the runs).`,
    '',
    `Before: ${sides[0]!.source} (${sides[0]!.commit}). After: ${sides[1]!.source} (${sides[1]!.commit}). Each side is the bundled model server serving the digits example (assets/examples/digits); wrk sends samples/7.png (280x280 grey) as the body or in a multipart form, ${ROUNDS} interleaved round(s) of ${DURATION_S} s per level after ${WARMUP_S} s of warm-up, the side going first alternating. Medians over the rounds; ratios are after ÷ before per round, then their median. wrk and both servers share the machine's CPUs, so only the ratios carry over.`,
    '',
    '| workload | c | before req/s · p50 · p99 ms · CPU ms/answer | after req/s · p50 · p99 ms · CPU ms/answer | req/s after ÷ before (per round) | p99 after ÷ before | CPU/answer after ÷ before |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: |',
    ...summary.map(
      (s) =>
        `| ${WORKLOADS[s.workload].label} | ${s.concurrency} | ${fixed(s.before.rps, 0)} · ${fixed(s.before.p50Ms)} · ${fixed(s.before.p99Ms)} · ${fixed(s.before.cpuMs, 2)} | ${fixed(s.after.rps, 0)} · ${fixed(s.after.p50Ms)} · ${fixed(s.after.p99Ms)} · ${fixed(s.after.cpuMs, 2)} | **${fixed(s.rpsRatio, 2)}×** (${s.rpsRatios.map((r) => fixed(r, 2)).join(', ')}) | **${fixed(s.p99Ratio, 2)}×** | **${fixed(s.cpuRatio, 2)}×** |`,
    ),
    '',
    '## Every run',
    '',
    '| round | workload | c | side | req/s | p50 ms | p99 ms | CPU ms/answer | errors | load |',
    '| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.round} | ${WORKLOADS[r.workload].label} | ${r.concurrency} | ${r.side} | ${fixed(r.result.okRps, 0)} | ${fixed(r.result.p50Ms)} | ${fixed(r.result.p99Ms)} | ${fixed(r.cpuMsPerAnswer, 2)} | ${r.result.errors} | ${fixed(r.load, 2)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'craneml-pictures-'));
  const sides: Side[] = [
    { name: 'before', source: args.before!, commit: git('rev-parse', '--short', args.before!), tree: '' },
    args.after
      ? { name: 'after', source: args.after, commit: git('rev-parse', '--short', args.after), tree: '' }
      : { name: 'after', source: 'working tree', commit: `${git('rev-parse', '--short', 'HEAD')}+`, tree: ROOT },
  ];
  const project = await digitsProject();
  const worktrees: string[] = [];
  const rows: Row[] = [];
  try {
    for (const side of sides) {
      if (!side.tree) {
        side.tree = await worktree(side.source, path.join(scratch, `tree-${side.name}`));
        worktrees.push(side.tree);
      }
      const runtimeDir = path.join(scratch, `runtime-${side.name}`);
      await mkdir(runtimeDir);
      await bundleTree(side.tree, runtimeDir, scratch);
      ({ child: side.server, port: side.port } = await startBundled(runtimeDir, project));
    }
    const png = (await digitSamples()).find(([digit]) => digit === 7)![1];
    const bodies: Record<Workload, string> = { png: path.join(scratch, 'png.body'), multipart: path.join(scratch, 'multipart.body') };
    await writeFile(bodies.png, png);
    await writeFile(bodies.multipart, multipart(png));
    console.log(`both sides answer ${await sameAnswer(sides, png)}`);
    const wrk = (side: Side, workload: Workload, concurrency: number, durationS: number): Promise<WrkResult> =>
      runWrk({
        url: `http://127.0.0.1:${side.port}/predict`,
        script: POST_BODY_LUA,
        bodyFile: bodies[workload],
        contentType: WORKLOADS[workload].contentType,
        concurrency,
        durationS,
      });
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? sides : [...sides].reverse();
      for (const workload of Object.keys(WORKLOADS) as Workload[]) {
        if (WARMUP_S > 0) for (const side of order) await wrk(side, workload, Math.max(...LEVELS), WARMUP_S);
        for (const concurrency of LEVELS) {
          for (const side of order) {
            const load = os.loadavg()[0]!;
            const cpuBefore = await processCpuMs(side.server?.pid);
            const result = await wrk(side, workload, concurrency, DURATION_S);
            const cpuMsPerAnswer = ((await processCpuMs(side.server?.pid)) - cpuBefore) / result.requests;
            rows.push({ round, side: side.name, workload, concurrency, load, result, cpuMsPerAnswer });
            console.log(
              `round ${round} ${WORKLOADS[workload].label.padEnd(13)} c=${String(concurrency).padEnd(3)} ${side.name.padEnd(6)} ${fixed(result.okRps, 0).padStart(5)} req/s  p50 ${fixed(result.p50Ms).padStart(6)} ms  p99 ${fixed(result.p99Ms).padStart(6)} ms  CPU ${fixed(cpuMsPerAnswer, 2)} ms/answer  errors ${result.errors}  load ${load.toFixed(2)}`,
            );
          }
        }
      }
    }
  } finally {
    await Promise.all(sides.map((side) => (side.server ? stop(side.server) : undefined)));
    for (const tree of worktrees) removeWorktree(tree);
    await rm(project, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
  const summary = summarise(rows);
  const loads = rows.map((r) => r.load);
  const meta = {
    date: benchDate(),
    machine: machineLine(),
    wrk: await wrkVersion(),
    loads: `${fixed(median(loads), 2)} (${fixed(Math.min(...loads), 2)}–${fixed(Math.max(...loads), 2)})`,
  };
  const out = path.resolve(args.out!);
  await mkdir(out, { recursive: true });
  const sideFacts = sides.map(({ name, source, commit }) => ({ name, source, commit }));
  const settings = { rounds: ROUNDS, durationS: DURATION_S, warmupS: WARMUP_S, concurrency: LEVELS };
  await writeFile(path.join(out, 'pictures.json'), JSON.stringify({ ...meta, settings, sides: sideFacts, summary, rows }, null, 2) + '\n');
  await writeFile(path.join(out, 'pictures.md'), markdown(meta, sides, summary, rows));
  console.log(`wrote ${path.relative(process.cwd(), out) || '.'}/pictures.json and pictures.md`);
  for (const s of summary)
    console.log(
      `${WORKLOADS[s.workload].label.padEnd(13)} c=${String(s.concurrency).padEnd(3)} req/s ${fixed(s.rpsRatio, 2)}x  p99 ${fixed(s.p99Ratio, 2)}x`,
    );
}

await main();
