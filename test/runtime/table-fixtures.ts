/**
 * The converted table models of scripts/fixtures-tabular/onnx_tables.py (made by
 * scripts/make-tabular-fixtures.sh), each a ready project, with scikit-learn's own answers, and the
 * server started in this process on one of them.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { startServer, type RunningServer } from '../../templates/runtime-node/src/server.ts';

export const TABLES = path.resolve('test/fixtures/tabular/onnx-tables');

export type TableModel = 'cancer' | 'mixed' | 'diabetes' | 'diabetes-two';

/** What scikit-learn answered for the fixture's rows (expected.json). */
export interface Expected {
  rows: Record<string, unknown>[];
  classes?: string[];
  /** Labels (classifiers) or values (regressors; a list per row for several targets). */
  predict: (string | number | number[])[];
  predict_proba?: number[][];
}

/** The project folder of a fixture model; fails naming the set-up script when it was not made. */
export async function tableProject(model: TableModel): Promise<string> {
  const dir = path.join(TABLES, model);
  const made = await stat(path.join(dir, 'craneml.json')).then(
    () => true,
    () => false,
  );
  if (!made) throw new Error(`${dir} is missing: run bash scripts/make-tabular-fixtures.sh`);
  return dir;
}

export async function expectedOf(model: TableModel): Promise<Expected> {
  return JSON.parse(await readFile(path.join(TABLES, model, 'expected.json'), 'utf8')) as Expected;
}

export async function rowsCsv(model: TableModel): Promise<string> {
  return readFile(path.join(TABLES, model, 'rows.csv'), 'utf8');
}

/** The model server in this process on a fixture model, ready. */
export async function serveTable(model: TableModel): Promise<RunningServer> {
  const server = await startServer({ project: await tableProject(model), port: 0, host: '127.0.0.1', log: false });
  await server.ready;
  return server;
}
