/**
 * Model servers of several git revisions, interleaved under wrk, to find which commit changed a figure:
 * `node bin/tsx.js test/bench/revisions.ts --revs A,B[,C…] [--workloads json,v2] [--concurrency 1,64]
 * [--rounds 3] [--duration 3] [--warmup 1] [--env KEY=VALUE,…] [--out DIR]` (not part of `npm test`).
 *
 * Each revision (or `working`, the working tree) is checked out in a git worktree with this repository's
 * node_modules and its model server bundled with that tree's own bundler, serving the digits example.
 * wrk, bench:peers' load generator, sends bench:peers' bodies (workloads json, v2, png, multipart);
 * per round every (workload, concurrency) runs once on each revision, the order turning each round, so
 * drift in the machine's load falls on all. Per run: req/s, p50, p99, the server's CPU time per answer
 * (all threads, from /proc) and the batches it ran (its /metrics). Ratios are each revision ÷ the first,
 * per round, then their median: on a machine others load, only those carry over.
 * Writes <out>/revisions.json and revisions.md.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DIGITS, digitsProject } from '../runtime/helpers.ts';
import { stop } from './children.ts';
import { describeSpeed, machineSpeed, type MachineSpeed } from './machine-speed.ts';
import { DIGITS_CONTENT_TYPE, writeDigitsBodies } from './peers/digits-bodies.ts';
import { DIGITS_WORKLOADS, type DigitsWorkload } from './peers/servers.ts';
import { runWrk, wrkVersion, type WrkResult } from './peers/wrk.ts';
import { benchDate, machineLine } from './run-stamp.ts';
import { loadRun, type LoadRun } from './load-run.ts';
import { batchesBetween, serverBatches } from './server-batches.ts';
import { bundleTree, git, processCpuMs, removeWorktree, ROOT, startBundled, worktree, type RunningServer } from './tree-server.ts';

const POST_BODY_LUA = path.join(ROOT, 'test/bench/peers/lua/post-body.lua');
const PATHS: Record<DigitsWorkload, string> = { json: '/predict', png: '/predict', multipart: '/predict', v2: '/v2/models/digits/infer' };

const { values: args } = parseArgs({
  options: {
    revs: { type: 'string' },
    workloads: { type: 'string', default: 'json' },
    concurrency: { type: 'string', default: '1,64' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    env: { type: 'string', default: '' },
    out: { type: 'string', default: path.join(ROOT, 'bench-results') },
  },
});
if (!args.revs || !args.revs.includes(',')) throw new Error('--revs takes two or more revisions, comma-separated (or "working")');
const ROUNDS = Number(args.rounds);
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const LEVELS = args.concurrency!.split(',').map(Number);
const WORKLOADS = args.workloads!.split(',') as DigitsWorkload[];
for (const w of WORKLOADS)
  if (!DIGITS_WORKLOADS.includes(w)) throw new Error(`unknown workload ${w}: one of ${DIGITS_WORKLOADS.join(', ')}`);
const ENV: NodeJS.ProcessEnv = Object.fromEntries(
  args
    .env!.split(',')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

interface Revision {
  source: string;
  commit: string;
  subject: string;
  tree: string;
  server?: RunningServer;
}

interface Run extends LoadRun {
  commit: string;
  workload: DigitsWorkload;
  meanBatch: number;
  msPerBatch: number;
}

/** wrk stops with requests in flight: one answer means the server has worked through them. */
async function settle(url: string, body: Buffer, contentType: string): Promise<void> {
  await fetch(url, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType },
    signal: AbortSignal.timeout(30_000),
  })
    .then((r) => r.arrayBuffer())
    .catch(() => undefined);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const spread = (values: number[], digits = 1): string =>
  `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;

function report(revisions: Revision[], runs: Run[], meta: Record<string, string>): string {
  const [reference] = revisions;
  const lines = [
    `# Revisions A/B (${meta.date})`,
    '',
    `${meta.machine}; ${meta.wrk}. ${meta.speed}. One-minute load average ${meta.loads}. Each revision's model server bundled from its own tree, serving the digits example (bench:peers' bodies), wrk -t min(c,2), ${ROUNDS} interleaved round(s) of ${DURATION_S} s per level after ${WARMUP_S} s of warm-up at c=${Math.max(...LEVELS)}, the order turning each round${Object.keys(ENV).length ? `; environment ${args.env}` : ''}. Medians (min–max) over the rounds; ratios are revision ÷ ${reference!.commit} per round, then their median. wrk and the servers share the machine's CPUs, so only the ratios carry over.`,
    '',
    '| revision | subject |',
    '| --- | --- |',
    ...revisions.map((r) => `| ${r.commit} | ${r.subject.replace(/\|/g, '\\|')} |`),
    '',
    `| workload | c | revision | req/s | ÷ ${reference!.commit} | p50 ms | p99 ms | CPU ms/answer | mean batch · ms in the model | errors |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const workload of WORKLOADS) {
    for (const c of LEVELS) {
      const of = (commit: string) => runs.filter((r) => r.workload === workload && r.concurrency === c && r.commit === commit);
      for (const revision of revisions) {
        const mine = of(revision.commit);
        const base = of(reference!.commit);
        const ratios = mine.map((r) => r.rps / base.find((b) => b.round === r.round)!.rps);
        lines.push(
          `| ${workload} | ${c} | ${revision.commit} | ${spread(
            mine.map((r) => r.rps),
            0,
          )} | **${spread(ratios, 2)}×** | ${spread(mine.map((r) => r.p50Ms))} | ${spread(mine.map((r) => r.p99Ms))} | ${fmt(
            median(mine.map((r) => r.cpuMsPerAnswer)),
            2,
          )} | ${fmt(median(mine.map((r) => r.meanBatch)))} · ${fmt(median(mine.map((r) => r.msPerBatch)))} | ${mine.reduce(
            (n, r) => n + r.errors,
            0,
          )} |`,
        );
      }
    }
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const wrk = await wrkVersion();
  if (!wrk) throw new Error('wrk is not installed: apt-get install -y wrk (scripts/setup.sh installs it)');
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'craneml-revisions-'));
  const revisions: Revision[] = args
    .revs!.split(',')
    .map((source) =>
      source === 'working'
        ? { source, commit: `${git('rev-parse', '--short', 'HEAD')}+`, subject: 'the working tree', tree: ROOT }
        : { source, commit: git('rev-parse', '--short', source), subject: git('log', '-1', '--format=%s', source), tree: '' },
    );
  const speed: MachineSpeed = await machineSpeed(path.join(DIGITS, 'model.onnx'));
  const project = await digitsProject();
  const worktrees: string[] = [];
  const runs: Run[] = [];
  try {
    const bodyFiles = await writeDigitsBodies(project, scratch);
    const bodies = Object.fromEntries(await Promise.all(WORKLOADS.map(async (w) => [w, await readFile(bodyFiles[w])] as const))) as Record<
      DigitsWorkload,
      Buffer
    >;
    for (const [i, revision] of revisions.entries()) {
      if (!revision.tree) {
        revision.tree = await worktree(revision.source, path.join(scratch, `tree-${i}`));
        worktrees.push(revision.tree);
      }
      const runtimeDir = path.join(scratch, `runtime-${i}`);
      await mkdir(runtimeDir);
      await bundleTree(revision.tree, runtimeDir, scratch);
      revision.server = await startBundled(runtimeDir, project, ENV);
      console.log(`${revision.commit} ready on ${revision.server.port}: ${revision.subject}`);
    }
    const url = (revision: Revision, workload: DigitsWorkload) => `http://127.0.0.1:${revision.server!.port}${PATHS[workload]}`;
    const wrkRun = (revision: Revision, workload: DigitsWorkload, concurrency: number, durationS: number): Promise<WrkResult> =>
      runWrk({
        url: url(revision, workload),
        script: POST_BODY_LUA,
        bodyFile: bodyFiles[workload],
        contentType: DIGITS_CONTENT_TYPE[workload],
        concurrency,
        durationS,
      });
    for (let round = 1; round <= ROUNDS; round++) {
      const order = revisions.map((_, i) => revisions[(i + round - 1) % revisions.length]!);
      for (const workload of WORKLOADS) {
        if (WARMUP_S > 0) for (const revision of order) await wrkRun(revision, workload, Math.max(...LEVELS), WARMUP_S);
        for (const concurrency of LEVELS) {
          for (const revision of order) {
            const { child, port } = revision.server!;
            await settle(url(revision, workload), bodies[workload], DIGITS_CONTENT_TYPE[workload]);
            const load = os.loadavg()[0]!;
            const cpuBefore = await processCpuMs(child.pid);
            const batchesBefore = await serverBatches(port);
            const result = await wrkRun(revision, workload, concurrency, DURATION_S);
            const cpuAfter = await processCpuMs(child.pid);
            await settle(url(revision, workload), bodies[workload], DIGITS_CONTENT_TYPE[workload]);
            const batchesAfter = await serverBatches(port);
            const run: Run = {
              ...loadRun({ round, concurrency, load }, result, cpuAfter - cpuBefore),
              commit: revision.commit,
              workload,
              ...batchesBetween(batchesBefore, batchesAfter),
            };
            runs.push(run);
            console.log(
              `round ${round} ${workload.padEnd(9)} c=${String(concurrency).padEnd(3)} ${revision.commit.padEnd(9)} ${fmt(run.rps, 0).padStart(5)} req/s  p50 ${fmt(run.p50Ms).padStart(6)}  p99 ${fmt(run.p99Ms).padStart(6)} ms  CPU ${fmt(run.cpuMsPerAnswer, 2)} ms/answer  batch ${fmt(run.meanBatch)} in ${fmt(run.msPerBatch)} ms  errors ${run.errors}  load ${load.toFixed(2)}`,
            );
          }
        }
      }
    }
  } finally {
    await Promise.all(revisions.map((revision) => (revision.server ? stop(revision.server.child) : undefined)));
    for (const tree of worktrees) removeWorktree(tree);
    await rm(project, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
  const loads = runs.map((r) => r.load);
  const meta = {
    date: benchDate(),
    machine: machineLine(),
    speed: describeSpeed(speed),
    wrk,
    loads: `${fmt(median(loads), 2)} (${fmt(Math.min(...loads), 2)}–${fmt(Math.max(...loads), 2)})`,
  };
  const out = path.resolve(args.out!);
  await mkdir(out, { recursive: true });
  const settings = { rounds: ROUNDS, durationS: DURATION_S, warmupS: WARMUP_S, concurrency: LEVELS, workloads: WORKLOADS, env: ENV };
  const facts = revisions.map(({ source, commit, subject }) => ({ source, commit, subject }));
  await writeFile(
    path.join(out, 'revisions.json'),
    JSON.stringify({ ...meta, machineSpeed: speed, settings, revisions: facts, runs }, null, 2) + '\n',
  );
  const md = report(revisions, runs, meta);
  await writeFile(path.join(out, 'revisions.md'), md);
  console.log(`\n${md}\nwrote ${path.relative(process.cwd(), out) || '.'}/revisions.json and revisions.md`);
}

await main();
