/**
 * The contract suite against the Node runtime as an image runs it: the server bundled by esbuild
 * (once for the file: every server runs the same bundle, as every container of an image does), one
 * child process per server, serving the converted table fixtures with scikit-learn's answers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { bundleServer, serveBundle } from '../runtime/bundled-server.ts';
import { TABLES } from '../runtime/table-fixtures.ts';
import { runContractSuite } from './run-contract-suite.ts';
import { tableExpectations } from './table-expectations.ts';

let bundle: Promise<string> | undefined;

/** The folder holding the file's one bundle, made on first use. */
function sharedBundle(): Promise<string> {
  bundle ??= mkdtemp(path.join(os.tmpdir(), 'craneml-contract-node-')).then(async (out) => {
    try {
      await bundleServer(out);
      return out;
    } catch (error) {
      await rm(out, { recursive: true, force: true });
      throw error;
    }
  });
  return bundle;
}

afterAll(async () => {
  const out = await bundle?.catch(() => undefined);
  if (out) await rm(out, { recursive: true, force: true });
});

runContractSuite({
  name: 'node runtime',
  // A classifier with string, integer, number (with gaps) and boolean columns; one whose model reads
  // all 30 columns as one 2-D input; a regressor.
  fixtures: ['mixed', 'cancer', 'diabetes'].map((model) => path.join(TABLES, model)),
  expectationsOf: tableExpectations,
  async start(fixture, env) {
    const server = await serveBundle(await sharedBundle(), fixture.project, env);
    return {
      url: server.url,
      async stop() {
        server.child.kill('SIGTERM');
        await server.exited;
      },
    };
  },
});
