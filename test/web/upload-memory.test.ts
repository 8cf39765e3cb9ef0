/**
 * `craneml ui` in a child process: a 1000 MB model upload stays on disk, not in memory (peak RSS
 * bound), a crafted image name does not take the process down, and Ctrl+C leaves no staging folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadModel } from './upload-client.ts';

const EXTERNAL = 'test/fixtures/onnx/torch_dynamo_external';
const MB = 1024 ** 2;
/** The upload must not grow the process by more than this above idle (it grew by ~2 GB when held in memory). */
const PEAK_ABOVE_IDLE = 300 * MB;

let child: ChildProcess;
let config: string;
let server: { port: number; token: string };
let stagedBefore: Set<string>;
const stderr: string[] = [];

const stageFolders = async () =>
  (await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-') && !stagedBefore.has(name));

/** Bytes of a /proc/<pid>/status field (VmRSS now, VmHWM the peak since the last reset). */
async function memory(field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
}

const call = (name: string, body: unknown) =>
  fetch(`http://127.0.0.1:${server.port}/api/call/${name}`, {
    method: 'POST',
    headers: { 'X-CraneML-Token': server.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  stagedBefore = new Set((await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-')));
  config = await mkdtemp(path.join(os.tmpdir(), 'craneml-ui-memory-'));
  child = spawn(process.execPath, ['bin/craneml.js', 'ui', '--port', '0'], {
    env: { ...process.env, CRANEML_CONFIG_DIR: config, HOME: config, TSX_DISABLE_CACHE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const found = /open (http:\/\/\S+)/.exec(out);
      if (found) resolve(new URL(found[1]!));
    });
    child.once('exit', (code) => reject(new Error(`craneml ui exited with ${code}: ${stderr.join('')}`)));
  });
  server = { port: Number(url.port), token: url.searchParams.get('token')! };
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(config, { recursive: true, force: true });
});

describe('craneml ui under a large upload and crafted names', () => {
  it('stages a 1000 MB model with peak memory far below the upload size', async () => {
    expect((await call('appState', {})).status).toBe(200);
    const idle = await memory('VmRSS');
    await writeFile(`/proc/${child.pid}/clear_refs`, '5'); // the peak (VmHWM) counts from here
    const answer = await uploadModel(server, [
      { name: 'model.onnx', bytes: await readFile(`${EXTERNAL}/model.onnx`) },
      { name: 'model.onnx.data', size: 1000 * MB },
    ]);
    expect(answer.status, answer.body).toBe(200);
    const peak = await memory('VmHWM');
    const after = await memory('VmRSS');
    console.log(`craneml ui RSS: idle ${Math.round(idle / MB)} MB, peak ${Math.round(peak / MB)} MB, after ${Math.round(after / MB)} MB`);
    expect(peak - idle).toBeLessThan(PEAK_ABOVE_IDLE);
    const staged = JSON.parse(answer.body) as { result: { sizeBytes: number } };
    expect(staged.result.sizeBytes).toBeGreaterThan(1000 * MB);
    expect(await stageFolders()).toHaveLength(1);
  }, 300_000);

  it('answers a crafted image name with an error and keeps serving', async () => {
    for (const image of ['a/../../x', `a/../../127.0.0.1:${server.port}/x`]) {
      const answer = await call('removeImage', { image });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message).not.toMatch(/\n/);
    }
    expect((await call('appState', {})).status).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(stderr.join('')).not.toMatch(/kept serving/);
  });

  it('removes its staging folders when stopped with Ctrl+C', async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await stageFolders()).toEqual([]);
  });
});
