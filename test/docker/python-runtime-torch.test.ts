/**
 * PyTorch files served by the Python runtime end to end, in real containers: `craneml init` of a
 * TorchScript file, torch.export files and a state_dict project (test/fixtures/torch, made in set-up by
 * scripts/make-torch-fixtures.sh), `build` on one dependency image with torch's CPU build (the same pin
 * for all of them) and `run`; answers equal to torch's own (expected.json), V2 infer with the
 * classification extension, and a labelled model whose scores do not fit its labels never ready.
 */
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TORCH_TEST_ENV, torchExpected, torchFixture, type TorchExpected } from '../helpers/torch-env.ts';
import { BUILD_MS, containerState, postJson, predict, PythonE2e, type Served } from './python-runtime-e2e.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

/** Absolute, or relative to a value past 1 (a float32 regressor's 182.09975 has steps of 1.5e-5). */
const TOLERANCE = 1e-5;

function expectClose(actual: number[], wanted: number[], what: string): void {
  expect(actual, what).toHaveLength(wanted.length);
  actual.forEach((value, i) =>
    expect(Math.abs(value - wanted[i]!), `${what}[${i}]: ${value} vs ${wanted[i]}`).toBeLessThanOrEqual(
      TOLERANCE * Math.max(1, Math.abs(wanted[i]!)),
    ),
  );
}

interface RawAnswer {
  outputs: Record<string, { dtype: string; shape: number[]; data: number[] }>;
}

interface ClassAnswer {
  label: string;
  index: number;
  score: number;
  top_k: { label: string; score: number }[];
}

interface V2Answer {
  outputs: { name: string; datatype: string; shape: number[]; data: unknown[] }[];
}

