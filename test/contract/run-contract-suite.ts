/**
 * The HTTP contract of a CraneML model server, written once and run against every runtime (in the
 * spirit of Hono's one suite run against every router): `runContractSuite({ name, fixtures, start })`
 * registers vitest tests that start each fixture's server twice (plain, and with an API key and CORS
 * origins) and assert the answers against the fixture's expectations.json, never an in-process predictor.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeDescriptions } from './cases/descriptions.ts';
import { describeErrors } from './cases/errors.ts';
import { describeGuard } from './cases/guard.ts';
import { describeHealth } from './cases/health.ts';
import { describePredictCsv } from './cases/predict-csv.ts';
import { describePredictJson } from './cases/predict-json.ts';
import { describeV2 } from './cases/v2.ts';
import { API_KEY, CORS_ORIGIN, type ContractContext, type ContractFixture, type ContractServer } from './context.ts';
import { EXPECTATIONS_FILE, expectationsSchema, type Expectations } from './expectations-schema.ts';

export interface ContractRun {
  /** The runtime under test, e.g. "node runtime (bundled server)". */
  name: string;
  /** Fixture folders: a project (craneml.json and the model's files), or what `start` makes one of. */
  fixtures: string[];
  /** How long starting a fixture's two servers may take (a first image build: minutes); default the hook timeout. */
  startTimeoutMs?: number;
  /** The expectations of a project; by default its expectations.json, checked against expectations-schema.ts. */
  expectationsOf?: (project: string) => Promise<Expectations>;
  /**
   * Serves `fixture.project` with the runtime (called twice per fixture, so a build may be reused) and resolves once it is ready; `env` is set in the
   * server's environment as an image's is (CRANEML_API_KEY, CRANEML_CORS_ORIGINS).
   */
  start(fixture: ContractFixture, env: Record<string, string>): Promise<ContractServer>;
}

/** Reads and checks `<project>/expectations.json`; a missing one names the set-up that writes it. */
export async function readExpectations(project: string): Promise<Expectations> {
  const file = path.join(project, EXPECTATIONS_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new Error(`${file} is missing: the test set-up writes it (bash scripts/setup.sh)`);
  });
  return expectationsSchema.parse(JSON.parse(text));
}

/**
 * Registers the contract's tests for every fixture.
 * @example runContractSuite({ name: 'node runtime', fixtures: [project], start: (f, env) => startNode(f.project, env) });
 */
export function runContractSuite(run: ContractRun): void {
  for (const project of run.fixtures) {
    describe(`${run.name}: ${path.basename(project)}`, () => {
      const context = {} as ContractContext;
      const started: ContractServer[] = [];

      beforeAll(async () => {
        const expectations = await (run.expectationsOf ?? readExpectations)(project);
        const fixture: ContractFixture = { name: path.basename(project), project, expectations };
        const plain = await run.start(fixture, {});
        started.push(plain);
        const guarded = await run.start(fixture, { CRANEML_API_KEY: API_KEY, CRANEML_CORS_ORIGINS: CORS_ORIGIN });
        started.push(guarded);
        Object.assign(context, { fixture, expectations, url: plain.url, guardedUrl: guarded.url });
      }, run.startTimeoutMs);

      afterAll(async () => {
        await Promise.all(started.map((server) => server.stop()));
      });

      describeHealth(context);
      describeDescriptions(context);
      describePredictJson(context);
      describePredictCsv(context);
      describeErrors(context);
      describeV2(context);
      describeGuard(context);
    });
  }
}
