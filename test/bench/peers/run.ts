/**
 * `npm run bench:peers`: CraneML against the Python servers people use for the same job, on the
 * same digits ONNX model and the same requests, measured by the same load generator (wrk).
 *
 * Servers: `craneml serve`, CraneML's built image (host networking), FastAPI + uvicorn (1 and 2
 * workers), BentoML (batchable API), LitServe (max_batch_size) and MLServer (custom runtime, V2),
 * each Python peer in its own venv under ~/.cache/craneml/peers/<peer> (made once from PyPI at the
 * pinned versions of requirements/<peer>.txt, then reused). Workloads, where a server takes them:
 * a JSON tensor, a PNG as the body, a PNG in a multipart form, a V2 infer request. Concurrency 1, 8
 * and 64 in interleaved rounds (every server once per round, the same order each round), medians
 * and min–max over the rounds. The load client runs on the same CPUs as the server.
 * Tabular workloads (tabular/): two pickled scikit-learn pipelines, 1 and 100 rows a request, JSON
 * and CSV, served by CraneML (ONNX: serve and image; the Python runtime's image on the pickle) and
 * on the same pickle by FastAPI by hand, BentoML, mlserver-sklearn and `mlflow models serve`.
 *
 * Options: --duration 3s (per level), --warmup 1s (per workload and round, at the highest level),
 * --rounds 3, --concurrency 1,8,64, --servers key,key (a tabular server by its key, e.g. mlflow@cancer,
 * or by the part before "@" for both models), --workloads json,png,multipart,v2,cancer-1-json,…
 * (`digits` and `tabular` name each group; tabular names are <cancer|boosted>-<1|100>-<json|csv>),
 * --out DIR (default bench-results), --quick (1 s per level, 1 round, written to a temporary folder),
 * --skip-image-sizes (with tabular servers, the bench ends by building mlflow's and BentoML's images of
 * the first model, after every measurement: tabular/image-sizes.ts).
 * Durations are whole seconds (wrk's unit); --warmup 0 skips the warm-up.
 * Writes <out>/peers.json, peers.md and peers.png.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { digitsProject, freePort } from '../../runtime/helpers.ts';
import { describeSpeed, machineSpeed } from '../machine-speed.ts';
import { DIGITS_CONTENT_TYPE, writeDigitsBodies } from './digits-bodies.ts';
import { run } from './proc.ts';
import { renderChart, renderMarkdown, summarize, type Measurement, type RawResults, type ServerFacts } from './report.ts';
import {
  DIGITS_WORKLOADS,
  ensureVenv,
  installedBytes,
  PEERS,
  serverSpecs,
  tabularDir,
  venvVersions,
  WORKLOADS,
  type Context,
  type DigitsWorkload,
  type Peer,
  type ServerSpec,
  type Started,
  type Workload,
} from './servers.ts';
import { tabularModelOf, tabularRole, tabularSpecs } from './tabular/servers.ts';
import { peerImageSizes } from './tabular/image-sizes.ts';
import { prepareTabularModels, tabularFiles } from './tabular/setup.ts';
import { TABULAR_WORKLOADS, type TabularModel } from './tabular/workloads.ts';
import { runWrk, wrkVersion } from './wrk.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const POST_BODY_LUA = path.join(HERE, 'lua', 'post-body.lua');
const BIN = path.resolve(HERE, '../../../bin/craneml.js');

/** "5s" → 5: wrk takes whole seconds. */
function seconds(value: string): number {
  const m = /^(\d+)s?$/.exec(value);
  if (!m || Number(m[1]) < 1) throw new Error(`not a duration in whole seconds: ${value} (e.g. 5s)`);
  return Number(m[1]);
}

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    concurrency: { type: 'string' },
    servers: { type: 'string' },
    workloads: { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'skip-image-sizes': { type: 'boolean', default: false },
  },
});
const QUICK = args.quick!;
const DURATION_S = seconds(args.duration ?? (QUICK ? '1s' : '3s'));
const WARMUP_S = args.warmup === '0' ? 0 : seconds(args.warmup ?? '1s');
const ROUNDS = Number(args.rounds ?? (QUICK ? 1 : 3));
const LEVELS = (args.concurrency ?? '1,8,64').split(',').map(Number);
const ONLY_SERVERS = args.servers?.split(',');
const WORKLOAD_GROUPS: Record<string, Workload[]> = { digits: DIGITS_WORKLOADS, tabular: TABULAR_WORKLOADS };
const ONLY_WORKLOADS = args.workloads?.split(',').flatMap((name): Workload[] => {
  if (WORKLOAD_GROUPS[name]) return WORKLOAD_GROUPS[name];
  if (!(WORKLOADS as string[]).includes(name)) throw new Error(`unknown workload ${name}: one of digits, tabular, ${WORKLOADS.join(', ')}`);
  return [name as Workload];
});
const OUT = path.resolve(args.out ?? (QUICK ? path.join(os.tmpdir(), 'craneml-bench-peers') : 'bench-results'));
const started = performance.now();

