/**
 * `npm run bench:python`: the same pickle (the log1p breast-cancer pipeline no converter takes,
 * test/fixtures/python/log1p-cancer) served by CraneML's Python runtime image and by a hand-written
 * FastAPI + uvicorn server (peers/fastapi-sklearn.py) on the same Python base, one named row a request
 * measured by wrk at c=1 and c=64 in interleaved rounds (each server started afresh once a round, the same
 * order each round). Also: `craneml build` times (the first, and a model-only rebuild), the image sizes,
 * and container start → first answered prediction. Not part of `npm test`; needs Docker, the local
 * bases and the set-up's fixtures.
 *
 * Options: --rounds 3, --duration 5 (seconds a level), --warmup 1 (seconds at c=64 before each
 * server's levels), --cold (the first build makes a dependency image of its own: the same packages
 * plus a pin of one they install anyway, so the figure includes pip and no one else's image is
 * touched; removed at the end), --out DIR (default bench-results).
 * Writes <out>/python-runtime.json and python-runtime.md; removes the images and containers it made
 * (the dependency image of the usual build stays: it is CraneML's cache, as the converter image is).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../../main/docker/host-port.ts';
import { buildFastapiImage, fastapiVersions, startFastapi } from './peers/fastapi-sklearn.ts';
import { run } from './peers/proc.ts';
import { runWrk, wrkVersion, type WrkResult } from './peers/wrk.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    cold: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
  },
});
const ROUNDS = Number(args.rounds);
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const LEVELS = [1, 64];
const OUT = path.resolve(args.out!);
const BIN = path.resolve('bin/craneml.js');
const FIXTURE = path.resolve('test/fixtures/python/log1p-cancer');
const POST_BODY_LUA = path.resolve('test/bench/peers/lua/post-body.lua');
const SERVERS = ['craneml-python', 'fastapi'] as const;
/** See --cold. */
const COLD_PIN = 'threadpoolctl==3.8.0';
type Server = (typeof SERVERS)[number];
const started = performance.now();

