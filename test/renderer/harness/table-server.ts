/**
 * The real model server (in this process) on a converted table fixture, open to the harness pages' origin,
 * with scikit-learn's own answers for the fixture's rows.
 */
import { startServer, type RunningServer } from '../../../templates/runtime-node/src/server.ts';
import { expectedOf, tableProject, type Expected, type TableModel } from '../../runtime/table-fixtures.ts';

export interface TableServer {
  server: RunningServer;
  expected: Expected;
  /** The Test window harness's query for this server. */
  query: string;
}

/** The harness pages are served from 127.0.0.1 on another port: CORS lets them call the server as any client would. */
export async function startTableServer(model: TableModel): Promise<TableServer> {
  const server = await startServer({
    project: await tableProject(model),
    port: 0,
    host: '127.0.0.1',
    log: false,
    corsOrigins: ['http://127.0.0.1:*'],
  });
  await server.ready;
  return { server, expected: await expectedOf(model), query: `?url=${encodeURIComponent(server.url)}` };
}

/** A fixture row as CSV text: an empty cell for a gap, booleans as Python's pandas writes them. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
