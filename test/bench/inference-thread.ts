/**
 * Inference thread A/B: `node bin/tsx.js test/bench/inference-thread.ts` (not part of `npm test`).
 * The bundled model server as images run it, with the digits model on the event loop
 * (CRANEML_INFERENCE_THREAD=0, the server before the inference thread), every call in its own thread
 * (CRANEML_INLINE_CALL_MS=0) and a lone request's short call on the event loop, the rest in the thread
 * (split, the default), plus FastAPI + uvicorn (1 worker, the peer bench's app) when its venv exists. JSON
 * /predict at c=1, 8 and 64 under wrk (the peer bench's load generator), in interleaved rounds whose
 * order turns each round; per run: req/s, p50, p99, the server's event-loop delay (p99 and max, from
 * test/bench/event-loop-probe.mjs) and its CPU time per answer. Writes bench-results/inference-thread.json
 * and .md. Options: --rounds 3, --duration 3 (s), --concurrency 1,8,64, --arms loop,thread,split,fastapi
 * (also split2: a lone call up to 2 ms on the event loop; intra1, intra2: every call in the thread with 1 or 2
 * onnxruntime intra-op threads), --out DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareRuntime } from '../../main/runtimes/node/runtime-cache.ts';
import { digitsProject, freePort, instance } from '../runtime/helpers.ts';
import { ready, stop } from './children.ts';
import { venvDir } from './peers/servers.ts';
import { runWrk, wrkVersion, type WrkResult } from './peers/wrk.ts';
import { loadRun, type LoadRun } from './load-run.ts';
import { batchesBetween, serverBatches, type ServerBatches } from './server-batches.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,8,64' },
    arms: { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const ROUNDS = Number(args.rounds);
const DURATION_S = Number(args.duration);
const LEVELS = args.concurrency!.split(',').map(Number);
const CLOCK_TICKS = 100;

interface ArmSpec {
  label: string;
  /** The model server's environment; undefined: the FastAPI peer. */
  env?: NodeJS.ProcessEnv;
}

const ARMS: Record<string, ArmSpec> = {
  loop: { label: 'CraneML, every call on the event loop', env: { CRANEML_INFERENCE_THREAD: '0', CRANEML_INTRA_OP_THREADS: '' } },
  thread: { label: 'CraneML, every call in the inference thread', env: { CRANEML_INLINE_CALL_MS: '0' } },
  split: { label: 'CraneML, a lone short call on the event loop (default)', env: {} },
  split2: { label: 'CraneML, a lone call up to 2 ms on the event loop', env: { CRANEML_INLINE_CALL_MS: '2' } },
  intra1: { label: 'CraneML, inference thread, 1 intra-op thread', env: { CRANEML_INLINE_CALL_MS: '0', CRANEML_INTRA_OP_THREADS: '1' } },
  intra2: { label: 'CraneML, inference thread, 2 intra-op threads', env: { CRANEML_INLINE_CALL_MS: '0', CRANEML_INTRA_OP_THREADS: '2' } },
  fastapi: { label: 'FastAPI + uvicorn, 1 worker' },
};
const FASTAPI_BIN = path.join(venvDir('fastapi'), 'bin');
const chosen = (args.arms ?? `loop,thread,split${existsSync(path.join(FASTAPI_BIN, 'uvicorn')) ? ',fastapi' : ''}`).split(',');
for (const key of chosen) if (!ARMS[key]) throw new Error(`unknown arm ${key}: one of ${Object.keys(ARMS).join(', ')}`);

interface Probe {
  loopP99Ms: number;
  loopMaxMs: number;
}

interface Arm {
  key: string;
  spec: ArmSpec;
  child: ChildProcess;
  port: number;
  probes: Probe[];
  nextProbe?: (probe: Probe) => void;
}

interface Run extends LoadRun {
  arm: string;
  /** The event loop's share of cpuMsPerAnswer. */
  loopCpuMsPerAnswer: number;
  meanBatch?: number;
  msPerBatch?: number;
  loopP99Ms?: number;
  loopMaxMs?: number;
}

