/**
 * What the languages' own parts cost in memory before any server code: the RSS of a process that only
 * loads the parts each server stands on for the digits model, runs the model as a loaded server does
 * and decodes one picture, for Node.js (onnxruntime-node, sharp) and for the FastAPI peer's Python
 * (numpy, onnxruntime, Pillow, then FastAPI and uvicorn imported), at a batch of 1 and of 64. It puts the whole servers' RSS
 * (test/bench/memory.ts) beside a floor neither server can go under.
 *
 * Each step is a fresh process, the steps interleaved per round; the process reads its own VmRSS from
 * /proc/self/status at the end. Options: --rounds 3, --runs 200 (model calls per step),
 * --out DIR (default bench-results). Needs the fastapi peer's venv (made on first use, as
 * `npm run bench:peers` does). Writes <out>/memory-floor.json and memory-floor.md.
 * Run: node bin/tsx.js test/bench/memory-floor.ts
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { ensureVenv, venvDir } from './peers/servers.ts';
import { benchDate, machineLine } from './run-stamp.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const MODEL = path.join(ROOT, 'assets/examples/digits/model.onnx');
const PICTURE = path.join(ROOT, 'assets/examples/digits/samples/7.png');
const run = promisify(execFile);

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    runs: { type: 'string', default: '200' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const ROUNDS = Number(args.rounds);
const RUNS = Number(args.runs);

/** Reads VmRSS in MiB, the same way in both languages. */
const NODE_RSS = `const rss = () => Number(/VmRSS:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;`;
const PY_RSS = `rss = lambda: int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1]) / 1024`;

interface Step {
  label: string;
  language: 'Node.js' | 'Python';
  command: () => [string, string[]];
}

const nodeStep = (label: string, body: string): Step => ({
  label,
  language: 'Node.js',
  command: () => ['node', ['-e', `${NODE_RSS}\n(async () => {\n${body}\nconsole.log(rss());\n})();`]],
});
const pyStep = (label: string, body: string): Step => ({
  label,
  language: 'Python',
  command: () => [path.join(venvDir('fastapi'), 'bin', 'python'), ['-c', `${PY_RSS}\n${body}\nprint(rss())`]],
});

const nodeModel = (batch: number) => `
const ort = require('onnxruntime-node');
const session = await ort.InferenceSession.create(${JSON.stringify(MODEL)});
const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', new Float32Array(${batch} * 784), [${batch}, 1, 28, 28]) };
for (let i = 0; i < ${RUNS}; i++) await session.run(feeds);`;
const NODE_PICTURE = `
const sharp = require('sharp');
await sharp(${JSON.stringify(PICTURE)}).greyscale().resize(28, 28).raw().toBuffer();`;
const pyModel = (batch: number) => `
import numpy, onnxruntime
session = onnxruntime.InferenceSession(${JSON.stringify(MODEL)}, providers=['CPUExecutionProvider'])
feeds = {session.get_inputs()[0].name: numpy.zeros((${batch}, 1, 28, 28), numpy.float32)}
for _ in range(${RUNS}): session.run(None, feeds)`;
const PY_PICTURE = `
from PIL import Image
Image.open(${JSON.stringify(PICTURE)}).convert('L').resize((28, 28)).tobytes()`;

// CraneML batches concurrent requests (up to 64 samples a call under the bench's load); FastAPI runs one at a time.
const STEPS: Step[] = [
  nodeStep('the interpreter alone', ''),
  nodeStep('+ the model (onnxruntime), batches of 1', nodeModel(1)),
  nodeStep('+ the model (onnxruntime), batches of 64', nodeModel(64)),
  nodeStep('+ the model, batches of 64, + a picture (sharp)', nodeModel(64) + NODE_PICTURE),
  pyStep('the interpreter alone', ''),
  pyStep('+ the model (onnxruntime, numpy), batches of 1', pyModel(1)),
  pyStep('+ the model (onnxruntime, numpy), batches of 64', pyModel(64)),
  pyStep('+ the model, batches of 1, + a picture (Pillow)', pyModel(1) + PY_PICTURE),
  pyStep(
    '+ the model, batches of 1, a picture, FastAPI and uvicorn imported',
    `${pyModel(1)}${PY_PICTURE}\nimport fastapi, uvicorn, multipart`,
  ),
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  await ensureVenv('fastapi', (line) => console.log(line));
  const samples = new Map<Step, number[]>(STEPS.map((step) => [step, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const step of STEPS) {
      const [command, argv] = step.command();
      const { stdout } = await run(command, argv, { cwd: ROOT, maxBuffer: 1 << 20 });
      const mb = Number(stdout.trim().split('\n').at(-1));
      if (!Number.isFinite(mb)) throw new Error(`${step.language} ${step.label}: no RSS in ${JSON.stringify(stdout)}`);
      samples.get(step)!.push(mb);
      console.log(`round ${round} ${step.language} ${step.label}: ${mb.toFixed(0)} MiB`);
    }
  }
  const rows = STEPS.map((step) => {
    const values = samples.get(step)!;
    return { language: step.language, step: step.label, median: median(values), min: Math.min(...values), max: Math.max(...values) };
  });
  const out = path.resolve(args.out!);
  await mkdir(out, { recursive: true });
  await writeFile(
    path.join(out, 'memory-floor.json'),
    JSON.stringify({ date: benchDate(), machine: machineLine(), rounds: ROUNDS, runs: RUNS, rows }, null, 2) + '\n',
  );
  const table = rows.map((r) => `| ${r.language} | ${r.step} | ${r.median.toFixed(0)} (${r.min.toFixed(0)}–${r.max.toFixed(0)}) |`);
  await writeFile(
    path.join(out, 'memory-floor.md'),
    [
      '# Memory floor: the parts each server stands on, without a server',
      '',
      `${benchDate()}, ${machineLine()}; ${ROUNDS} interleaved rounds, a fresh process per step and round.`,
      `Each process loads what its row names, runs the digits model ${RUNS} times at the batch named and decodes samples/7.png`,
      'to 28×28 where a picture is named, then reads its own VmRSS. MiB, median (min–max).',
      '',
      '| language | step | RSS |',
      '| --- | --- | ---: |',
      ...table,
      '',
    ].join('\n'),
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}/memory-floor.json and memory-floor.md`);
}

await main();
