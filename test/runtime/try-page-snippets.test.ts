/**
 * "How to call this API" on the try-it page: its curl lines, built from a real server's /metadata,
 * run as a shell runs them against that server (with the key from CRANEML_API_KEY, never in the text).
 */
import { execFile } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metadata } from '../../main/shared/http-contract.ts';
import { initProject } from '../../main/project.ts';
import { startServer, type RunningServer } from '../../templates/runtime-node/src/server.ts';
import { callSnippets } from '../../renderer/src/try-page/call-snippets.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { digitsProject, DIGITS } from './helpers.ts';
import { TABLES, tableProject } from './table-fixtures.ts';

const run = promisify(execFile);
const KEY = 'snippet-key';
let work: TempDir;
const servers: RunningServer[] = [];
let digitsDir = '';

async function serve(project: string, apiKey?: string): Promise<{ server: RunningServer; metadata: Metadata }> {
  const server = await startServer({ project, port: 0, host: '127.0.0.1', log: false, apiKey });
  servers.push(server);
  await server.ready;
  const metadata = (await (await fetch(`${server.url}/metadata`, { headers: apiKey ? { 'X-API-Key': apiKey } : {} })).json()) as Metadata;
  return { server, metadata };
}

/** Runs one snippet with bash in the work folder (where rows.csv and picture.png are), the key in the environment. */
async function shell(command: string): Promise<string> {
  const { stdout } = await run('bash', ['-c', `${command} --fail-with-body --silent`], {
    cwd: work.path,
    env: { ...process.env, CRANEML_API_KEY: KEY },
  });
  return stdout;
}

beforeAll(async () => {
  work = await tempDir('page-snippets');
  await copyFile(path.join(TABLES, 'mixed', 'rows.csv'), path.join(work.path, 'rows.csv'));
  await copyFile(path.join(DIGITS, 'samples', '4.png'), path.join(work.path, 'picture.png'));
  digitsDir = await digitsProject();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.shutdown()));
  await work?.remove();
  if (digitsDir) await rm(digitsDir, { recursive: true, force: true });
});

describe('the try-it page’s curl snippets', () => {
  it('calls a table model with its example row as JSON and with a CSV, through the API key', async () => {
    const { server, metadata } = await serve(await tableProject('mixed'), KEY);
    const [json, csv] = callSnippets(metadata, server.url, true);
    expect([json?.body, csv?.body]).toEqual(['JSON', 'CSV']);
    for (const snippet of [json!, csv!]) {
      expect(snippet.curl).toContain('X-API-Key: $CRANEML_API_KEY');
      expect(`${snippet.curl}${snippet.python}${snippet.javascript}`).not.toContain(KEY);
    }
    expect(JSON.parse(await shell(json!.curl)).predictions).toHaveLength(1);
    const lines = (await shell(csv!.curl)).trim().split('\n');
    expect(lines[0]).toMatch(/label/);
    expect(lines).toHaveLength(41);
  });

  it('calls a tensor model with zeros shaped like its input, and an image model with picture.png', async () => {
    const irisDir = path.join(work.path, 'iris');
    await initProject(path.resolve('test/fixtures/onnx/skl2onnx_iris_probabilities.onnx'), irisDir, {
      name: 'iris',
      labels: ['setosa', 'versicolor', 'virginica'],
    });
    const iris = await serve(irisDir);
    const [tensor] = callSnippets(iris.metadata, iris.server.url, false);
    expect(tensor!.curl).toContain('{"instances":[[0,0,0,0]]}');
    expect(tensor!.curl).not.toContain('X-API-Key');
    expect(JSON.parse(await shell(tensor!.curl)).predictions[0].label).toMatch(/setosa|versicolor|virginica/);

    const digits = await serve(digitsDir, KEY);
    const [picture] = callSnippets(digits.metadata, digits.server.url, true);
    expect(JSON.parse(await shell(picture!.curl)).predictions[0].label).toBe('4');
  });
});
