/**
 * The Python runtime's request log while its model is set up: the 503s its /readyz answers (Docker's health
 * check and `craneml run` ask many times) are logged at level info, as the Node runtime logs them.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { runtimePython, startPython, until, waitReady, writeProject, type PythonServer } from './server-helpers.ts';

let work: TempDir;
let server: PythonServer;

beforeAll(async () => {
  work = await tempDir('python-readiness-log');
  const project = await writeProject(work.path);
  // The project's set-up waits while this file exists: the server stays "starting" until the test removes it.
  await writeFile(path.join(project, 'hold-setup'), '');
  server = await startPython(await runtimePython(), project);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await work?.remove();
});

/** The request log lines the server wrote for `route`. */
function requestLines(route: string): { level: string; status: number }[] {
  return server
    .stdout()
    .split('\n')
    .filter((line) => line.includes('"msg": "request"'))
    .map((line) => JSON.parse(line) as { level: string; status: number; route: string })
    .filter((line) => line.route === route);
}

describe('python runtime: the log while starting', () => {
  it('logs /readyz and /v2/health/ready answering 503 at level info, and a refused prediction as an error', async () => {
    let status = 0;
    await until('/readyz answers while set-up waits', async () => {
      status = (await fetch(`${server.url}/readyz`).catch(() => undefined))?.status ?? 0;
      return status !== 0;
    });
    expect(status).toBe(503);
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(503);
    const predict = await fetch(`${server.url}/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instances: [{ x: 1 }] }),
    });
    expect(predict.status).toBe(503);
    await until('the three requests logged', () => requestLines('/predict').length === 1 && requestLines('/v2/health/ready').length === 1);
    expect(
      requestLines('/readyz')
        .filter((line) => line.status === 503)
        .map((line) => line.level),
    ).toEqual(expect.arrayContaining(['info']));
    expect(requestLines('/readyz').some((line) => line.level === 'error')).toBe(false);
    expect(requestLines('/v2/health/ready')).toEqual([expect.objectContaining({ status: 503, level: 'info' })]);
    expect(requestLines('/predict')).toEqual([expect.objectContaining({ status: 503, level: 'error' })]);

    await rm(path.join(work.path, 'hold-setup'));
    await waitReady(server);
  });
});
