/**
 * The suite's leak check (vitest globalSetup). Each run gets its own temp directory (TMPDIR, inherited
 * by every test file, CLI child process and browser; setup-file-temp.ts gives each test file a folder
 * of its own in it), and when all test files are done the run fails naming what each file left there,
 * and the CraneML- or test-labelled Docker resources that are new since the start. The temp directory
 * is removed afterwards; Docker leftovers are named, never removed (they may be someone else's).
 */
import type Docker from 'dockerode';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { discoverDocker } from '../main/docker/discover.ts';
import { dockerSnapshot, newResources, type DockerSnapshot } from './helpers/leaks/docker-resources.ts';
import { leftoversByFile, RUN_TEMP_VARIABLE, TEMP_VARIABLES } from './helpers/leaks/file-temp.ts';
import { joinJournal, RUN_TEMP_PREFIX, type JournalEntry } from './helpers/leaks/run-journal.ts';

async function tempLeftovers(runTemp: string): Promise<string[]> {
  const byFile = await leftoversByFile(runTemp);
  return [...byFile].map(([file, entries]) => `${file} left in the temp directory: ${entries.join(', ')}`);
}

async function dockerLeftovers(docker: Docker | undefined, before: DockerSnapshot | undefined, journal: JournalEntry): Promise<string[]> {
  if (!docker || !before) return [];
  const left = newResources(before, await dockerSnapshot(docker));
  if (left.length === 0) return [];
  const others = await journal.overlapping();
  if (others.length === 0) return [`new in Docker: ${left.join('; ')}`];
  console.warn(
    `Docker resources new since this run started, not counted as leaks: other test runs (pid ${others.join(', ')}) shared the daemon:\n  ${left.join('\n  ')}`,
  );
  return [];
}

export default async function setup(): Promise<() => Promise<void>> {
  const parent = os.tmpdir();
  const runTemp = await mkdtemp(path.join(parent, RUN_TEMP_PREFIX));
  process.env[RUN_TEMP_VARIABLE] = runTemp;
  for (const name of TEMP_VARIABLES) process.env[name] = runTemp;
  // onnxruntime 1.30 reports telemetry and writes .ses and mat-debug-PID.log to the temp directory
  // unless this is set; tests send nothing out. (The product must set it itself: main/formats/onnx.ts.)
  process.env.ORT_DISABLE_TELEMETRY ??= '1';
  const journal = await joinJournal(path.join(parent, '.craneml-test-runs'), runTemp);
  const docker = await discoverDocker().then(
    (connection) => connection.docker,
    () => undefined,
  );
  const dockerBefore = docker && (await dockerSnapshot(docker));

  return async function teardown(): Promise<void> {
    const problems = [...(await tempLeftovers(runTemp)), ...(await dockerLeftovers(docker, dockerBefore, journal))];
    await rm(runTemp, { recursive: true, force: true });
    await journal.finish();
    if (problems.length === 0) return;
    // vitest logs a teardown error but keeps the tests' exit code, so the failure is set here.
    process.exitCode = 1;
    console.error(
      `\nFAIL leak check: test files left behind what they made (remove it in afterAll/afterEach or with await using):\n  ${problems.join('\n  ')}\n`,
    );
  };
}
