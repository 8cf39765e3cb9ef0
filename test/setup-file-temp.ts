/** vitest setupFiles: points this test file's TMPDIR at its own folder in the run's (see global-setup.ts). */
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { fileTempDir, makeFileTempDir, RUN_TEMP_VARIABLE, TEMP_VARIABLES } from './helpers/leaks/file-temp.ts';

const runTemp = process.env[RUN_TEMP_VARIABLE];
const testPath = expect.getState().testPath;
if (runTemp && testPath) {
  const { dir, nameFile } = fileTempDir(runTemp, testPath);
  makeFileTempDir(runTemp, dir);
  writeFileSync(nameFile, testPath);
  for (const name of TEMP_VARIABLES) process.env[name] = dir;
}
