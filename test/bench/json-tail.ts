/**
 * The JSON tail at concurrency 64: `node bin/tsx.js test/bench/json-tail.ts` (not part of `npm test`).
 * Five interleaved rounds of a bare node:http server that JSON.parses the same body (the machine's own
 * tail: scheduling, the shared CPUs) and the bundled model server as images run it, with the server's
 * event-loop delay and GC pauses per round (test/bench/event-loop-probe.mjs). Writes
 * bench-results/json-tail.json and json-tail.md. The goal: p99 under 3x p50 in every round.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareRuntime } from '../../main/runtimes/node/runtime-cache.ts';
import { digitsProject, freePort, instance } from '../runtime/helpers.ts';
import { ready, stop } from './children.ts';
import { buildRequest, runLoad } from './load.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const OUT_DIR = path.resolve('bench-results');

interface Round {
  round: number;
  target: 'bare node:http + JSON.parse' | 'CraneML /predict JSON';
  rps: number;
  p50Ms: number;
  p99Ms: number;
  ratio: number;
  errors: number;
  load: number;
  probe?: Record<string, number>;
}

async function main(): Promise<void> {
  const runtime = await prepareRuntime('onnx', process.arch === 'arm64' ? 'arm64' : 'x64');
  const project = await digitsProject();
  const [port, barePort] = [await freePort(), await freePort()];
  const probes: Record<string, number>[] = [];
  const server = spawn(
    process.execPath,
    ['--import', path.resolve('test/bench/event-loop-probe.mjs'), path.join(runtime.dir, 'server.mjs')],
    {
      env: { ...process.env, CRANEML_PROJECT: project, PORT: String(port), HOST: '127.0.0.1', CRANEML_LOG: 'off', CRANEML_API_KEY: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  server.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const match of chunk.matchAll(/^probe (\{.*\})$/gm)) probes.push(JSON.parse(match[1]!) as Record<string, number>);
  });
  const answer = JSON.stringify({ predictions: [{ label: '7', index: 7, score: 0.9 }], model: { name: 'digits', version: '1.0.0' } });
  const bare = spawn(process.execPath, [path.resolve('bin/tsx.js'), 'test/bench/bare-server.ts', String(barePort), answer, '--parse'], {
    stdio: 'ignore',
  });
  const rounds: Round[] = [];
  try {
    await Promise.all([ready(`http://127.0.0.1:${port}/readyz`), ready(`http://127.0.0.1:${barePort}/`, { method: 'POST', body: '{}' })]);
    const request = buildRequest(
      'POST',
      '/predict',
      JSON.stringify({ instances: [instance((r, c) => ((r * 28 + c) % 7) / 7)] }),
      'application/json',
    );
    await runLoad({ port, request, concurrency: CONCURRENCY, durationMs: 2000, warmupMs: 500 }); // warm-up
    await runLoad({ port: barePort, request, concurrency: CONCURRENCY, durationMs: 1000, warmupMs: 500 });
    server.kill('SIGUSR2');
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [target, at] of [
        ['bare node:http + JSON.parse', barePort],
        ['CraneML /predict JSON', port],
      ] as const) {
        const load = os.loadavg()[0]!;
        const probed = probes.length;
        const result = await runLoad({ port: at, request, concurrency: CONCURRENCY, durationMs: SECONDS * 1000, warmupMs: 500 });
        if (at === port) server.kill('SIGUSR2');
        await new Promise((r) => setTimeout(r, 300));
        const row: Round = {
          round,
          target,
          rps: result.rps,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          ratio: result.p99Ms / result.p50Ms,
          errors: result.errors,
          load,
          ...(at === port && probes.length > probed ? { probe: probes.at(-1) } : {}),
        };
        rounds.push(row);
        console.log(
          `round ${round} ${target.padEnd(28)} ${row.rps.toFixed(0).padStart(5)} req/s  p50 ${row.p50Ms.toFixed(1).padStart(6)} ms  p99 ${row.p99Ms.toFixed(1).padStart(6)} ms  p99/p50 ${row.ratio.toFixed(2)}  load ${load.toFixed(2)}${row.probe ? `  ${JSON.stringify(row.probe)}` : ''}`,
        );
      }
    }
  } finally {
    await Promise.all([stop(server), stop(bare)]);
    await rm(project, { recursive: true, force: true });
  }
  const craneml = rounds.filter((r) => r.target === 'CraneML /predict JSON');
  const worst = Math.max(...craneml.map((r) => r.ratio));
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    note: `c=${CONCURRENCY}, ${SECONDS} s a round after 0.5 s warm-up; the load generator runs on the same shared CPUs`,
    goal_met: worst < 3,
    worst_ratio: worst,
    rounds,
  };
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(path.join(OUT_DIR, 'json-tail.json'), JSON.stringify(result, null, 2) + '\n');
  const md = [
    `# JSON tail at c=${CONCURRENCY} (${result.date})`,
    '',
    `Machine: ${result.machine.cpus} CPUs, ${result.machine.model}, Node ${result.machine.node}; ${result.note}. Server probe: the model server's event-loop delay and GC pauses in the round.`,
    '',
    '| round | target | req/s | p50 ms | p99 ms | p99/p50 | load average | loop delay p99 / max ms | GC pauses (total / longest ms) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rounds.map(
      (r) =>
        `| ${r.round} | ${r.target} | ${r.rps.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.load.toFixed(2)} | ${r.probe ? `${r.probe.loopP99Ms} / ${r.probe.loopMaxMs}` : ''} | ${r.probe ? `${r.probe.gcCount}: ${r.probe.gcTotalMs} / ${r.probe.gcMaxMs}` : ''} |`,
    ),
    '',
    `CraneML's worst p99/p50: ${worst.toFixed(2)} (goal: under 3 in every round: ${result.goal_met ? 'met' : 'NOT met'}).`,
    '',
  ].join('\n');
  await writeFile(path.join(OUT_DIR, 'json-tail.md'), md);
  console.log(`worst CraneML p99/p50 ${worst.toFixed(2)}; wrote bench-results/json-tail.json and json-tail.md`);
}

await main();