function log(line: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(0).padStart(5);
  console.log(`[${t} s] ${line}`);
}

interface Request {
  path: string;
  bodyFile: string;
  contentType: string;
}

/** What a server is sent for a workload: its own body where it has one, else the shared digits body. */
function requestFor(spec: ServerSpec, workload: Workload, bodies: Record<DigitsWorkload, string>): Request {
  const own = spec.bodies?.[workload];
  if (own) return { path: spec.paths[workload]!, bodyFile: own.file, contentType: own.contentType };
  const digits = workload as DigitsWorkload;
  return { path: spec.paths[workload]!, bodyFile: bodies[digits], contentType: DIGITS_CONTENT_TYPE[digits] };
}

/** Waits for the first 200 to a real prediction (the server's first workload); returns ms since `since`. */
async function firstAnswer(spec: ServerSpec, server: Started, port: number, request: Request, since: number): Promise<number> {
  const body = await readFile(request.bodyFile);
  const url = `http://127.0.0.1:${port}${request.path}`;
  const deadline = since + 180_000;
  let exited = false;
  server.child.once('exit', () => (exited = true));
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': request.contentType },
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (exited && !server.exitsWhenReady) throw new Error(`${spec.label} exited before answering`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${spec.label} gave no 200 on ${url} within 180 s`);
}

/**
 * Waits for one answer to the workload's request. wrk stops with requests in flight; a server still
 * works through them afterwards, and the next level would otherwise wait behind that backlog.
 */
async function drain(url: string, request: Request): Promise<void> {
  const body = await readFile(request.bodyFile);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': request.contentType },
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
  } catch {
    // measured by the next run
  }
}

async function buildImage(project: string, tag: string): Promise<void> {
  await run(process.execPath, [BIN, 'build', project, '-t', tag, '--base-image', 'craneml/local-base:node20', '--json']);
}

async function removeImage(tag: string): Promise<void> {
  await run('docker', ['image', 'rm', '-f', tag]).catch((error: Error) => log(`could not remove ${tag}: ${error.message}`));
}

/** The commit measured, and the files of CraneML's server that differ from it in the working tree. */
function sourceState(): { commit: string; uncommitted: string[] } {
  const git = (...a: string[]) => spawnSync('git', a, { encoding: 'utf8' }).stdout?.trimEnd() ?? '';
  const uncommitted = git('status', '--porcelain', '--', 'main', 'templates', 'bin')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  return { commit: git('rev-parse', '--short', 'HEAD'), uncommitted };
}

/** How `node bin/craneml.js` runs here: the compiled CLI (dist/), or the TypeScript sources through tsx. */
function cliMode(): string {
  const probe = spawnSync(process.execPath, [BIN, '--version'], { env: { ...process.env, CRANEML_CLI_TRACE: '1' }, encoding: 'utf8' });
  const tsx = /running the TypeScript sources through tsx: (.*)/.exec(probe.stderr ?? '');
  return tsx ? `TypeScript sources through tsx (${tsx[1]})` : 'compiled (dist/)';
}

async function main(): Promise<void> {
  const version = await wrkVersion();
  if (!version) throw new Error('wrk is not installed: apt-get install -y wrk (scripts/setup.sh installs it)');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bench-peers-'));
  const project = await digitsProject();
  const image = `craneml-bench-peers:${process.pid}`;
  let imageBuilt = false;
  const stopping: Started[] = [];
  let interrupted = false;
  const ctx: Context = { modelPath: path.join(project, 'model.onnx'), project, image, tmp, images: [] };
  const cleanup = async (): Promise<void> => {
    for (const server of stopping.splice(0)) await server.stop().catch(() => undefined);
    if (imageBuilt) await removeImage(image);
    for (const tag of ctx.images?.splice(0) ?? []) await removeImage(tag);
    await rm(project, { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    interrupted = true;
    log('interrupted: stopping the server and removing the container and image');
    void cleanup().then(() => process.exit(130));
  });

  try {
    const takes = (s: ServerSpec) => (Object.keys(s.paths) as Workload[]).some((w) => !ONLY_WORKLOADS || ONLY_WORKLOADS.includes(w));
    const specs = [...serverSpecs(ctx), ...tabularSpecs(ctx)].filter(
      (s) => (!ONLY_SERVERS || ONLY_SERVERS.includes(s.key) || ONLY_SERVERS.includes(tabularRole(s.key))) && takes(s),
    );
    const peers = PEERS.filter((peer) => specs.some((s) => s.peer === peer));
    const tabularModels = [...new Set(specs.map((s) => tabularModelOf(s.key)).filter((m): m is TabularModel => m !== undefined))];
    const bodies = await writeDigitsBodies(project, tmp);
    // Before any server starts, so that the figure is the machine's, not the bench's load.
    const speed = await machineSpeed(ctx.modelPath);
    log(describeSpeed(speed));

    // Set-up: the venvs (from PyPI, or reused) and the image, side by side.
    log(
      `setting up: ${peers.length} venvs${specs.some((s) => s.key === 'craneml-container') ? ' and the CraneML image' : ''}${tabularModels.length ? `, the tabular models ${tabularModels.join(', ')}` : ''}`,
    );
    const setupStarted = performance.now();
    const venvSeconds: Partial<Record<Peer, number>> = {};
    await Promise.all([
      ...peers.map(async (peer) => (venvSeconds[peer] = await ensureVenv(peer, log))),
      (async () => {
        if (!specs.some((s) => s.key === 'craneml-container')) return;
        const t = performance.now();
        await buildImage(project, image);
        imageBuilt = true;
        log(`image ${image} built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      })(),
      ...(tabularModels.length ? [prepareTabularModels(tabularDir(ctx), tabularModels, log)] : []),
    ]);
    for (const spec of specs) await spec.prepare?.(log);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const runtimeDir = path.join(tmp, 'export');
    if (specs.some((s) => s.key === 'craneml-serve'))
      await run(process.execPath, [BIN, 'export', project, '-o', runtimeDir, '--base-image', 'craneml/local-base:node20']);

    const facts: ServerFacts[] = [];
    for (const spec of specs) {
      const installed = await installedBytes(spec, { ...ctx, runtimeDir: path.join(runtimeDir, 'runtime') });
      facts.push({
        key: spec.key,
        label: spec.label,
        craneml: spec.craneml,
        workloads: WORKLOADS.filter((w) => spec.paths[w] !== undefined && (!ONLY_WORKLOADS || ONLY_WORKLOADS.includes(w))),
        versions: spec.peer ? await venvVersions(spec.peer) : { craneml: JSON.parse(await readFile('package.json', 'utf8')).version },
        diskBytes: installed.bytes,
        diskWhat: installed.what,
        startupMs: [],
        memory: [],
      });
    }

    const measurements: Measurement[] = [];
    const loadBefore = os.loadavg();
    log(
      `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} round(s), ${DURATION_S} s per level, concurrency ${LEVELS.join(', ')}; wrk shares the ${os.cpus().length} CPUs with the server`,
    );
    for (let round = 1; round <= ROUNDS && !interrupted; round++) {
      for (const spec of specs) {
        if (interrupted) break;
        const fact = facts.find((f) => f.key === spec.key)!;
        if (fact.workloads.length === 0) continue;
        const port = await freePort();
        const logFile = path.join(tmp, `${spec.key}-${round}.log`);
        const since = performance.now();
        const server = await spec.start(port, logFile);
        stopping.push(server);
        try {
          const startupMs = await firstAnswer(spec, server, port, requestFor(spec, fact.workloads[0]!, bodies), since);
          fact.startupMs.push(startupMs);
          log(`round ${round}: ${spec.label} answered ${(startupMs / 1000).toFixed(1)} s after start`);
          for (const workload of fact.workloads) {
            const wanted = requestFor(spec, workload, bodies);
            const url = `http://127.0.0.1:${port}${wanted.path}`;
            const request = { url, script: POST_BODY_LUA, bodyFile: wanted.bodyFile, contentType: wanted.contentType };
            if (WARMUP_S > 0) await runWrk({ ...request, concurrency: Math.max(...LEVELS), durationS: WARMUP_S });
            await drain(url, wanted);
            for (const concurrency of LEVELS) {
              const load = os.loadavg()[0]!;
              const result = await runWrk({ ...request, concurrency, durationS: DURATION_S });
              measurements.push({ server: spec.key, workload, concurrency, round, loadAverage: load, ...result });
              await drain(url, wanted);
              log(
                `round ${round}: ${spec.key.padEnd(17)} ${workload.padEnd(9)} c=${String(concurrency).padStart(2)}  ${result.okRps.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms.toFixed(1).padStart(7)} ms  p99 ${result.p99Ms.toFixed(1).padStart(7)} ms${result.errors ? `  ${result.errors} errors` : ''}  (load ${load.toFixed(2)})`,
              );
            }
          }
          fact.memory.push(await server.memory());
        } catch (error) {
          log(`round ${round}: ${spec.label} failed: ${(error as Error).message}; its log:`);
          console.log((await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n'));
          fact.failures = [...(fact.failures ?? []), `round ${round}: ${(error as Error).message.split('\n')[0]}`];
        } finally {
          await server.stop();
          stopping.splice(stopping.indexOf(server), 1);
        }
      }
    }
    if (interrupted) return;

    // After every measurement, so the builds never share the CPUs with a run.
    const sizedModel = tabularModels[0];
    const imageSizes =
      sizedModel && !args['skip-image-sizes']
        ? await peerImageSizes(
            {
              pickle: tabularFiles(tabularDir(ctx), sizedModel).pickle,
              mlflowModel: specs.some((s) => s.key === `mlflow@${sizedModel}`)
                ? path.join(tabularDir(ctx), `${sizedModel}-mlflow`)
                : undefined,
              dir: tabularDir(ctx),
              tag: image,
            },
            log,
          )
        : undefined;

    const raw: RawResults = {
      date: new Date().toISOString(),
      quick: QUICK,
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        kernel: os.release(),
        node: process.version,
        cgroup: existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'v2' : 'v1',
        cli: cliMode(),
        source: sourceState(),
        speed,
      },
      settings: { durationS: DURATION_S, warmupS: WARMUP_S, rounds: ROUNDS, concurrency: LEVELS, wrk: version, wrkTimeoutS: 10 },
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg(),
      setupSeconds,
      venvSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      servers: facts,
      measurements,
      ...(imageSizes ? { imageSizes } : {}),
    };
    const summary = summarize(raw);
    await mkdir(OUT, { recursive: true });
    await writeFile(path.join(OUT, 'peers.json'), JSON.stringify({ ...raw, summary }, null, 2) + '\n');
    await writeFile(path.join(OUT, 'peers.md'), renderMarkdown(raw, summary));
    await renderChart(raw, summary, path.join(OUT, 'peers.png'));
    log(`wrote ${path.relative(process.cwd(), OUT) || '.'}/peers.json, peers.md and peers.png`);
    console.log('\n' + renderMarkdown(raw, summary));
  } finally {
    if (!interrupted) await cleanup();
  }
}

await main();
process.exit(0);
