/** `craneml predict --csv`: rows of a table predicted in process or by a running server, printed as the server's CSV answer. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../templates/runtime-node/src/server.ts';
import { expectedOf, rowsCsv, serveTable, tableProject, TABLES, type Expected } from './table-fixtures.ts';

const bin = path.resolve('bin/craneml.js');
const rows = path.join(TABLES, 'mixed', 'rows.csv');
let server: RunningServer;
let expected: Expected;

beforeAll(async () => {
  [server, expected] = await Promise.all([serveTable('mixed'), expectedOf('mixed')]);
});

afterAll(async () => {
  await server?.shutdown();
});

/** Runs the CLI with `stdin` on its standard input; resolves with its exit code and output. */
function craneml(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, CRANEML_API_KEY: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function serverCsv(): Promise<string> {
  const response = await fetch(`${server.url}/predict`, {
    method: 'POST',
    body: await rowsCsv('mixed'),
    headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' },
  });
  return response.text();
}

describe('craneml predict --csv', () => {
  it('prints the CSV answer the server gives, in process and from the server, labels as scikit-learn', async () => {
    const [local, remote, wanted] = await Promise.all([
      craneml(['predict', await tableProject('mixed'), '--csv', rows]),
      craneml(['predict', server.url, '--csv', rows]),
      serverCsv(),
    ]);
    expect(local).toMatchObject({ code: 0, stderr: '' });
    expect(local.stdout).toBe(wanted);
    expect(remote).toMatchObject({ code: 0, stdout: wanted });
    const [header, ...lines] = parse(local.stdout) as string[][];
    expect(lines.map((line) => line[header!.indexOf('label')])).toEqual(expected.predict);
  });

  it('prints JSON with -o json, and reads the CSV from stdin', async () => {
    const { code, stdout } = await craneml(
      ['predict', await tableProject('diabetes'), '--csv', '-', '-o', 'json'],
      await rowsCsv('diabetes'),
    );
    expect(code).toBe(0);
    const { predictions } = JSON.parse(stdout);
    const want = (await expectedOf('diabetes')).predict as number[];
    expect(predictions).toHaveLength(want.length);
    predictions.forEach((p: { value: number }, i: number) => expect(p.value).toBeCloseTo(want[i]!, 6));
  });

  it('exits 2 with one line naming the missing column, in process and from the server', async () => {
    for (const target of [await tableProject('mixed'), server.url]) {
      const { code, stdout, stderr } = await craneml(['predict', target, '--csv', '-'], 'sex,embarked,pclass,age,fare\nmale,S,1,30,7\n');
      expect(code, target).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^craneml: (the server answered 422: )?the CSV header has no column "alone"\n$/);
    }
  });
});
