/**
 * Where one PNG answer's CPU goes: `node bin/tsx.js test/bench/picture-stages.ts [--trees main=.,base=/path]
 * [--duration 8] [--rounds 2] [--out DIR]` (not part of `npm test`).
 *
 * For each tree (a checkout: the working tree, or a git worktree of another revision), in interleaved
 * rounds: (1) the codec's stages in this process, CPU ms per picture over the ten digit samples (decode,
 * isolate the sheet, invert, clear the ground, ruled lines, MNIST centring, normalise) and the model
 * call alone; (2) that tree's bundled server under wrk at c=1 with samples/7.png as the body, the CPU ms
 * per answer of each of its threads from /proc (user + system), busiest first. CPU per answer is
 * the figure a busy machine distorts least. Writes <out>/picture-stages.json (the .md is written by hand
 * from it, with the threads named).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { digitSamples, digitsProject } from '../runtime/helpers.ts';
import { stop } from './children.ts';
import { runWrk } from './peers/wrk.ts';
import { benchDate, machineLine } from './run-stamp.ts';
import { bundleTree, ROOT, startBundled } from './tree-server.ts';

const { values: args } = parseArgs({
  options: {
    trees: { type: 'string', default: `working=${ROOT}` },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    pictures: { type: 'string', default: '1500' },
    out: { type: 'string', default: path.join(ROOT, 'bench-results') },
  },
});
const TREES = args.trees!.split(',').map((pair) => {
  const [name, dir] = pair.split('=') as [string, string];
  return { name, dir: path.resolve(dir) };
});
const DURATION_S = Number(args.duration);
const ROUNDS = Number(args.rounds);
const PICTURES = Number(args.pictures);
const STAGES = ['decode', 'isolate sheet', 'invert', 'clear ground', 'ruled lines', 'MNIST centring', 'normalise'] as const;

function cpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** One tree's codec stages, run here from its own sources: CPU ms per picture for each. */
async function stageCosts(tree: string, pictures: Buffer[]): Promise<Record<string, number>> {
  const from = (file: string) => import(path.join(tree, 'main/codec', file));
  const { decodeImage } = await from('decode.ts');
  const { isolateSheet } = await from('isolate-sheet.ts');
  const { invertImage, shouldInvert } = await from('invert.ts');
  const { clearGround } = await from('clear-ground.ts');
  const { removeRuledLines } = await from('ruled-lines.ts');
  const { centerLikeMnist } = await from('mnist-center.ts');
  const { normalise } = await from('image-codec.ts');
  const { workingSide } = await from('limits.ts');
  const manifest = JSON.parse(await readFile(path.join(ROOT, 'assets/examples/digits/craneml.json'), 'utf8'));
  const codec = manifest.input;
  const options = { channels: codec.channels, background: codec.background, maxPixels: 16e6, maxSide: workingSide(codec) };
  const spent: Record<string, number> = Object.fromEntries(STAGES.map((stage) => [stage, 0]));
  for (let n = -200; n < PICTURES; n++) {
    const measured = n >= 0;
    let at = cpuMs();
    const step = (stage: string): void => {
      const now = cpuMs();
      if (measured) spent[stage]! += now - at;
      at = now;
    };
    let image = await decodeImage(pictures[(n + 200) % pictures.length]!, options);
    step('decode');
    image = isolateSheet(image);
    step('isolate sheet');
    if (shouldInvert(codec.invert, image)) image = invertImage(image);
    step('invert');
    image = clearGround(image);
    step('clear ground');
    image = removeRuledLines(image);
    step('ruled lines');
    image = await centerLikeMnist(image, codec.width, codec.height);
    step('MNIST centring');
    normalise(image, codec);
    step('normalise');
  }
  return Object.fromEntries(Object.entries(spent).map(([stage, ms]) => [stage, ms / PICTURES]));
}

