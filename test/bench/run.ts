/**
 * `npm run bench`: requests per second and p50/p99 latency of the model server's /predict and V2
 * infer on the digits model at several concurrency levels, next to two baselines measured in the
 * same run: a bare node:http server answering a fixed JSON body for the same requests (the HTTP
 * ceiling of this machine), the model's in-process inference rate, and the in-process rate of the
 * codec plus the model for the same PNG (one picture at a time on one thread: what the server did
 * before the codec moved to worker threads). Then the same for a table model (test/bench/tabular.ts):
 * named rows, array rows and CSV bodies on /predict, against the JSON baseline and the array path.
 * Writes bench-results/latest.json and latest.md and prints the ratios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Predictor } from '../../main/inference/predictor.ts';
import { digitSamples, digitsProject, freePort } from '../runtime/helpers.ts';
import { buildRequest, runLoad, type LoadResult } from './load.ts';
import {
  answered,
  checkTableRequests,
  inProcessTableRate,
  NAMED_BODY_CEILING,
  TABLE_JSON_BASELINE,
  warmTable,
  tableBench,
  tableMarkdown,
  tableRatios,
  TABLE_TARGETS,
  CSV_ROWS,
} from './tabular.ts';

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32,64').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const OUT_DIR = path.resolve('bench-results');

interface Row extends LoadResult {
  target: string;
  concurrency: number;
}

function spawnAndWait(
  args: string[],
  env: NodeJS.ProcessEnv,
  readyUrl: string | undefined,
  readyLine?: RegExp,
): Promise<{ child: ChildProcess; line?: string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', readyLine ? 'pipe' : 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
    if (readyLine) {
      let out = '';
      child.stdout!.on('data', (chunk) => {
        out += chunk;
        const line = out.split('\n').find((l) => readyLine.test(l));
        if (line) resolve({ child, line });
      });
      return;
    }
    const poll = async (): Promise<void> => {
      for (let i = 0; i < 600; i++) {
        try {
          if ((await fetch(readyUrl!)).status === 200) return resolve({ child });
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      reject(new Error('the server did not become ready'));
    };
    void poll();
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Samples per second of the model itself, in this process, for one-sample and full-batch calls. */
async function inProcessRate(project: string, instance: unknown): Promise<{ batch1: number; batch32: number }> {
  const predictor = await Predictor.open(project);
  const sample = predictor.sampleFromInstance(instance);
  const rate = async (size: number): Promise<number> => {
    const batch = new Array(size).fill(sample);
    for (let i = 0; i < 20; i++) await predictor.runSamples(batch);
    const started = performance.now();
    let samples = 0;
    while (performance.now() - started < SECONDS * 1000) {
      await predictor.runSamples(batch);
      samples += size;
    }
    return samples / ((performance.now() - started) / 1000);
  };
  const result = { batch1: await rate(1), batch32: await rate(32) };
  await predictor.close();
  return result;
}

/** PNGs per second through the codec and the model, one at a time on this thread. */
async function inProcessPngRate(project: string, png: Buffer): Promise<number> {
  const predictor = await Predictor.open(project);
  for (let i = 0; i < 20; i++) await predictor.runSamples([await predictor.sampleFromImage(png)]);
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < SECONDS * 1000) {
    await predictor.runSamples([await predictor.sampleFromImage(png)]);
    done++;
  }
  await predictor.close();
  return done / ((performance.now() - started) / 1000);
}

async function measure(target: string, port: number, request: Buffer, rows: Row[]): Promise<void> {
  for (const concurrency of LEVELS) {
    const result = await runLoad({ port, request, concurrency, durationMs: SECONDS * 1000, warmupMs: 500 });
    rows.push({ target, concurrency, ...result });
    const line = `${target.padEnd(26)} c=${String(concurrency).padStart(3)}  ${result.rps.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(2).padStart(7)} ms  p99 ${result.p99Ms.toFixed(2).padStart(7)} ms`;
    console.log(result.errors ? `${line}  (${result.errors} non-200 answers)` : line);
  }
}

function pct(value: number): string {
  return `${(value * 100).toFixed(0)}%`;
}

