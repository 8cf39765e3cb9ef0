/**
 * The model server's memory per model kind: `craneml serve` (the compiled CLI, dist/cli) on each kind
 * the repository has fixtures for, and FastAPI + uvicorn with one worker on the digits ONNX model, each
 * started fresh, its resident memory read once it is ready and idle, and again right after a fixed load.
 *
 * Kinds: digits (ONNX image model, assets/examples/digits), tensor (ONNX, torch_mlp_dynamic.onnx),
 * table (the breast-cancer fixture project; bash scripts/make-tabular-fixtures.sh), tfjs (a TF.js
 * layers model, two inputs), keras (a Keras 3 .keras file). Servers are interleaved in rounds (every
 * server once per kind and round, the same order each round); ratios are taken within a round, then
 * their median. The load: each of the kind's requests for --load-ms at --concurrency connections
 * (test/bench/load.ts), digits as a JSON tensor and a PNG body, as `npm run bench:peers` sends them.
 *
 * Options: --rounds 3, --kinds digits,tensor,table,tfjs,keras, --cli "label=path/to/craneml.mjs
 * [--node-flag] [NAME=value]" (repeatable: builds or settings side by side for an A/B; default: this
 * checkout's dist/cli, which must be current), --no-peer, --load-ms 3000, --concurrency 64, --out DIR (default bench-results).
 * Writes <out>/memory.json and memory.md. Run: node bin/tsx.js test/bench/memory.ts
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compiledCli } from '../../bin/build-state.js';
import { initProject } from '../../main/project.ts';
import { freePort } from '../runtime/helpers.ts';
import { ready } from './children.ts';
import { runLoad } from './load.ts';
import { KINDS, kindRequest, kindRequests, type Kind, type KindRequest } from './memory-kinds.ts';
import { FASTAPI_LABEL, memoryMarkdown, type MemoryRun, type MemorySample } from './memory-report.ts';
import { processMemory, type ProcessMemory } from './memory-proc.ts';
import { stopTree } from './peers/proc.ts';
import { ensureVenv, serverSpecs, type Started } from './peers/servers.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    kinds: { type: 'string' },
    cli: { type: 'string', multiple: true },
    'no-peer': { type: 'boolean', default: false },
    'load-ms': { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '64' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const ROUNDS = Number(args.rounds);
const ONLY = (args.kinds?.split(',') ?? KINDS) as Kind[];
const LOAD_MS = Number(args['load-ms']);
const CONCURRENCY = Number(args.concurrency);
const OUT = path.resolve(args.out!);
const started = performance.now();

function log(line: string): void {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);
}

/** A build of the CLI to measure, with the node flags and environment it runs under. */
interface Build {
  label: string;
  entry: string;
  nodeArgs: string[];
  env: Record<string, string>;
}

/**
 * The builds to compare, each "label=path/to/craneml.mjs [--node-flag ...] [NAME=value ...]", or this
 * checkout's dist when it is current.
 */
function builds(): Build[] {
  if (args.cli?.length)
    return args.cli.map((spec) => {
      const [first, ...rest] = spec.trim().split(/\s+/);
      const [label, entry] = (first ?? '').split('=');
      if (!label || !entry) throw new Error(`--cli takes "label=path/to/craneml.mjs [--node-flag] [NAME=value]", got ${spec}`);
      const env = Object.fromEntries(
        rest.filter((t) => /^[A-Z_]+=/.test(t)).map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]),
      );
      return { label, entry: path.resolve(entry), nodeArgs: rest.filter((t) => t.startsWith('-')), env };
    });
  const cli = compiledCli(ROOT);
  if (!cli.entry) throw new Error(`no current compiled CLI: ${cli.reason}`);
  return [{ label: 'craneml serve', entry: cli.entry, nodeArgs: [], env: {} }];
}

interface Server {
  label: string;
  /** The kind's requests this server takes, at its own paths. */
  requests: (all: KindRequest[]) => KindRequest[];
  healthPath: string;
  start(project: string, port: number, logFile: string): Promise<Started>;
}

function cliServer({ label, entry, nodeArgs, env }: Build): Server {
  return {
    label,
    requests: (all) => all,
    healthPath: '/readyz',
    async start(project, port, logFile) {
      const fd = openSync(logFile, 'a');
      const child = spawn(process.execPath, [...nodeArgs, entry, 'serve', project, '--port', String(port), '--host', '127.0.0.1'], {
        env: { ...process.env, CRANEML_API_KEY: '', CRANEML_LOG: 'off', ...env },
        stdio: ['ignore', fd, fd],
        detached: true,
      });
      closeSync(fd);
      return { child, stop: () => stopTree(child), memory: async () => processMemory(child.pid!) };
    },
  };
}

