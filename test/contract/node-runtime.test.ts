/**
 * The contract suite against the Node runtime as an image runs it: the server bundled by esbuild,
 * one child process per server, serving the converted table fixtures with scikit-learn's answers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBundledServer } from '../runtime/bundled-server.ts';
import { TABLES } from '../runtime/table-fixtures.ts';
import { runContractSuite } from './run-contract-suite.ts';
import { tableExpectations } from './table-expectations.ts';

runContractSuite({
  name: 'node runtime',
  // A classifier with string, integer, number (with gaps) and boolean columns; one whose model reads
  // all 30 columns as one 2-D input; a regressor.
  fixtures: ['mixed', 'cancer', 'diabetes'].map((model) => path.join(TABLES, model)),
  expectationsOf: tableExpectations,
  async start(fixture, env) {
    const out = await mkdtemp(path.join(os.tmpdir(), 'craneml-contract-node-'));
    try {
      const server = await startBundledServer(out, fixture.project, env);
      return {
        url: server.url,
        async stop() {
          server.child.kill('SIGTERM');
          await server.exited;
          await rm(out, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await rm(out, { recursive: true, force: true });
      throw error;
    }
  },
});
