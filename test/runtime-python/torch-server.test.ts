/**
 * The Python runtime's server serving PyTorch files (test/fixtures/torch, made by
 * scripts/make-torch-fixtures.sh with torch's own outputs in expected.json), run as its image runs it
 * in a venv with torch's CPU build: answers equal to torch's, V2 with the classification extension,
 * tensors of the wrong shape refused, and a model whose warm-up shows it cannot serve never ready.
 */
import { execFile } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, type Json } from '../runtime/helpers.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { startPython, type PythonServer } from './server-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TORCH = path.join(ROOT, 'test/fixtures/torch');
/** Absolute, or relative to a value past 1 (a float32 regressor's 182.09975 has steps of 1.5e-5). */
const TOLERANCE = 1e-5;

interface FileExpectations {
  inputs: unknown[];
  outputs: number[][];
  labels?: string[];
  probabilities?: number[][];
}

let python = '';
let expected: Record<string, FileExpectations> = {};
const folders: TempDir[] = [];
const servers: PythonServer[] = [];

beforeAll(async () => {
  const { stdout } = await promisify(execFile)('bash', [path.join(ROOT, 'test/runtime-python/torch-venv.sh')], { maxBuffer: 1 << 24 });
  python = path.join(stdout.trim(), 'bin/python');
  expected = (JSON.parse(await readFile(path.join(TORCH, 'expected.json'), 'utf8')) as { files: Record<string, FileExpectations> }).files;
}, 900_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
  await Promise.all(folders.map((folder) => folder.remove()));
});

interface Model {
  file: string;
  kind: 'torchscript' | 'torch_export';
  input: { name: string; shape: number[] };
  output?: number[];
  labels?: string[];
  task?: 'regression';
  softmax?: boolean;
}

/** A project folder holding the fixture file and the manifest `craneml init` writes for it. */
async function project(model: Model): Promise<string> {
  const dir = await tempDir('torch-server');
  folders.push(dir);
  await copyFile(path.join(TORCH, model.file), path.join(dir.path, model.file));
  const manifest = {
    schema_version: 1,
    name: 'torchy',
    version: '1.0.0',
    format: 'python',
    runtime: 'python',
    model: { entry: model.file, files: [{ path: model.file, sha256: '0'.repeat(64), bytes: 1 }] },
    signature: {
      inputs: [{ name: model.input.name, dtype: 'float32', shape: model.input.shape }],
      outputs: [{ name: 'output', dtype: 'float32', shape: model.output ?? [-1, -1] }],
    },
    input: { kind: 'tensor' },
    ...(model.labels ? { labels: model.labels } : {}),
    ...(model.task ? { task: model.task } : {}),
    postprocess: { softmax: model.softmax ?? false, top_k: 2 },
    python: { version: '3.11', requirements: ['torch==2.13.0'], source: { kind: model.kind, file: model.file } },
  };
  await writeFile(path.join(dir.path, 'craneml.json'), JSON.stringify(manifest));
  return dir.path;
}

/** The server in `dir`, its temp files there too (torch.export's loader writes an inductor cache to TMPDIR). */
function start(dir: string): Promise<PythonServer> {
  return startPython(python, dir, { TMPDIR: dir });
}

/** Polls /readyz until 200; importing torch on a busy two-core machine takes tens of seconds, so no 60 s cap. */
async function serving(model: Model): Promise<string> {
  const server = await start(await project(model));
  servers.push(server);
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`the server exited with ${server.child.exitCode}: ${server.stderr()}`);
    if ((await fetch(`${server.url}/readyz`).catch(() => undefined))?.status === 200) return server.url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectClose(actual: number[], wanted: number[], what: string): void {
  expect(actual, what).toHaveLength(wanted.length);
  actual.forEach((value, i) =>
    expect(Math.abs(value - wanted[i]!), `${what}[${i}]: ${value} vs ${wanted[i]}`).toBeLessThanOrEqual(
      TOLERANCE * Math.max(1, Math.abs(wanted[i]!)),
    ),
  );
}

const CANCER = { input: { name: 'input', shape: [-1, 30] }, labels: ['malignant', 'benign'], softmax: true };

