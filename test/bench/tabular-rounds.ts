/**
 * The table figures at one concurrency (default 64), steadier than `npm run bench` on shared CPUs:
 * `node bin/tsx.js test/bench/tabular-rounds.ts` (not part of `npm test`). Interleaved rounds of the
 * JSON baseline (bare node:http + JSON.parse of digits' /predict body) and the cancer table's named
 * row, array row, CSV 1 row and CSV 100 rows on `craneml serve`, so every target meets the same
 * load; the ratios are taken within a round and their medians reported. Writes
 * bench-results/tabular-rounds.json and tabular-rounds.md.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, instance } from '../runtime/helpers.ts';
import { ready, stop } from './children.ts';
import { buildRequest, runLoad } from './load.ts';
import { checkTableRequests, CSV_ROWS, tableBench, TABLE_TARGETS, warmTable } from './tabular.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const OUT_DIR = path.resolve('bench-results');
const BASELINE = 'bare node:http + JSON.parse, /predict body';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const table = await tableBench();
  const baseline = buildRequest(
    'POST',
    '/predict',
    JSON.stringify({ instances: [instance((r, c) => ((r * 28 + c) % 7) / 7)] }),
    'application/json',
  );
  const [port, barePort] = [await freePort(), await freePort()];
  const answer = JSON.stringify({ predictions: [{ label: '7', index: 7, score: 0.9 }], model: { name: 'digits', version: '1.0.0' } });
  const server = spawn(process.execPath, [path.resolve('bin/craneml.js'), 'serve', table.project, '--port', String(port)], {
    env: { ...process.env, CRANEML_API_KEY: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bare = spawn(process.execPath, [path.resolve('bin/tsx.js'), 'test/bench/bare-server.ts', String(barePort), answer, '--parse'], {
    stdio: 'ignore',
  });
  // Requests per second answered 200, by target, one entry a round.
  const rates: Record<string, number[]> = {};
  const loads: number[] = [];
  try {
    await Promise.all([ready(`http://127.0.0.1:${port}/readyz`), ready(`http://127.0.0.1:${barePort}/`, { method: 'POST', body: '{}' })]);
    await checkTableRequests(port, table.requests);
    await warmTable(port, table.requests);
    await runLoad({ port: barePort, request: baseline, concurrency: CONCURRENCY, durationMs: 500, warmupMs: 0 });
    const targets: [string, number, Buffer][] = [
      [BASELINE, barePort, baseline],
      ...table.requests.map((r) => [r.target, port, r.request] as [string, number, Buffer]),
    ];
    for (let round = 1; round <= ROUNDS; round++) {
      loads.push(os.loadavg()[0]!);
      const line: string[] = [];
      for (const [target, at, request] of targets) {
        const result = await runLoad({ port: at, request, concurrency: CONCURRENCY, durationMs: SECONDS * 1000, warmupMs: 500 });
        (rates[target] ??= []).push(result.okRps);
        line.push(
          `${target.replace(/^\/predict table, /, '')} ${result.okRps.toFixed(0)}${result.errors ? ` (${result.errors} non-200)` : ''}`,
        );
      }
      console.log(`round ${round} (load ${loads.at(-1)!.toFixed(1)}): ${line.join(', ')}`);
    }
  } finally {
    await Promise.all([stop(server), stop(bare)]);
  }
  const perRound = (f: (i: number) => number): number => median(Array.from({ length: ROUNDS }, (_, i) => f(i)));
  const rate = (target: string) => (i: number) => rates[target]![i]!;
  const { named, array, csv1, csv100 } = TABLE_TARGETS;
  const medians = Object.fromEntries(Object.entries(rates).map(([target, values]) => [target, median(values)]));
  const ratios = {
    named_vs_json_baseline: perRound((i) => rate(named)(i) / rate(BASELINE)(i)),
    array_vs_json_baseline: perRound((i) => rate(array)(i) / rate(BASELINE)(i)),
    csv1_vs_json_baseline: perRound((i) => rate(csv1)(i) / rate(BASELINE)(i)),
    csv100_rows_vs_json_baseline: perRound((i) => (rate(csv100)(i) * CSV_ROWS) / rate(BASELINE)(i)),
    named_vs_array: perRound((i) => rate(named)(i) / rate(array)(i)),
    csv1_vs_array: perRound((i) => rate(csv1)(i) / rate(array)(i)),
    csv100_rows_vs_array: perRound((i) => (rate(csv100)(i) * CSV_ROWS) / rate(array)(i)),
  };
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    note: `c=${CONCURRENCY}, ${ROUNDS} interleaved rounds of ${SECONDS} s a target after 0.5 s warm-up; answered (200) requests per second; the load generator runs on the same shared CPUs`,
    load_average: loads,
    rates,
    medians,
    csv100_rows_per_second_median: median(rates[csv100]!.map((r) => r * CSV_ROWS)),
    ratios,
  };
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(path.join(OUT_DIR, 'tabular-rounds.json'), JSON.stringify(result, null, 2) + '\n');
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  const md = [
    `# Table predictions at c=${CONCURRENCY} in interleaved rounds (${result.date})`,
    '',
    `Machine: ${result.machine.cpus} CPUs, ${result.machine.model}, Node ${result.machine.node}; ${result.note}. Breast-cancer fixture project (30 named number columns) on \`craneml serve\`; one-minute load average at each round's start: ${loads.map((l) => l.toFixed(1)).join(', ')}.`,
    '',
    `| target | ${Array.from({ length: ROUNDS }, (_, i) => `round ${i + 1}`).join(' | ')} | median |`,
    `| --- | ${'---: | '.repeat(ROUNDS)}---: |`,
    ...Object.entries(rates).map(
      ([target, values]) => `| ${target} | ${values.map((v) => v.toFixed(0)).join(' | ')} | ${median(values).toFixed(0)} |`,
    ),
    '',
    `Medians of the ratios within a round: named / JSON baseline ${pct(ratios.named_vs_json_baseline)}, array / JSON baseline ${pct(ratios.array_vs_json_baseline)}, CSV 1 row / JSON baseline ${pct(ratios.csv1_vs_json_baseline)}, CSV ${CSV_ROWS} rows (rows/s) / JSON baseline (req/s) ${ratios.csv100_rows_vs_json_baseline.toFixed(2)}x; named / array ${ratios.named_vs_array.toFixed(2)}x, CSV 1 row / array ${ratios.csv1_vs_array.toFixed(2)}x, CSV ${CSV_ROWS} rows (rows/s) / array ${ratios.csv100_rows_vs_array.toFixed(2)}x.`,
    '',
  ].join('\n');
  await writeFile(path.join(OUT_DIR, 'tabular-rounds.md'), md);
  console.log(md);
}

await main();
process.exit(0);