function log(line: string): void {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The CLI as users run it, its conversions cached in `cache`; rejects with its output on failure. */
async function craneml(cache: string, ...cliArgs: string[]): Promise<{ seconds: number; stdout: string }> {
  const t = performance.now();
  const stdout = await run(process.execPath, [BIN, ...cliArgs], { env: { ...process.env, CRANEML_CACHE_DIR: cache } });
  return { seconds: (performance.now() - t) / 1000, stdout };
}

async function imageSize(image: string): Promise<number> {
  return Number((await run('docker', ['image', 'inspect', image, '--format', '{{.Size}}'])).trim());
}

async function layers(image: string): Promise<string[]> {
  return JSON.parse(await run('docker', ['image', 'inspect', image, '--format', '{{json .RootFS.Layers}}'])) as string[];
}

/** The tagged images whose layers all lie at the bottom of `image`'s (the dependency image it was built FROM). */
async function dependencyImages(image: string): Promise<string[]> {
  const own = await layers(image);
  const tags = (await run('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
  const found: string[] = [];
  for (const tag of tags.filter((t) => /python-deps/.test(t))) {
    const theirs = await layers(tag).catch(() => []);
    if (theirs.length > 0 && theirs.every((layer, i) => own[i] === layer)) found.push(tag);
  }
  return found;
}

/** Posts `body` every 25 ms until a 200; resolves with Date.now() of that answer. */
async function firstAnswer(url: string, body: string, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
      await response.arrayBuffer();
      if (response.status === 200) return Date.now();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} gave no 200 within ${timeoutMs / 1000} s`);
}

/** Milliseconds from the container's start (Docker's State.StartedAt) to `readyAt`. */
async function startToReady(container: string, readyAt: number): Promise<number> {
  const startedAt = (await run('docker', ['inspect', container, '--format', '{{.State.StartedAt}}'])).trim();
  return readyAt - Date.parse(startedAt);
}

interface Measurement {
  server: Server;
  round: number;
  concurrency: number;
  loadAverage: number;
  result: WrkResult;
}

async function main(): Promise<void> {
  const wrk = await wrkVersion();
  if (!wrk) throw new Error('wrk is not installed: apt-get install -y wrk (scripts/setup.sh installs it)');
  const expected = JSON.parse(await readFile(path.join(FIXTURE, 'expectations.json'), 'utf8')) as {
    rows: Record<string, unknown>[];
    answers: { label: string }[];
  };
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bench-python-'));
  const cache = path.join(tmp, 'cache');
  const project = path.join(tmp, 'project');
  const image = `craneml-bench/python-runtime:${process.pid}`;
  const fastapiImage = `craneml-bench/fastapi-sklearn:${process.pid}`;
  const containers: string[] = [];
  /** The dependency image a --cold first build made: this run's, removed at the end. */
  const coldDeps: string[] = [];
  const body = JSON.stringify({ instances: [expected.rows[0]] });
  const bodyFile = path.join(tmp, 'row.json');
  await writeFile(bodyFile, body);
  try {
    log('init: the pickle through the converter (it fails), then the Python runtime');
    await craneml(cache, 'init', path.join(FIXTURE, 'log1p-cancer.pkl'), '-o', project, '--name', 'log1p-cancer');
    const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as { runtime?: string };
    if (manifest.runtime !== 'python') throw new Error(`init wrote runtime ${manifest.runtime}, not python`);

    const builds: Record<string, number | boolean | string[]> = { cold: args.cold! };
    if (args.cold) {
      // A dependency set no build has made yet, with the same packages installed: threadpoolctl is
      // scikit-learn's own dependency, pinned at the version pip installs anyway. Its image is this run's.
      const pinned = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as { python: { requirements: string[] } };
      pinned.python.requirements.push(COLD_PIN);
      await writeFile(path.join(project, 'craneml.json'), JSON.stringify(pinned, null, 2) + '\n');
      const cold = await craneml(cache, 'build', project, '-t', image);
      coldDeps.push(...(await dependencyImages(image)));
      builds.first_seconds = cold.seconds;
      log(`first build (its dependency image made: ${coldDeps.join(', ') || 'none found'}): ${cold.seconds.toFixed(1)} s`);
      await run('docker', ['image', 'rm', image]);
      await craneml(cache, 'init', path.join(FIXTURE, 'log1p-cancer.pkl'), '-o', project, '--name', 'log1p-cancer', '--force');
    }
    const warm = await craneml(cache, 'build', project, '-t', image);
    builds.dependency_images = await dependencyImages(image);
    builds.with_dependency_image_seconds = warm.seconds;
    if (!args.cold) builds.first_seconds = warm.seconds;
    log(`build (dependency image ${(builds.dependency_images as string[]).join(', ') || 'none found'}): ${warm.seconds.toFixed(1)} s`);
    await craneml(cache, 'init', path.join(FIXTURE, 'variant', 'log1p-cancer.pkl'), '-o', project, '--name', 'log1p-cancer', '--force');
    const rebuild = await craneml(cache, 'build', project, '-t', image);
    builds.model_only_rebuild_seconds = rebuild.seconds;
    log(`model-only rebuild: ${rebuild.seconds.toFixed(1)} s`);
    // Back to the fixture's model, whose answers expectations.json holds.
    await craneml(cache, 'init', path.join(FIXTURE, 'log1p-cancer.pkl'), '-o', project, '--name', 'log1p-cancer', '--force');
    await craneml(cache, 'build', project, '-t', image);

    const fastapiBuild = await buildFastapiImage(path.join(FIXTURE, 'log1p-cancer.pkl'), fastapiImage);
    log(`FastAPI image: ${fastapiBuild.toFixed(1)} s`);
    const sizes = { 'craneml-python': await imageSize(image), fastapi: await imageSize(fastapiImage) };

    const startup: Record<Server, number[]> = { 'craneml-python': [], fastapi: [] };
    const cliRun: number[] = [];
    const measurements: Measurement[] = [];
    const loadBefore = os.loadavg();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const server of SERVERS) {
        const port = await freePort();
        const container = `craneml-bench-${server}-${process.pid}-${round}`;
        containers.push(container);
        const url = `http://127.0.0.1:${port}/predict`;
        const answered = firstAnswer(url, body);
        if (server === 'craneml-python') {
          const t = await craneml(cache, 'run', image, '--port', String(port), '--name', container, '--timeout', '300');
          cliRun.push(t.seconds);
        } else {
          await startFastapi(fastapiImage, container, port);
        }
        const readyAt = await answered;
        startup[server].push(await startToReady(container, readyAt));
        const answer = (await (await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } })).json()) as {
          predictions: { label: string }[];
        };
        if (answer.predictions[0]?.label !== expected.answers[0]!.label)
          throw new Error(`${server} answered ${JSON.stringify(answer)}, scikit-learn ${expected.answers[0]!.label}`);
        const request = { url, script: POST_BODY_LUA, bodyFile, contentType: 'application/json' };
        if (WARMUP_S > 0) await runWrk({ ...request, concurrency: 64, durationS: WARMUP_S });
        for (const concurrency of LEVELS) {
          const loadAverage = os.loadavg()[0]!;
          const result = await runWrk({ ...request, concurrency, durationS: DURATION_S });
          measurements.push({ server, round, concurrency, loadAverage, result });
          log(
            `round ${round}: ${server.padEnd(14)} c=${String(concurrency).padStart(2)} ${result.okRps.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms.toFixed(1)} ms  p99 ${result.p99Ms.toFixed(1)} ms${result.errors ? `  ${result.errors} errors` : ''}  (load ${loadAverage.toFixed(1)})`,
          );
        }
        await run('docker', ['rm', '-f', container]);
      }
    }

    const rate = (server: Server, c: number, round: number): number =>
      measurements.find((m) => m.server === server && m.concurrency === c && m.round === round)!.result.okRps;
    const rounds = Array.from({ length: ROUNDS }, (_, i) => i + 1);
    const summary = Object.fromEntries(
      LEVELS.map((c) => [
        `c${c}`,
        {
          'craneml-python_rps_median': median(rounds.map((r) => rate('craneml-python', c, r))),
          fastapi_rps_median: median(rounds.map((r) => rate('fastapi', c, r))),
          /** Within each round, then the median: both servers met the same load. */
          ratio_median: median(rounds.map((r) => rate('craneml-python', c, r) / rate('fastapi', c, r))),
          'craneml-python_p99_ms_median': median(
            measurements.filter((m) => m.server === 'craneml-python' && m.concurrency === c).map((m) => m.result.p99Ms),
          ),
          fastapi_p99_ms_median: median(
            measurements.filter((m) => m.server === 'fastapi' && m.concurrency === c).map((m) => m.result.p99Ms),
          ),
        },
      ]),
    ) as Record<string, Record<string, number>>;
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      settings: { rounds: ROUNDS, durationS: DURATION_S, warmupS: WARMUP_S, concurrency: LEVELS, wrk },
      model:
        'test/fixtures/python/log1p-cancer/log1p-cancer.pkl: Pipeline(FunctionTransformer(np.log1p), LogisticRegression), 30 named columns',
      builds,
      image_bytes: sizes,
      fastapi_build_seconds: fastapiBuild,
      fastapi_packages: await fastapiVersions(fastapiImage),
      start_to_ready_ms: startup,
      start_to_ready_ms_median: { 'craneml-python': median(startup['craneml-python']), fastapi: median(startup.fastapi) },
      craneml_run_seconds: cliRun,
      load_average_before: loadBefore,
      load_average_after: os.loadavg(),
      summary,
      measurements,
    };
    await mkdir(OUT, { recursive: true });
    await writeFile(path.join(OUT, 'python-runtime.json'), JSON.stringify(result, null, 2) + '\n');
    const md = markdown(result);
    await writeFile(path.join(OUT, 'python-runtime.md'), md);
    console.log('\n' + md);
  } finally {
    for (const container of containers) await run('docker', ['rm', '-f', container]).catch(() => undefined);
    for (const tag of [image, fastapiImage, ...coldDeps]) await run('docker', ['image', 'rm', '-f', tag]).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

function markdown(r: {
  date: string;
  machine: { cpus: number; model: string; node: string };
  settings: { rounds: number; durationS: number; warmupS: number; wrk: string };
  model: string;
  builds: Record<string, unknown>;
  image_bytes: Record<Server, number>;
  fastapi_build_seconds: number;
  start_to_ready_ms: Record<Server, number[]>;
  start_to_ready_ms_median: Record<Server, number>;
  load_average_before: number[];
  load_average_after: number[];
  summary: Record<string, Record<string, number>>;
  measurements: Measurement[];
}): string {
  const b = r.builds as {
    first_seconds: number;
    with_dependency_image_seconds?: number;
    model_only_rebuild_seconds: number;
    cold: boolean;
  };
  const cell = (server: Server, c: number, round: number) =>
    r.measurements.find((m) => m.server === server && m.concurrency === c && m.round === round)!.result;
  return [
    `# The Python runtime against a hand-written FastAPI server (${r.date})`,
    '',
    `Machine: ${r.machine.cpus} CPUs, ${r.machine.model}, Node ${r.machine.node}; wrk ${r.settings.wrk} on the same CPUs. One-minute load average ${r.load_average_before[0]!.toFixed(1)} at the start, ${r.load_average_after[0]!.toFixed(1)} at the end (the CPUs are shared with other work).`,
    `Model: ${r.model}. Both servers run on the host network from images on \`craneml/local-base:python3.11\` with the same scikit-learn pins; one named row a request (\`{"instances": [row]}\`). FastAPI + uvicorn as people write it (test/bench/peers/fastapi-sklearn.py: joblib.load, a DataFrame of the posted rows, predict_proba; one uvicorn process, uvloop and httptools). ${r.settings.rounds} interleaved rounds, each server started afresh in every round, ${r.settings.warmupS} s warm-up at c=64, ${r.settings.durationS} s a level.`,
    '',
    '| | CraneML Python runtime | FastAPI by hand |',
    '| --- | ---: | ---: |',
    ...LEVELS.map((c) => {
      const s = r.summary[`c${c}`]!;
      return `| req/s at c=${c} (median) | ${s['craneml-python_rps_median']!.toFixed(0)} | ${s.fastapi_rps_median!.toFixed(0)} |`;
    }),
    ...LEVELS.map((c) => {
      const s = r.summary[`c${c}`]!;
      return `| p99 at c=${c} (median), ms | ${s['craneml-python_p99_ms_median']!.toFixed(1)} | ${s.fastapi_p99_ms_median!.toFixed(1)} |`;
    }),
    `| container start → first answered prediction (median), s | ${(r.start_to_ready_ms_median['craneml-python'] / 1000).toFixed(1)} | ${(r.start_to_ready_ms_median.fastapi / 1000).toFixed(1)} |`,
    `| image size | ${mb(r.image_bytes['craneml-python'])} | ${mb(r.image_bytes.fastapi)} |`,
    '',
    `Ratio CraneML / FastAPI (within each round, median): c=1 ${r.summary.c1!.ratio_median!.toFixed(2)}x, c=64 ${r.summary.c64!.ratio_median!.toFixed(2)}x.`,
    '',
    `Builds (\`craneml build\`, the CLI as users run it): first ${b.first_seconds.toFixed(1)} s${b.cold ? ` (pip installing every package into a new dependency image; with that image already made ${b.with_dependency_image_seconds!.toFixed(1)} s)` : ' (run with --cold for a build that makes its dependency image)'}, model-only rebuild ${b.model_only_rebuild_seconds.toFixed(1)} s; the FastAPI image's \`docker build\` ${r.fastapi_build_seconds.toFixed(1)} s (Docker's layer cache applies).`,
    '',
    '| round | server | c | req/s | p50 ms | p99 ms | errors |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.measurements.map((m) => {
      const w = cell(m.server, m.concurrency, m.round);
      return `| ${m.round} | ${m.server} | ${m.concurrency} | ${w.okRps.toFixed(0)} | ${w.p50Ms.toFixed(1)} | ${w.p99Ms.toFixed(1)} | ${w.errors} |`;
    }),
    '',
  ].join('\n');
}

await main();
process.exit(0);
