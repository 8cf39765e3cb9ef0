/** The suite's leak check, run on two fixture files: it fails naming the file that left a folder, and nothing else. */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../temp-dir.ts';
import { RUN_TEMP_VARIABLE } from './file-temp.ts';

const VITEST = path.resolve('node_modules/vitest/vitest.mjs');
const CONFIG = 'test/fixtures/leak-check/vitest.config.ts';

function runFixtures(temp: string): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp };
  delete env[RUN_TEMP_VARIABLE];
  return new Promise((resolve) => {
    execFile(process.execPath, [VITEST, 'run', '--config', CONFIG], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr });
    });
  });
}

it('fails the run naming the test file and the folder it left, then removes the run’s temp directory', async () => {
  await using temp = await tempDir('leak-check');
  const { code, output } = await runFixtures(temp.path);
  expect(code, output).toBe(1);
  expect(output).toMatch(/FAIL leak check/);
  expect(output).toMatch(/test\/fixtures\/leak-check\/leaves-a-folder\.fixture\.ts left in the temp directory: craneml-forgotten-\w+\//);
  expect(output).not.toMatch(/cleans-up\.fixture\.ts left/);
  expect(output).toMatch(/2 passed/);
  // The run's own folder is gone, leftovers and all (the journal of runs and the tool caches stay).
  expect((await readdir(temp.path)).filter((entry) => entry.startsWith('craneml-'))).toEqual([]);
}, 150_000);