/** The model call alone, as the inference thread makes it (one intra-op thread on 2 CPUs): CPU ms per call. */
async function modelCost(): Promise<number> {
  const { loadOnnx } = await import(path.join(ROOT, 'main/formats/onnx.ts'));
  const model = await loadOnnx(path.join(ROOT, 'assets/examples/digits/model.onnx'), { intraOp: Math.max(1, os.cpus().length - 1) });
  const feeds = { input: { dtype: 'float32', dims: [1, 1, 28, 28], data: new Float32Array(784).fill(0.5) } };
  for (let i = 0; i < 200; i++) await model.run(feeds);
  const at = cpuMs();
  for (let i = 0; i < 1000; i++) await model.run(feeds);
  const ms = (cpuMs() - at) / 1000;
  await model.dispose();
  return ms;
}

/** CPU ms (user + system) of each thread of a process, by thread id. */
async function threadCpu(pid: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    try {
      const fields = (await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
      out.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

interface ServerRun {
  answers: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  load: number;
  cpuMsPerAnswer: number;
  /** [thread id, CPU ms per answer], busiest first; the process id is the event loop. */
  threads: [number, number][];
  pid: number;
}

async function serverRun(runtimeDir: string, project: string, body: string): Promise<ServerRun> {
  const { child, port } = await startBundled(runtimeDir, project);
  try {
    const wrk = (durationS: number) =>
      runWrk({
        url: `http://127.0.0.1:${port}/predict`,
        script: path.join(ROOT, 'test/bench/peers/lua/post-body.lua'),
        bodyFile: body,
        contentType: 'image/png',
        concurrency: 1,
        durationS,
      });
    await wrk(2);
    const load = os.loadavg()[0]!;
    const before = await threadCpu(child.pid!);
    const result = await wrk(DURATION_S);
    const after = await threadCpu(child.pid!);
    const threads = [...after]
      .map(([tid, ms]): [number, number] => [tid, (ms - (before.get(tid) ?? 0)) / result.requests])
      .filter(([, ms]) => ms > 0)
      .sort((a, b) => b[1] - a[1]);
    return {
      answers: result.requests,
      rps: result.okRps,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      load,
      cpuMsPerAnswer: threads.reduce((sum, [, ms]) => sum + ms, 0),
      threads,
      pid: child.pid!,
    };
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'craneml-picture-stages-'));
  const project = await digitsProject();
  const pictures = (await digitSamples()).map(([, png]) => png);
  const body = path.join(scratch, 'png.body');
  await writeFile(body, (await digitSamples()).find(([digit]) => digit === 7)![1]);
  const runs: Record<string, unknown>[] = [];
  try {
    const bundles = new Map<string, string>();
    for (const tree of TREES) {
      const dir = path.join(scratch, `runtime-${tree.name}`);
      await mkdir(dir);
      await bundleTree(tree.dir, dir, scratch);
      bundles.set(tree.name, dir);
    }
    const model = await modelCost();
    console.log(`model call alone: ${model.toFixed(2)} CPU ms`);
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? TREES : [...TREES].reverse();
      for (const tree of order) {
        const stages = await stageCosts(tree.dir, pictures);
        const server = await serverRun(bundles.get(tree.name)!, project, body);
        runs.push({ round, tree: tree.name, commit: revision(tree.dir), stages, model, server });
        const total = Object.values(stages).reduce((a, b) => a + b, 0);
        console.log(
          `round ${round} ${tree.name}: codec ${total.toFixed(2)} ms (${STAGES.map((s) => `${s} ${stages[s]!.toFixed(2)}`).join(', ')}); ` +
            `server ${server.cpuMsPerAnswer.toFixed(2)} ms/answer at ${server.rps.toFixed(0)} req/s, load ${server.load.toFixed(2)}; threads ` +
            server.threads.map(([tid, ms]) => `${tid === server.pid ? 'loop' : tid} ${ms.toFixed(2)}`).join(', '),
        );
      }
    }
  } finally {
    await rm(project, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
  const out = path.resolve(args.out!);
  await mkdir(out, { recursive: true });
  const meta = { date: benchDate(), machine: machineLine(), settings: { durationS: DURATION_S, rounds: ROUNDS, pictures: PICTURES } };
  await writeFile(path.join(out, 'picture-stages.json'), JSON.stringify({ ...meta, runs }, null, 2) + '\n');
  console.log(`wrote ${path.join(path.relative(process.cwd(), out) || '.', 'picture-stages.json')}`);
}

function revision(tree: string): string {
  const out = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: tree, encoding: 'utf8' });
  return out.stdout.trim();
}

await main();