async function measure(server: Server, kind: Kind, project: string, all: KindRequest[], tmp: string): Promise<MemorySample> {
  const port = await freePort();
  const running = await server.start(project, port, path.join(tmp, `${server.label.replace(/\W+/g, '-')}-${kind}.log`));
  try {
    const memory = async (): Promise<ProcessMemory> => (await running.memory()) as ProcessMemory;
    await ready(`http://127.0.0.1:${port}${server.healthPath}`);
    const requests = server.requests(all);
    for (const r of requests) {
      const answer = await fetch(`http://127.0.0.1:${port}${r.path}`, {
        method: 'POST',
        body: new Uint8Array(r.body),
        headers: { 'Content-Type': r.contentType },
      });
      if (!answer.ok) throw new Error(`${server.label} ${kind} ${r.name}: ${answer.status} ${(await answer.text()).slice(0, 300)}`);
    }
    // Settled: the warm-up and the checks above are done, the idle timers have run.
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await memory();
    const loads = [];
    for (const r of requests) {
      const result = await runLoad({ port, request: r.request, concurrency: CONCURRENCY, durationMs: LOAD_MS, warmupMs: 0 });
      loads.push({ name: r.name, ok: result.requests - result.errors, errors: result.errors, okRps: result.okRps });
    }
    const loaded = await memory();
    return { server: server.label, kind, idle, loaded, loads };
  } finally {
    await running.stop();
  }
}

function fastapiServer(tmp: string): Server {
  // A variable, not a literal: the peer bench's Context may carry more than the FastAPI peer reads.
  const ctx = { modelPath: path.join(ROOT, 'assets/examples/digits/model.onnx'), project: '', image: '', tmp, images: [] as string[] };
  const spec = serverSpecs(ctx).find((s) => s.key === 'fastapi-1w')!;
  return {
    label: FASTAPI_LABEL,
    requests: (all) => all.map((r) => kindRequest(r.name, spec.paths[r.name as 'json' | 'png']!, r.body, r.contentType)),
    healthPath: '/health',
    async start(_project, port, logFile) {
      const started = await spec.start(port, logFile);
      return { ...started, memory: async () => processMemory(started.child.pid!) };
    },
  };
}

/** Projects for the kinds that have no ready one: made with `init`'s own code into a temp folder. */
async function projects(tmp: string): Promise<Record<Kind, string>> {
  const made = async (model: string, name: string): Promise<string> =>
    (await initProject(path.join(ROOT, model), path.join(tmp, name), { name })).dir;
  return {
    digits: path.join(ROOT, 'assets/examples/digits'),
    tensor: await made('test/fixtures/onnx/torch_mlp_dynamic.onnx', 'tensor'),
    table: path.join(ROOT, 'test/fixtures/tabular/onnx-tables/cancer'),
    tfjs: await made('test/fixtures/tfjs/keras_layers/model.json', 'tfjs'),
    keras: await made('test/fixtures/keras/dense_classifier.keras', 'keras'),
  };
}

function loadAverage(): number {
  return os.loadavg()[0]!;
}

async function main(): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bench-memory-'));
  try {
    const measured = builds();
    const servers = measured.map(cliServer);
    const peer = args['no-peer'] ? undefined : fastapiServer(tmp);
    if (peer) await ensureVenv('fastapi', log);
    const folders = await projects(tmp);
    const requests = await kindRequests(folders);
    const run: MemoryRun = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`,
      concurrency: CONCURRENCY,
      loadMs: LOAD_MS,
      builds: measured.map((b) => ({
        label: b.label,
        entry: [...b.nodeArgs, b.entry, ...Object.entries(b.env).map(([k, v]) => `${k}=${v}`)].join(' '),
      })),
      rounds: [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      const samples: MemorySample[] = [];
      const before = loadAverage();
      for (const kind of ONLY) {
        const here = [...servers, ...(peer && kind === 'digits' ? [peer] : [])];
        for (const server of here) {
          const sample = await measure(server, kind, folders[kind], requests[kind], tmp);
          log(
            `round ${round + 1} ${kind} ${server.label}: idle ${sample.idle.rssMb.toFixed(0)} MB, after load ${sample.loaded.rssMb.toFixed(0)} MB (${sample.loads.map((l) => `${l.name} ${l.okRps.toFixed(0)}/s`).join(', ')})`,
          );
          samples.push(sample);
        }
      }
      run.rounds.push({ loadBefore: before, loadAfter: loadAverage(), samples });
    }
    await mkdir(OUT, { recursive: true });
    await writeFile(path.join(OUT, 'memory.json'), JSON.stringify(run, null, 1) + '\n');
    await writeFile(path.join(OUT, 'memory.md'), memoryMarkdown(run));
    log(`wrote ${path.relative(process.cwd(), OUT) || '.'}/memory.json and memory.md`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
