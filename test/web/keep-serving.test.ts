/** The app's processes log an error nobody caught in one line and go on (craneml ui and Electron main install keepServing). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-keep-serving-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('keepServing', () => {
  it('logs an unhandled rejection and an uncaught exception in one line each, and the process runs on', async () => {
    const script = path.join(dir, 'crash.mts');
    await writeFile(
      script,
      `import { keepServing } from ${JSON.stringify(path.join(ROOT, 'main/api/keep-serving.ts'))};
keepServing((line) => console.error(line));
void Promise.reject(new Error('nobody caught this'));
setTimeout(() => { throw new Error('thrown from a callback'); }, 0);
setTimeout(() => console.log('still serving'), 0);
`,
    );
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/tsx.js'), script], {
      cwd: ROOT,
      env: { ...process.env, TSX_DISABLE_CACHE: '1' }, // no tsx cache folder left in the temp directory
    });
    expect(stdout).toBe('still serving\n');
    expect(stderr.trim().split('\n')).toEqual([
      'error (kept serving): unhandled rejection: nobody caught this',
      'error (kept serving): uncaught exception: thrown from a callback',
    ]);
  });
});
