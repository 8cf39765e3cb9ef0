/** vitest setupFiles: undoes what the file before in this worker stubbed, and points this test file's TMPDIR at its own folder in the run's (see global-setup.ts). */
import { writeFileSync } from 'node:fs';
import { expect, vi } from 'vitest';
import { fileTempDir, makeFileTempDir, RUN_TEMP_VARIABLE, TEMP_VARIABLES } from './helpers/leaks/file-temp.ts';

// A worker runs file after file (isolate: false), and vitest undoes stubs and spies before each test, not after
// the last one: what the file before left (a stubbed run temp directory, say) is undone here, before it is read.
vi.unstubAllEnvs();
vi.restoreAllMocks();

const runTemp = process.env[RUN_TEMP_VARIABLE];
const testPath = expect.getState().testPath;
if (runTemp && testPath) {
  const { dir, nameFile } = fileTempDir(runTemp, testPath);
  makeFileTempDir(runTemp, dir);
  writeFileSync(nameFile, testPath);
  for (const name of TEMP_VARIABLES) process.env[name] = dir;
}
