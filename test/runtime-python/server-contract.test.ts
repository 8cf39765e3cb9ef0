/**
 * The shared HTTP contract suite (test/contract) against the Python runtime's server itself, spawned
 * in the runtime's venv: the models no converter takes, made projects by `craneml init` (whose
 * conversion attempt runs in the converter container, hence Docker), answers from expectations.json.
 * The same suite runs against built images in test/contract/python-runtime.test.ts; this one needs
 * no image build, so a server change is checked in seconds.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe } from 'vitest';
import { requireDocker } from '../docker/require-docker.ts';
import { runCli } from '../helpers/cli.ts';
import { runContractSuite } from '../contract/run-contract-suite.ts';
import type { ContractFixture } from '../contract/context.ts';
import { runtimePython, startPython, waitReady } from './server-helpers.ts';

const FIXTURES = path.resolve('test/fixtures/python');
const docker = await requireDocker();

let python = '';
beforeAll(async () => {
  python = await runtimePython();
}, 600_000);

/** `craneml init <the fixture's pickle>` into a fresh folder: the project the server serves. */
async function initProject(fixture: ContractFixture, folder: string): Promise<string> {
  const project = path.join(folder, fixture.name);
  const files = (await readdir(fixture.project)).filter((name) => /\.(pkl|pickle|joblib|skops)$/.test(name));
  if (files.length !== 1) throw new Error(`${fixture.project}: expected one model file, found ${files.join(', ') || 'none'}`);
  const result = await runCli(['init', path.join(fixture.project, files[0]!), '-o', project, '--name', fixture.expectations.model.name], {
    timeoutMs: 600_000,
    env: { CRANEML_CACHE_DIR: path.join(folder, 'cache') },
  });
  if (result.code !== 0) throw new Error(`craneml init exited ${result.code}:\n${result.stderr}`);
  return project;
}

describe.skipIf(!docker)('python runtime server (venv)', () => {
  runContractSuite({
    name: 'python runtime server',
    fixtures: ['log1p-cancer', 'spline-diabetes'].map((name) => path.join(FIXTURES, name)),
    startTimeoutMs: 600_000,
    async start(fixture, env) {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'craneml-python-contract-'));
      try {
        const server = await startPython(python, await initProject(fixture, folder), env);
        await waitReady(server);
        return {
          url: server.url,
          async stop() {
            await server.stop();
            await rm(folder, { recursive: true, force: true });
          },
        };
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
    },
  });
});