describe.skipIf(!docker)('PyTorch files served by the Python runtime', () => {
  const e2e = new PythonE2e(docker!, 'py-torch');
  const saved: Record<string, string | undefined> = {};
  let expected: Record<string, TorchExpected> = {};

  beforeAll(async () => {
    expected = torchExpected().files;
    await e2e.start();
    // The CLI (a child process) inherits these: its dependency container takes torch's CPU wheel from /opt/wheels.
    for (const [key, value] of Object.entries(TORCH_TEST_ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    await writeFile(e2e.path('labels.txt'), 'malignant\nbenign\n');
    await writeFile(e2e.path('three-labels.txt'), 'malignant\nbenign\nunsure\n');
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await e2e.stop();
  });

  /** `craneml init <fixture> <args>` then `build`; the image's tag. */
  async function image(fixture: string, name: string, args: string[] = []): Promise<string> {
    const project = e2e.path(name);
    const init = await e2e.cli(['init', torchFixture(fixture), '-o', project, '--name', name, ...args]);
    expect(init.code, init.stderr).toBe(0);
    return e2e.build(project, name);
  }

  async function serve(fixture: string, name: string, args: string[] = []): Promise<Served> {
    const served = await e2e.run(await image(fixture, name, args), name);
    expect(served.run.code, served.run.stderr).toBe(0);
    return served;
  }

  const infer = (served: Served, name: string, body: unknown) =>
    postJson<V2Answer & { error?: string }>(`${served.url}/v2/models/${name}/infer`, body);

  it(
    'a TorchScript classifier (--input-shape 30, labels, --softmax): /predict answers as torch, V2 the logits and the classification extension',
    async () => {
      const e = expected['cancer_mlp.pt']!;
      const served = await serve('cancer_mlp.pt', 'cancer-ts', ['--input-shape', '30', '--labels', e2e.path('labels.txt'), '--softmax']);
      const inputs = e.inputs as number[][];
      const logits = e.outputs as number[][];

      const answer = await predict<ClassAnswer>(served.url, inputs);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      answer.body.predictions.forEach((p, row) => {
        const probabilities = e.probabilities![row]!;
        const best = probabilities.indexOf(Math.max(...probabilities));
        expect([p.label, p.index]).toEqual([e.labels![best], best]);
        expectClose(
          e.labels!.map((label) => p.top_k.find((t) => t.label === label)!.score),
          probabilities,
          `row ${row} probabilities`,
        );
      });

      const tensor = [{ name: 'input', shape: [inputs.length, 30], datatype: 'FP32', data: inputs.flat() }];
      const raw = await infer(served, 'cancer-ts', { inputs: tensor });
      expect(raw.status, JSON.stringify(raw.body)).toBe(200);
      expect(raw.body.outputs[0]).toMatchObject({ datatype: 'FP32', shape: [inputs.length, 2] });
      expectClose(raw.body.outputs[0]!.data as number[], logits.flat(), 'logits');

      const name = raw.body.outputs[0]!.name;
      const top = await infer(served, 'cancer-ts', { inputs: tensor, outputs: [{ name, parameters: { classification: 2 } }] });
      expect(top.status, JSON.stringify(top.body)).toBe(200);
      expect(top.body.outputs[0]).toMatchObject({ name, datatype: 'BYTES', shape: [inputs.length, 2] });
      (top.body.outputs[0]!.data as string[]).forEach((entry, k) => {
        const row = Math.floor(k / 2);
        const order = [0, 1].sort((a, b) => logits[row]![b]! - logits[row]![a]!);
        const [score, index, label] = entry.split(':');
        const wanted = order[k % 2]!;
        expect([Number(index), label]).toEqual([wanted, e.labels![wanted]]);
        expectClose([Number(score)], [logits[row]![wanted]!], `row ${row} logit`);
      });

      const short = await predict(served.url, [inputs[0]!.slice(1)]);
      expect(short.status).toBe(422);
      expect(JSON.stringify(short.body)).toContain('has shape [29] but the model expects [30]');
    },
    BUILD_MS,
  );

  it.each([
    ['cancer_mlp.pt2', 'cancer-pt2', []],
    ['diabetes_reg.pt2', 'diabetes-pt2', []],
    ['digits_cnn.pt', 'digits-ts', ['--input-shape', '1,28,28']],
  ])(
    '%s: the raw outputs torch gives, by /predict and by V2 infer',
    async (fixture, name, args) => {
      const e = expected[fixture]!;
      const served = await serve(fixture, name, args);
      const answer = await predict<RawAnswer>(served.url, e.inputs!);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      answer.body.predictions.forEach((p, row) => {
        const [output] = Object.values(p.outputs);
        expectClose(output!.data, (e.outputs![row] as number[]).flat(), `row ${row}`);
      });
      const meta = (await (await fetch(`${served.url}/v2/models/${name}`)).json()) as { inputs: { name: string; shape: number[] }[] };
      const sample = meta.inputs[0]!.shape.slice(1);
      const data = (e.inputs as unknown[]).flat(sample.length);
      const v2 = await infer(served, name, {
        inputs: [{ name: meta.inputs[0]!.name, shape: [e.inputs!.length, ...sample], datatype: 'FP32', data }],
      });
      expect(v2.status, JSON.stringify(v2.body)).toBe(200);
      expectClose(v2.body.outputs[0]!.data as number[], (e.outputs as number[][]).flat(), 'V2 outputs');
    },
    BUILD_MS,
  );

  it(
    'a state_dict project with predict.py: answers as its own predict',
    async () => {
      const e = expected['statedict-project']!;
      const served = await serve('statedict-project', 'statedict');
      const answer = await predict<{ label: string; score: number }>(served.url, e.rows!);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const own = e.answers as { label: string; score: number }[];
      expect(answer.body.predictions.map((p) => p.label)).toEqual(own.map((a) => a.label));
      expectClose(
        answer.body.predictions.map((p) => p.score),
        own.map((a) => a.score),
        'scores',
      );
    },
    BUILD_MS,
  );

  it(
    'three labels for two scores: the warm-up finds it, craneml run fails naming both counts, no container is left',
    async () => {
      const built = await image('cancer_mlp.pt', 'three-labels', [
        '--input-shape',
        '30',
        '--labels',
        e2e.path('three-labels.txt'),
        '--softmax',
      ]);
      const served = await e2e.run(built, 'three-labels');
      expect(served.run.code, served.run.stderr).toBe(2);
      expect(served.run.stdout + served.run.stderr).toMatch(/3 labels given, but the model's output "\w+" holds 2 scores per row/);
      expect(served.run.stderr).not.toMatch(/internal error/);
      expect(await containerState(docker!, served.container)).toBe(404);
    },
    BUILD_MS,
  );
});
