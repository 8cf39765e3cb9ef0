/**
 * A user's Python code failing, in a real container: setup that raises (craneml run shows the
 * exception's line and leaves nothing running), predict that raises (a JSON 500, then the next request
 * is answered), predict that hangs (the deadline answers, then the next request is answered), and a
 * requirement that does not exist (the build fails with pip's line). Projects:
 * test/fixtures/python-projects/e2e-*.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError } from '../helpers/cli-errors.ts';
import { BUILD_MS, containerState, predict, PYTHON_PROJECTS, PythonE2e, untilReady } from './python-runtime-e2e.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

interface ErrorBody {
  error: { code: string; message: string };
}

describe.skipIf(!docker)("a user's Python code failing", () => {
  const d = docker!;
  const e2e = new PythonE2e(d, 'py-failures');
  beforeAll(() => e2e.start());
  afterAll(() => e2e.stop());

  it(
    "setup raises: craneml run exits 2 with the exception's last line, and no container is left",
    async () => {
      const { project } = await e2e.init(path.join(PYTHON_PROJECTS, 'e2e-setup-raises'), 'setup-raises');
      const image = await e2e.build(project, 'setup-raises');
      const served = await e2e.run(image, 'setup-raises');
      expect(served.run.code, served.run.stderr).toBe(2);
      expect(served.run.stdout + served.run.stderr).toContain('RuntimeError: e2e: the weights file weights.bin is missing');
      expect(served.run.stderr).not.toMatch(/internal error/);
      expect(await containerState(d, served.container)).toBe(404);
    },
    BUILD_MS,
  );

  it(
    'predict raises: that request gets a JSON 500 naming the exception, the next one its answer',
    async () => {
      const served = await e2e.serve(path.join(PYTHON_PROJECTS, 'e2e-predict-raises'), 'predict-raises');
      const failed = await predict(served.url, [{ x: 1, explode: true }]);
      expect(failed.status).toBe(500);
      expect(failed.body as unknown as ErrorBody).toEqual({
        error: { code: 'INTERNAL', message: expect.stringContaining('ValueError: e2e: this row asked to explode') as string },
      });
      const next = await predict<number>(served.url, [{ x: 1 }, { x: 2.5 }]);
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      expect(next.body.predictions).toEqual([2, 5]);
      expect(await containerState(d, served.container)).toBe('running');
    },
    BUILD_MS,
  );

  it(
    'predict hangs: the deadline answers with an error body, and the next request is answered',
    async () => {
      const served = await e2e.serve(path.join(PYTHON_PROJECTS, 'e2e-hang'), 'hang', ['CRANEML_DEADLINE_MS=3000']);
      const hung = await predict(served.url, [{ x: 1, hang: true }]);
      expect([503, 504], JSON.stringify(hung.body)).toContain(hung.status);
      expect((hung.body as unknown as ErrorBody).error.message).toMatch(/deadline/);
      // The stuck worker is replaced: /readyz answers 200 again once the new one has run setup.
      await untilReady(served.url);
      const next = await predict<number>(served.url, [{ x: 3 }]);
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      expect(next.body.predictions).toEqual([6]);
      expect(await containerState(d, served.container)).toBe('running');
    },
    BUILD_MS,
  );

  it(
    "a requirement that does not exist: build exits 2 with pip's line naming it",
    async () => {
      const { project } = await e2e.init(path.join(PYTHON_PROJECTS, 'e2e-bad-requirement'), 'bad-requirement');
      const { image } = e2e.names('bad-requirement');
      const build = await e2e.cli(['build', project, '-t', image]);
      expectOneLineError(
        build,
        /(No matching distribution found|Could not find a version that satisfies the requirement) .*craneml-e2e-no-such-package/,
      );
    },
    BUILD_MS,
  );
});