function at(rows: Row[], target: string, concurrency: number): Row | undefined {
  return rows.find((r) => r.target === target && r.concurrency === concurrency);
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0]!;
  const project = await digitsProject();
  const [[, png]] = await digitSamples();
  const encoder = await Predictor.open(project);
  const sample = await encoder.sampleFromImage(png!);
  const flat = Array.from(sample.input!.data as Float32Array, (v) => Math.round(v * 1e6) / 1e6);
  const nested = [Array.from({ length: 28 }, (_, r) => flat.slice(r * 28, r * 28 + 28))];
  const predictAnswer = JSON.stringify({
    predictions: await encoder.predict([sample]),
    model: { name: encoder.manifest.name, version: encoder.manifest.version },
  });
  await encoder.close();
  const table = await tableBench();

  const requests = {
    predictJson: buildRequest('POST', '/predict', JSON.stringify({ instances: [nested] }), 'application/json'),
    predictPng: buildRequest('POST', '/predict', png!, 'image/png'),
    v2: buildRequest(
      'POST',
      `/v2/models/digits/infer`,
      JSON.stringify({ inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: flat }] }),
      'application/json',
    ),
  };
  const rows: Row[] = [];
  console.log(
    `CraneML bench: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${SECONDS} s per level\n`,
  );

  const inProcess = await inProcessRate(project, nested);
  const inProcessPng = await inProcessPngRate(project, png!);
  console.log(
    `in-process model rate: ${inProcess.batch1.toFixed(0)} samples/s one at a time, ${inProcess.batch32.toFixed(0)} samples/s in batches of 32; codec + model: ${inProcessPng.toFixed(0)} PNGs/s one at a time\n`,
  );

  const startBare = async (parse: boolean): Promise<{ port: number; child: ChildProcess }> => {
    const port = await freePort();
    const args = [path.resolve('bin/tsx.js'), 'test/bench/bare-server.ts', String(port), predictAnswer, ...(parse ? ['--parse'] : [])];
    return { port, child: (await spawnAndWait(args, {}, undefined, /^listening/)).child };
  };
  for (const parse of [false, true]) {
    const bare = await startBare(parse);
    try {
      await measure(`bare node:http${parse ? ' + JSON.parse' : ''}, /predict body`, bare.port, requests.predictJson, rows);
      await measure(`bare node:http${parse ? ' + JSON.parse' : ''}, V2 body`, bare.port, requests.v2, rows);
    } finally {
      await stop(bare.child);
    }
  }

  const port = await freePort();
  const served = await spawnAndWait(
    [path.resolve('bin/craneml.js'), 'serve', project, '--port', String(port)],
    { CRANEML_API_KEY: '' },
    `http://127.0.0.1:${port}/readyz`,
  );
  let metrics = '';
  try {
    await measure('/predict JSON instances', port, requests.predictJson, rows);
    await measure('V2 infer FP32', port, requests.v2, rows);
    await measure('/predict PNG body', port, requests.predictPng, rows);
    metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  } finally {
    await stop(served.child);
    await rm(project, { recursive: true, force: true });
  }

  // The tables get their own JSON baseline and in-process rate, measured next to them: on CPUs shared
  // with other work, the load of a few minutes earlier is not the load they run under.
  const inProcessTable = await inProcessTableRate(table.project, table.row, SECONDS);
  console.log(
    `\ntable in process (Predictor.predict, named row): ${inProcessTable.batch1.toFixed(0)} rows/s one a call, ${inProcessTable.batch32.toFixed(0)} rows/s 32 a call`,
  );
  const bareTable = await startBare(true);
  try {
    await measure(TABLE_JSON_BASELINE, bareTable.port, requests.predictJson, rows);
    await measure(NAMED_BODY_CEILING, bareTable.port, buildRequest('POST', '/predict', table.namedBody, 'application/json'), rows);
  } finally {
    await stop(bareTable.child);
  }
  const tablePort = await freePort();
  const tableServer = await spawnAndWait(
    [path.resolve('bin/craneml.js'), 'serve', table.project, '--port', String(tablePort)],
    { CRANEML_API_KEY: '' },
    `http://127.0.0.1:${tablePort}/readyz`,
  );
  try {
    await checkTableRequests(tablePort, table.requests);
    await warmTable(tablePort, table.requests);
    for (const { target, request } of table.requests) await measure(target, tablePort, request, rows);
  } finally {
    await stop(tableServer.child);
  }

  const mean = (name: string) =>
    Number(metrics.match(new RegExp(`^${name}_sum (\\S+)`, 'm'))?.[1]) /
    Number(metrics.match(new RegExp(`^${name}_count (\\S+)`, 'm'))?.[1]);
  const ratio = (target: string, baseline: string, c: number) => (at(rows, target, c)?.rps ?? NaN) / (at(rows, baseline, c)?.rps ?? NaN);
  const ratioTo = (target: string, http: string, c: number) =>
    (at(rows, target, c)?.rps ?? NaN) / Math.min(at(rows, http, c)?.rps ?? NaN, inProcess.batch32);
  const ratios = Object.fromEntries(
    LEVELS.map((c) => [
      c,
      {
        predict_json_vs_http_ceiling: ratio('/predict JSON instances', 'bare node:http, /predict body', c),
        v2_vs_http_ceiling: ratio('V2 infer FP32', 'bare node:http, V2 body', c),
        predict_png_vs_http_ceiling: ratio('/predict PNG body', 'bare node:http, /predict body', c),
        predict_json_vs_json_ceiling: ratio('/predict JSON instances', 'bare node:http + JSON.parse, /predict body', c),
        v2_vs_json_ceiling: ratio('V2 infer FP32', 'bare node:http + JSON.parse, V2 body', c),
        predict_json_vs_in_process_batch1: (at(rows, '/predict JSON instances', c)?.rps ?? NaN) / inProcess.batch1,
        // Answered (200) PNG requests per second against the in-process codec + model rate on one thread.
        predict_png_vs_in_process_codec_model: (at(rows, '/predict PNG body', c)?.okRps ?? NaN) / inProcessPng,
        // The best any server could do here: the slower of the HTTP ceiling and the model's batched rate.
        predict_json_vs_machine_ceiling: ratioTo('/predict JSON instances', 'bare node:http, /predict body', c),
        v2_vs_machine_ceiling: ratioTo('V2 infer FP32', 'bare node:http, V2 body', c),
      },
    ]),
  );
  const tableRatiosAt = Object.fromEntries(LEVELS.map((c) => [c, tableRatios((target) => at(rows, target, c), inProcessTable)]));
  const loadAtEnd = os.loadavg()[0]!;
  const pkg = JSON.parse(await readFile('package.json', 'utf8'));
  const results = {
    date: new Date().toISOString(),
    version: pkg.version,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${process.platform}/${process.arch}` },
    seconds_per_level: SECONDS,
    in_process_samples_per_second: inProcess,
    in_process_png_per_second: inProcessPng,
    mean_batch_size: mean('craneml_batch_size'),
    rows,
    ratios,
    table: {
      project: 'test/fixtures/tabular/onnx-tables/cancer',
      columns: table.columns,
      csv_rows_per_request: CSV_ROWS,
      in_process_rows_per_second: inProcessTable,
      ratios: tableRatiosAt,
      // Other work on the machine's CPUs during the run: one-minute load average at its start and end.
      load_average: [loadAtStart, loadAtEnd],
    },
  };
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(path.join(OUT_DIR, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  await writeFile(
    path.join(OUT_DIR, 'latest.md'),
    markdown(results, rows, ratios) +
      '\n' +
      tableMarkdown(table.columns, [loadAtStart, loadAtEnd], inProcessTable, (c) => (target) => at(rows, target, c), tableRatiosAt),
  );

  console.log(`\nmean batch size in the server: ${results.mean_batch_size.toFixed(2)}`);
  for (const c of LEVELS) {
    const r = ratios[c]!;
    console.log(
      `c=${String(c).padStart(3)}: of the HTTP ceiling: /predict JSON ${pct(r.predict_json_vs_http_ceiling)}, V2 ${pct(r.v2_vs_http_ceiling)}, PNG ${pct(r.predict_png_vs_http_ceiling)}; of the JSON ceiling: /predict ${pct(r.predict_json_vs_json_ceiling)}, V2 ${pct(r.v2_vs_json_ceiling)}; /predict JSON = ${r.predict_json_vs_in_process_batch1.toFixed(2)}x the in-process one-at-a-time rate; of the machine ceiling: /predict JSON ${pct(r.predict_json_vs_machine_ceiling)}, V2 ${pct(r.v2_vs_machine_ceiling)}`,
    );
  }
  for (const c of LEVELS) {
    const row = at(rows, '/predict PNG body', c);
    if (row)
      console.log(
        `PNG c=${String(c).padStart(3)}: ${row.okRps.toFixed(0)} answered req/s, p99 ${row.okP99Ms.toFixed(1)} ms, ${ratios[c]!.predict_png_vs_in_process_codec_model.toFixed(2)}x the in-process codec + model rate${row.errors ? ` (${row.errors} shed or failed)` : ''}`,
      );
  }
  for (const c of LEVELS) {
    const r = tableRatiosAt[c]!;
    const ok = (target: string, per = 1) => (answered((t) => at(rows, t, c), target) * per).toFixed(0);
    console.log(
      `table c=${String(c).padStart(3)}: answered named ${ok(TABLE_TARGETS.named)}, array ${ok(TABLE_TARGETS.array)}, CSV 1 row ${ok(TABLE_TARGETS.csv1)} req/s, CSV ${CSV_ROWS} rows ${ok(TABLE_TARGETS.csv100, CSV_ROWS)} rows/s; of the JSON baseline: named ${pct(r.named_vs_json_baseline)}, array ${pct(r.array_vs_json_baseline)}, CSV 1 ${pct(r.csv1_vs_json_baseline)}; named = ${r.named_vs_array.toFixed(2)}x array, CSV 1 = ${r.csv1_vs_array.toFixed(2)}x, CSV ${CSV_ROWS} = ${r.csv100_rows_vs_array.toFixed(2)}x in rows/s`,
    );
  }
  const goal = ratios[32]?.predict_json_vs_http_ceiling;
  if (goal !== undefined)
    console.log(`\ngoal (>= 70% of the HTTP ceiling at concurrency 32): ${goal >= 0.7 ? 'met' : 'NOT met'} (${(goal * 100).toFixed(0)}%)`);
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'latest.json'))} and latest.md`);
}

