/**
 * The contract suite against the Python runtime in real containers: models no converter takes
 * (scripts/fixtures-python, with the library's own answers in expectations.json), through
 * `craneml init` (which falls back to the Python runtime), `build` and `run`.
 */
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { requireDocker } from '../docker/require-docker.ts';
import { BUILD_MS, CliImages } from './cli-images.ts';
import { runContractSuite } from './run-contract-suite.ts';

const PYTHON_FIXTURES = path.resolve('test/fixtures/python');
const docker = await requireDocker();

describe.skipIf(!docker)('contract in containers', () => {
  const images = docker && new CliImages(docker, 'contract-python', 'python');
  afterAll(() => images?.cleanup());
  runContractSuite({
    name: 'python runtime',
    // A classifier on 30 named number columns (FunctionTransformer(np.log1p): skl2onnx refuses it);
    // a regressor (SplineTransformer: no shape calculator).
    fixtures: ['log1p-cancer', 'spline-diabetes'].map((name) => path.join(PYTHON_FIXTURES, name)),
    startTimeoutMs: BUILD_MS,
    start: (fixture, env) => images!.serve(fixture, env),
  });
});