/** A /proc stat file's CPU time (user + system) in ms. */
function statCpuMs(file: string): number {
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** The process's CPU time in ms, all threads, and its main thread's (the event loop's for Node). */
function cpuMs(pid: number): { all: number; main: number } {
  return { all: statCpuMs(`/proc/${pid}/stat`), main: statCpuMs(`/proc/${pid}/task/${pid}/stat`) };
}

/** The batches the server ran so far: count, samples, seconds in the model (its /metrics). */
async function batches(arm: Arm): Promise<ServerBatches | undefined> {
  return arm.spec.env ? serverBatches(arm.port) : undefined;
}

async function startArm(key: string, project: string, serverFile: string): Promise<Arm> {
  const spec = ARMS[key]!;
  const port = await freePort();
  const child = spec.env
    ? spawn(process.execPath, ['--import', path.join(HERE, 'event-loop-probe.mjs'), serverFile], {
        env: {
          ...process.env,
          ...spec.env,
          CRANEML_PROJECT: project,
          PORT: String(port),
          HOST: '127.0.0.1',
          CRANEML_LOG: 'off',
          CRANEML_API_KEY: '',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn(
        path.join(FASTAPI_BIN, 'uvicorn'),
        ['fastapi_app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
        {
          cwd: path.join(HERE, 'peers', 'apps'),
          env: { ...process.env, MODEL_PATH: path.join(project, 'model.onnx'), PATH: `${FASTAPI_BIN}:${process.env.PATH}` },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
  const arm: Arm = { key, spec, child, port, probes: [] };
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const match of chunk.matchAll(/^probe (\{.*\})$/gm)) {
      const probe = JSON.parse(match[1]!) as Probe;
      arm.probes.push(probe);
      arm.nextProbe?.(probe);
    }
  });
  return arm;
}

/** Asks the server's probe for the loop delay since the last ask (and starts afresh). */
function probe(arm: Arm): Promise<Probe | undefined> {
  if (!arm.spec.env) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 5000);
    arm.nextProbe = (p) => {
      clearTimeout(timer);
      arm.nextProbe = undefined;
      resolve(p);
    };
    arm.child.kill('SIGUSR2');
  });
}

/** wrk stops with requests in flight: one answer means the server has worked through them. */
async function settle(url: string, body: string): Promise<void> {
  await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(30_000) })
    .then((r) => r.arrayBuffer())
    .catch(() => undefined);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (v: number | undefined, digits = 1): string => (v === undefined || Number.isNaN(v) ? '' : v.toFixed(digits));

function spread(values: number[], digits = 1): string {
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

function report(runs: Run[], meta: Record<string, string | number>): string {
  const lines = [
    `# Inference off the event loop: A/B (${meta.date})`,
    '',
    `Machine: ${meta.machine}; ${meta.wrk}; JSON /predict of the digits model (one 1×1×28×28 instance), wrk -t min(c,2), ${DURATION_S} s per run after 1 s of warm-up per server; ${ROUNDS} interleaved rounds, the arms' order turning each round; medians (min–max). **wrk shares the 2 CPUs with the servers**, and other work ran on the machine: load average ${meta.loads}. Loop delay: the server's event-loop delay during the run (monitorEventLoopDelay, 1 ms resolution). CPU: the server process's user + system time per answer.`,
    '',
    '| c | server | req/s | p50 ms | p99 ms | loop delay p99 / max ms | CPU ms per answer (event loop) | mean batch · ms in the model | errors |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of LEVELS) {
    for (const key of chosen) {
      const mine = runs.filter((r) => r.arm === key && r.concurrency === c);
      const loop = mine.filter((r) => r.loopP99Ms !== undefined);
      lines.push(
        `| ${c} | ${ARMS[key]!.label} | ${spread(
          mine.map((r) => r.rps),
          0,
        )} | ${spread(mine.map((r) => r.p50Ms))} | ${spread(mine.map((r) => r.p99Ms))} | ${
          loop.length ? `${fmt(median(loop.map((r) => r.loopP99Ms!)))} / ${fmt(median(loop.map((r) => r.loopMaxMs!)))}` : '–'
        } | ${fmt(median(mine.map((r) => r.cpuMsPerAnswer)), 2)} (${fmt(median(mine.map((r) => r.loopCpuMsPerAnswer)), 2)}) | ${
          loop.length ? `${fmt(median(mine.map((r) => r.meanBatch!)))} · ${fmt(median(mine.map((r) => r.msPerBatch!)))}` : '–'
        } | ${mine.reduce((n, r) => n + r.errors, 0)} |`,
      );
    }
  }
  // Each CraneML arm against the event loop and against every call in the thread, then against FastAPI.
  const craneml = chosen.filter((k) => k !== 'fastapi');
  const against = (base: string): [string, string][] =>
    chosen.includes(base) ? craneml.filter((k) => k !== base && k !== 'loop').map((k): [string, string] => [k, base]) : [];
  const pairs: [string, string][] = [
    ...(chosen.includes('loop') ? craneml.filter((k) => k !== 'loop').map((k): [string, string] => [k, 'loop']) : []),
    ...against('thread'),
    ...(chosen.includes('fastapi') ? craneml.map((k): [string, string] => [k, 'fastapi']) : []),
  ];
  if (pairs.length) {
    lines.push(
      '',
      'Ratios per round (same round, same concurrency), medians (min–max) over the rounds: req/s above 1× is more answers, p99 below 1× is a shorter tail.',
      '',
      '| c | A ÷ B | req/s | p99 |',
      '| ---: | --- | ---: | ---: |',
    );
    for (const c of LEVELS) {
      for (const [a, b] of pairs) {
        const ratios = (field: 'rps' | 'p99Ms'): number[] =>
          Array.from({ length: ROUNDS }, (_, i) => {
            const ra = runs.find((r) => r.round === i + 1 && r.arm === a && r.concurrency === c);
            const rb = runs.find((r) => r.round === i + 1 && r.arm === b && r.concurrency === c);
            return ra && rb ? ra[field] / rb[field] : NaN;
          }).filter((v) => !Number.isNaN(v));
        lines.push(`| ${c} | ${ARMS[a]!.label} ÷ ${ARMS[b]!.label} | ${spread(ratios('rps'), 2)}× | ${spread(ratios('p99Ms'), 2)}× |`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const wrk = await wrkVersion();
  if (!wrk) throw new Error('wrk is not installed: apt-get install -y wrk (scripts/setup.sh installs it)');
  const runtime = await prepareRuntime('onnx', process.arch === 'arm64' ? 'arm64' : 'x64');
  const project = await digitsProject();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bench-thread-'));
  const body = JSON.stringify({ instances: [instance((r, c) => ((r * 28 + c) % 7) / 7)] });
  const bodyFile = path.join(tmp, 'json.body');
  await writeFile(bodyFile, body);
  const arms: Arm[] = [];
  const runs: Run[] = [];
  const loads: number[] = [];
  try {
    for (const key of chosen) arms.push(await startArm(key, project, path.join(runtime.dir, 'server.mjs')));
    for (const arm of arms) {
      const url = `http://127.0.0.1:${arm.port}/predict`;
      await ready(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await runWrk({
        url,
        script: path.join(HERE, 'peers', 'lua', 'post-body.lua'),
        bodyFile,
        contentType: 'application/json',
        concurrency: 64,
        durationS: 1,
      });
      await settle(url, body);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const order = arms.map((_, i) => arms[(i + round - 1) % arms.length]!);
      for (const concurrency of LEVELS) {
        for (const arm of order) {
          const url = `http://127.0.0.1:${arm.port}/predict`;
          const load = os.loadavg()[0]!;
          loads.push(load);
          await probe(arm);
          const cpuBefore = cpuMs(arm.child.pid!);
          const batchesBefore = await batches(arm);
          const result: WrkResult = await runWrk({
            url,
            script: path.join(HERE, 'peers', 'lua', 'post-body.lua'),
            bodyFile,
            contentType: 'application/json',
            concurrency,
            durationS: DURATION_S,
          });
          const cpuAfter = cpuMs(arm.child.pid!);
          const loop = await probe(arm);
          await settle(url, body);
          const batchesAfter = await batches(arm);
          const run: Run = {
            ...loadRun({ round, concurrency, load }, result, cpuAfter.all - cpuBefore.all),
            arm: arm.key,
            loopCpuMsPerAnswer: (cpuAfter.main - cpuBefore.main) / Math.max(1, result.requests),
            ...(batchesBefore && batchesAfter ? batchesBetween(batchesBefore, batchesAfter) : {}),
            ...(loop ? { loopP99Ms: loop.loopP99Ms, loopMaxMs: loop.loopMaxMs } : {}),
          };
          runs.push(run);
          console.log(
            `round ${round} c=${String(concurrency).padStart(2)} ${arm.key.padEnd(8)} ${fmt(run.rps, 0).padStart(5)} req/s  p50 ${fmt(run.p50Ms).padStart(6)}  p99 ${fmt(run.p99Ms).padStart(6)} ms  loop p99 ${fmt(run.loopP99Ms).padStart(5)}  cpu ${fmt(run.cpuMsPerAnswer, 2)} (loop ${fmt(run.loopCpuMsPerAnswer, 2)}) ms/answer  batch ${fmt(run.meanBatch)} in ${fmt(run.msPerBatch)} ms  load ${load.toFixed(2)}`,
          );
        }
      }
    }
  } finally {
    await Promise.all(arms.map((arm) => stop(arm.child)));
    await rm(project, { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  }
  const meta = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`,
    wrk,
    loads: `${fmt(Math.min(...loads), 2)}–${fmt(Math.max(...loads), 2)} (median ${fmt(median(loads), 2)})`,
  };
  await mkdir(args.out!, { recursive: true });
  await writeFile(
    path.join(args.out!, 'inference-thread.json'),
    JSON.stringify({ ...meta, arms: chosen.map((k) => ({ key: k, ...ARMS[k] })), runs }, null, 2) + '\n',
  );
  const md = report(runs, meta);
  await writeFile(path.join(args.out!, 'inference-thread.md'), md);
  console.log(`\n${md}\nwrote ${args.out}/inference-thread.json and .md`);
}

await main();