function markdown(
  results: {
    date: string;
    machine: Record<string, unknown>;
    in_process_samples_per_second: { batch1: number; batch32: number };
    in_process_png_per_second: number;
    mean_batch_size: number;
  },
  rows: Row[],
  ratios: Record<number, Record<string, number>>,
): string {
  const lines = [
    `# CraneML bench (${results.date})`,
    '',
    `Machine: ${results.machine.cpus} CPUs, ${results.machine.model}, Node ${results.machine.node}. ${SECONDS} s per level after 0.5 s warm-up; closed-loop keep-alive connections.`,
    '',
    `In-process model rate (digits): ${results.in_process_samples_per_second.batch1.toFixed(0)} samples/s one at a time, ${results.in_process_samples_per_second.batch32.toFixed(0)} samples/s in batches of 32. Codec + model in process: ${results.in_process_png_per_second.toFixed(0)} PNGs/s one at a time. Mean batch size in the server: ${results.mean_batch_size.toFixed(2)}.`,
    '',
    '| target | concurrency | req/s | p50 ms | p99 ms | non-200 |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) => `| ${r.target} | ${r.concurrency} | ${r.rps.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} |`,
    ),
    '',
    'Ratios of requests per second. HTTP ceiling: bare node:http reading the same request and answering a fixed body. JSON ceiling: the same, plus JSON.parse of the body. Machine ceiling: the lower of the HTTP ceiling and the in-process model rate in batches of 32 (one sample a request), the most any server could answer here.',
    '',
    '| concurrency | /predict PNG (200s) / in-process codec + model | /predict JSON / HTTP ceiling | V2 / HTTP ceiling | /predict PNG / HTTP ceiling | /predict JSON / JSON ceiling | V2 / JSON ceiling | /predict JSON / in-process (batch 1) | /predict JSON / machine ceiling | V2 / machine ceiling |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(ratios).map(
      ([c, r]) =>
        `| ${c} | ${r.predict_png_vs_in_process_codec_model!.toFixed(2)}x | ${pct(r.predict_json_vs_http_ceiling!)} | ${pct(r.v2_vs_http_ceiling!)} | ${pct(r.predict_png_vs_http_ceiling!)} | ${pct(r.predict_json_vs_json_ceiling!)} | ${pct(r.v2_vs_json_ceiling!)} | ${r.predict_json_vs_in_process_batch1!.toFixed(2)}x | ${pct(r.predict_json_vs_machine_ceiling!)} | ${pct(r.v2_vs_machine_ceiling!)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

await main();
process.exit(0);