describe('a TorchScript classifier with labels and softmax', () => {
  let url = '';
  beforeAll(async () => {
    url = await serving({ ...CANCER, file: 'cancer_mlp.pt', kind: 'torchscript' });
  }, 300_000);

  it('answers each row with the label and softmax scores torch gives', async () => {
    const e = expected['cancer_mlp.pt']!;
    const { status, body } = await postJson(`${url}/predict`, { instances: e.inputs });
    expect(status, JSON.stringify(body)).toBe(200);
    (body.predictions as Json[]).forEach((p, row) => {
      const probabilities = e.probabilities![row]!;
      const best = probabilities.indexOf(Math.max(...probabilities));
      expect(p.label).toBe(e.labels![best]);
      expect(p.index).toBe(best);
      expectClose([p.score], [probabilities[best]!], `row ${row} score`);
      expectClose(
        e.labels!.map((label) => (p.top_k as Json[]).find((t) => t.label === label).score as number),
        probabilities,
        `row ${row} top_k`,
      );
    });
  });

  it('answers V2 infer with the logits, and the classification extension as "score:index:label"', async () => {
    const e = expected['cancer_mlp.pt']!;
    const rows = e.inputs.length;
    const inputs = [{ name: 'input', shape: [rows, 30], datatype: 'FP32', data: (e.inputs as number[][]).flat() }];
    const infer = `${url}/v2/models/torchy/infer`;
    const plain = await postJson(infer, { inputs });
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    expect(plain.body.outputs[0]).toMatchObject({ name: 'output', datatype: 'FP32', shape: [rows, 2] });
    expectClose(plain.body.outputs[0].data as number[], e.outputs.flat(), 'logits');

    const top = await postJson(infer, { inputs, outputs: [{ name: 'output', parameters: { classification: 1 } }] });
    expect(top.status, JSON.stringify(top.body)).toBe(200);
    expect(top.body.outputs[0]).toMatchObject({ name: 'output', datatype: 'BYTES', shape: [rows, 1] });
    (top.body.outputs[0].data as string[]).forEach((entry, row) => {
      const [score, index, label] = entry.split(':');
      const best = e.outputs[row]!.indexOf(Math.max(...e.outputs[row]!));
      expect([Number(index), label]).toEqual([best, e.labels![best]]);
      expectClose([Number(score)], [e.outputs[row]![best]!], `row ${row} logit`);
    });

    const wrong = await postJson(infer, { inputs, outputs: [{ name: 'output', parameters: { classification: 0 } }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toContain('parameters.classification must be a whole number');
  });

  it('documents /predict as taking tensors of the declared shape, not CSV', async () => {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as Json;
    const predict = document.paths['/predict'].post;
    expect(predict.summary).toBe('Classify tensors');
    expect(Object.keys(predict.requestBody.content)).toEqual(['application/json']);
    expect(predict.requestBody.content['application/json'].schema.properties.instances.items).toEqual({
      type: 'array',
      items: { type: 'number' },
      minItems: 30,
      maxItems: 30,
      description: 'input "input": float32 [30]',
    });
  });

  it('refuses a row of the wrong shape naming the shape it expects and the one it got (422), and CSV (415)', async () => {
    const short = await postJson(`${url}/predict`, { instances: [Array.from({ length: 29 }, () => 1)] });
    expect(short.status).toBe(422);
    expect(short.body.error.message).toBe('input "input" has shape [29] but the model expects [30]');
    const v2 = await postJson(`${url}/v2/models/torchy/infer`, {
      inputs: [{ name: 'input', shape: [1, 29], datatype: 'FP32', data: new Array(29).fill(0) }],
    });
    expect(v2.status).toBe(422);
    expect(v2.body.error).toBe('input "input" has shape [1, 29] but the model expects [-1, 30]');
    const csv = await fetch(`${url}/predict`, { method: 'POST', body: 'a,b\n1,2\n', headers: { 'Content-Type': 'text/csv' } });
    expect(csv.status).toBe(415);
  });

  it("refuses a number past a double's range (422 naming the input), by /predict and by V2, as the Node runtime does", async () => {
    const row = Array.from({ length: 30 }, () => 1);
    for (const huge of ['1e400', `-1${'0'.repeat(400)}`]) {
      // JSON.stringify cannot write it: the number goes into the text as a client sent it.
      const predict = JSON.stringify({ instances: [row, row.map((v, i) => (i === 7 ? 'HUGE' : v))] }).replace('"HUGE"', huge);
      const infer = JSON.stringify({
        inputs: [{ name: 'input', shape: [1, 30], datatype: 'FP32', data: row.map((v, i) => (i === 7 ? 'HUGE' : v)) }],
      }).replace('"HUGE"', huge);
      for (const [route, body] of [
        ['/predict', predict],
        ['/v2/models/torchy/infer', infer],
      ]) {
        const answer = await fetch(`${url}${route}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
        const text = await answer.text();
        expect(answer.status, `${route} ${huge.slice(0, 8)}: ${text}`).toBe(422);
        expect(text).toContain('input \\"input\\" expects finite numbers');
      }
    }
  });
});

describe('torch.export files and a TorchScript CNN, answered as raw tensors or values', () => {
  it('answers a .pt2 file without labels with its raw outputs, as torch does', async () => {
    const url = await serving({ file: 'cancer_mlp.pt2', kind: 'torch_export', input: { name: 'x', shape: [-1, 30] } });
    const e = expected['cancer_mlp.pt2']!;
    const { status, body } = await postJson(`${url}/predict`, { instances: e.inputs });
    expect(status, JSON.stringify(body)).toBe(200);
    (body.predictions as Json[]).forEach((p, row) => {
      expect(p.outputs.output).toMatchObject({ dtype: 'float32', shape: [2] });
      expectClose(p.outputs.output.data as number[], e.outputs[row]!, `row ${row}`);
    });
  }, 300_000);

  it('answers a regressor with its value per row', async () => {
    const url = await serving({
      file: 'diabetes_reg.pt2',
      kind: 'torch_export',
      input: { name: 'x', shape: [-1, 10] },
      task: 'regression',
    });
    const e = expected['diabetes_reg.pt2']!;
    const { status, body } = await postJson(`${url}/predict`, { instances: e.inputs });
    expect(status, JSON.stringify(body)).toBe(200);
    expectClose(
      (body.predictions as Json[]).map((p) => p.value as number),
      e.outputs.map((o) => o[0]!),
      'values',
    );
  }, 300_000);

  it('answers a CNN on [1, 28, 28] instances, nested or as 784 values in one flat list', async () => {
    const url = await serving({ file: 'digits_cnn.pt', kind: 'torchscript', input: { name: 'input', shape: [-1, 1, 28, 28] } });
    const e = expected['digits_cnn.pt']!;
    const flat = (e.inputs as number[][][][]).map((i) => i.flat(2));
    for (const instances of [e.inputs, flat]) {
      const { status, body } = await postJson(`${url}/predict`, { instances });
      expect(status, JSON.stringify(body)).toBe(200);
      (body.predictions as Json[]).forEach((p, row) => expectClose(p.outputs.output.data as number[], e.outputs[row]!, `row ${row}`));
    }
  }, 300_000);
});

describe('a torch model whose warm-up shows it cannot serve', () => {
  async function failing(model: Model): Promise<string> {
    const server = await start(await project(model));
    servers.push(server);
    expect(await server.exited).toBe(1);
    return server.stderr();
  }

  it('exits 1 naming both counts when its score output does not hold one score per label', async () => {
    const stderr = await failing({ ...CANCER, labels: ['a', 'b', 'c'], file: 'cancer_mlp.pt', kind: 'torchscript' });
    expect(stderr).toMatch(/error: .*3 labels given, but the model's output "output" holds 2 scores per row/);
  }, 300_000);

  it("exits 1 with torch's last line when it cannot run on the declared shape", async () => {
    const stderr = await failing({ ...CANCER, input: { name: 'input', shape: [-1, 31] }, file: 'cancer_mlp.pt', kind: 'torchscript' });
    expect(stderr).toMatch(
      /error: .*cannot run on its declared input shape \(input \[-1, 31\]\): RuntimeError: The size of tensor a \(31\) must match the size of tensor b \(30\)/,
    );
  }, 300_000);
});
