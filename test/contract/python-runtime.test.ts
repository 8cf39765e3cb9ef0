/**
 * The contract suite against the Python runtime: models no converter takes (scripts/fixtures-python,
 * with the library's own answers in expectations.json), through `craneml init` (which falls back to
 * the Python runtime), then served twice: `build` and `run` in real containers, and the runtime's
 * server itself spawned in its venv (`-t venv` runs only that one: a server change checked in seconds,
 * no image build). Both serve the one project `init` made per fixture.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { requireDocker } from '../docker/require-docker.ts';
import { runtimePython, startPython, waitReady } from '../runtime-python/server-helpers.ts';
import { BUILD_MS, CliImages } from './cli-images.ts';
import { runContractSuite } from './run-contract-suite.ts';

const PYTHON_FIXTURES = path.resolve('test/fixtures/python');
// A classifier on 30 named number columns (FunctionTransformer(np.log1p): skl2onnx refuses it);
// a regressor (SplineTransformer: no shape calculator).
const FIXTURES = ['log1p-cancer', 'spline-diabetes'].map((name) => path.join(PYTHON_FIXTURES, name));
const docker = await requireDocker();

describe.skipIf(!docker)('contract in containers', () => {
  const images = docker && new CliImages(docker, 'contract-python', 'python');
  afterAll(() => images?.cleanup());

  runContractSuite({
    name: 'python runtime',
    fixtures: FIXTURES,
    startTimeoutMs: BUILD_MS,
    start: (fixture, env) => images!.serve(fixture, env),
  });

  describe('python runtime server (venv)', () => {
    let python = '';
    beforeAll(async () => {
      python = await runtimePython();
    }, 600_000);

    runContractSuite({
      name: 'python runtime server (venv)',
      fixtures: FIXTURES,
      startTimeoutMs: 600_000,
      async start(fixture, env) {
        const server = await startPython(python, await images!.project(fixture), env);
        const stop = async (): Promise<void> => void (await server.stop());
        await waitReady(server).catch(async (error: unknown) => {
          await stop();
          throw error;
        });
        return { url: server.url, stop };
      },
    });
  });
});
