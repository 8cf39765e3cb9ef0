/**
 * Python projects end to end, as their authors wrote them: a folder with predict.py and its own
 * feature code, and a Cog project (cog.yaml + predict.py with typed Inputs) served on CraneML's
 * /predict and on Cog's own POST /predictions, and one as `cog init` writes it since Cog 0.22 (run.py's
 * async BaseRunner.run). `craneml init <folder>` → `build` → `run`; the answers equal what the project's
 * own code answered in the test set-up (e2e-features) or what its code computes by construction
 * (e2e-cog, e2e-cog-runner). A Cog project asking for a GPU is refused at init.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError } from '../helpers/cli-errors.ts';
import { BUILD_MS, exists, postJson, predict, PYTHON_FIXTURES, PYTHON_PROJECTS, PythonE2e, requireFixtures } from './python-runtime-e2e.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

interface FeatureAnswers {
  rows: Record<string, number>[];
  answers: { label: string; score: number }[];
  tolerance: { absolute: number };
}

interface ErrorBody {
  error: { code: string; message: string };
}

/** What e2e-cog's predict.py returns, written out: tanh(temperature × len(text) / 10) to 4 places. */
const COG_CASES: [Record<string, unknown>, string][] = [
  [{ text: 'hello', repeat: 2, temperature: 1.0, shout: true, style: 'brackets' }, '[HELLO HELLO] 0.4621'],
  // Every other Input at its default: repeat 1, temperature 0.5, shout false, style plain.
  [{ text: 'hi' }, 'hi 0.0997'],
  [{ text: 'crane', repeat: 5, temperature: 2.0, shout: false, style: 'plain' }, 'crane crane crane crane crane 0.7616'],
];

describe.skipIf(!docker)('Python projects as their authors wrote them', () => {
  const e2e = new PythonE2e(docker!, 'py-projects');
  beforeAll(async () => {
    await requireFixtures();
    await e2e.start();
  });
  afterAll(() => e2e.stop());

  it(
    'a predict.py project with its own feature code answers as it did in the test set-up',
    async () => {
      const expected = JSON.parse(await readFile(path.join(PYTHON_FIXTURES, 'e2e-features.answers.json'), 'utf8')) as FeatureAnswers;
      const served = await e2e.serve(path.join(PYTHON_FIXTURES, 'e2e-features'), 'features');
      expect(served.manifest).toMatchObject({ runtime: 'python', python: { source: { kind: 'predictor' } } });

      const answer = await predict<{ label: string; score: number }>(served.url, expected.rows);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.predictions.map((p) => p.label)).toEqual(expected.answers.map((a) => a.label));
      answer.body.predictions.forEach((p, i) =>
        expect(Math.abs(p.score - expected.answers[i]!.score)).toBeLessThanOrEqual(expected.tolerance.absolute),
      );
    },
    BUILD_MS,
  );

  it(
    "a Cog project answers on /predict and on Cog's POST /predictions, and checks its Inputs",
    async () => {
      const served = await e2e.serve(path.join(PYTHON_PROJECTS, 'e2e-cog'), 'cog');
      expect(served.manifest).toMatchObject({ runtime: 'python', python: { source: { kind: 'cog' } } });
      expect(served.manifest.python!.requirements).toContain('numpy==2.4.6');

      const answer = await predict<string>(
        served.url,
        COG_CASES.map(([row]) => row),
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.predictions).toEqual(COG_CASES.map(([, output]) => output));

      for (const [input, output] of COG_CASES) {
        const cog = await postJson<{ status: string; output: unknown }>(`${served.url}/predictions`, { input });
        expect(cog.status, JSON.stringify(cog.body)).toBe(200);
        expect(cog.body).toMatchObject({ status: 'succeeded', output });
      }

      // Past `le`, outside `choices`, and a missing Input without a default: 422 naming the column.
      for (const [row, column] of [
        [{ text: 'hi', repeat: 9 }, 'repeat'],
        [{ text: 'hi', style: 'italic' }, 'style'],
        [{ repeat: 2 }, 'text'],
      ] as const) {
        const refused = await predict<never>(served.url, [row]);
        expect(refused.status, JSON.stringify(refused.body)).toBe(422);
        const body = refused.body as unknown as ErrorBody;
        expect(body.error.code).toBe('INPUT_INVALID');
        expect(body.error.message).toContain(column);
      }
      // The schema /openapi.json publishes comes from the signature: every Input, with its bounds and choices.
      const openapi = JSON.stringify(await (await fetch(`${served.url}/openapi.json`)).json());
      for (const name of ['text', 'repeat', 'temperature', 'shout', 'style', 'brackets', 'How many times to repeat the text'])
        expect(openapi).toContain(name);
    },
    BUILD_MS,
  );

  it(
    'a Cog 0.22 project (run.py, an async BaseRunner.run) answers on /predict and /predictions, and checks its Inputs',
    async () => {
      const served = await e2e.serve(path.join(PYTHON_PROJECTS, 'e2e-cog-runner'), 'cog-runner');
      expect(served.manifest).toMatchObject({ runtime: 'python', python: { source: { kind: 'cog', file: 'run.py', class: 'Runner' } } });

      // tanh(temperature × len(text) / 10) to 4 places, as run.py computes it.
      const cases: [Record<string, unknown>, string][] = [
        [{ text: 'hello', repeat: 2, temperature: 1.0 }, 'hello hello 0.4621'],
        [{ text: 'hi' }, 'hi 0.0997'],
      ];
      const answer = await predict<string>(
        served.url,
        cases.map(([row]) => row),
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.predictions).toEqual(cases.map(([, output]) => output));
      const cog = await postJson<{ status: string; output: unknown }>(`${served.url}/predictions`, { input: cases[0]![0] });
      expect(cog.body).toMatchObject({ status: 'succeeded', output: cases[0]![1] });
      // Cog's idempotent PUT /predictions/<id>: the id is the path's; POST there is not a route of Cog's.
      const put = await fetch(`${served.url}/predictions/run-42`, {
        method: 'PUT',
        body: JSON.stringify({ input: cases[1]![0] }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ id: 'run-42', status: 'succeeded', output: cases[1]![1] });
      expect((await fetch(`${served.url}/predictions/run-42`, { method: 'POST', body: '{}' })).status).toBe(405);

      const refused = await predict<never>(served.url, [{ text: 'hi', repeat: 9 }]);
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect((refused.body as unknown as ErrorBody).error.message).toContain('repeat');
    },
    BUILD_MS,
  );

  it('a Cog project asking for a GPU is refused at init with one line, and no project is written', async () => {
    const project = e2e.path('cog-gpu');
    const init = await e2e.cli(['init', path.join(PYTHON_PROJECTS, 'e2e-cog-gpu'), '-o', project], 120_000);
    expectOneLineError(init, /GPU/);
    expect(await exists(project)).toBe(false);
  });
});
