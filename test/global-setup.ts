/**
 * The run's set-up (vitest globalSetup, once per run): Docker reachable, or the run fails with one
 * line unless the Docker tests are skipped by name (helpers/docker-gate.ts). Then the leak check:
 * each run gets its own temp directory (TMPDIR, inherited by every test file, CLI child process and
 * browser; setup-file-temp.ts gives each test file a folder of its own in it, and the product's cache
 * and each worker's Chromium have one too: file-temp.ts RUN_CACHE and RUN_CHROMIUM), and when all test
 * files are done the run fails naming what
 * each file left there, and the CraneML- or test-labelled Docker resources that are new since the
 * start. The temp directory is removed afterwards; Docker leftovers are named, never removed (they
 * may be someone else's).
 */
import type Docker from 'dockerode';
import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isBuildCurrent } from '../bin/build-state.js';
import { discoverDocker } from '../main/docker/discover.ts';
import { RUNTIME_BUILD_VARIABLE } from '../templates/runtime-node/src/worker-entry.ts';
import { dockerGate } from './helpers/docker-gate.ts';
import { pruneDeferredParents } from './helpers/leaks/deferred-prunes.ts';
import { dockerSnapshot, newResources, type DockerSnapshot } from './helpers/leaks/docker-resources.ts';
import { leftoversByFile, RUN_CACHE, RUN_TEMP_VARIABLE, TEMP_VARIABLES } from './helpers/leaks/file-temp.ts';
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

/**
 * The daemon, or why none answered (its message's first line). A busy machine can take more than
 * discovery's usual 3 s to answer a ping, and a slow answer here would now fail the whole run.
 */
async function reachDocker(): Promise<{ docker?: Docker; absent?: string }> {
  return discoverDocker({ timeoutMs: 15_000 }).then(
    (connection) => ({ docker: connection.docker }),
    (error: Error) => ({ absent: error.message.split('\n')[0] }),
  );
}

/**
 * The model servers the tests start in their own process start their threads from dist/runtime when
 * the whole of `npm run build` is current (set-up makes it), as the image's server does: compiling the
 * TypeScript through tsx in each of the run's ~80 threads cost 0.36 CPU-s more a thread. The whole
 * build, not only the runtime's bundle: a test rebuilds dist/ in place when any part is stale.
 */
function useCurrentRuntimeBuild(): void {
  const root = process.cwd();
  if (isBuildCurrent(root)) process.env[RUNTIME_BUILD_VARIABLE] = path.join(root, 'dist', 'runtime');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { docker, absent } = await reachDocker();
  const gate = dockerGate({ tiers: project.vitest.projects.map((p) => p.name), absent, env: process.env });
  if (gate.kind === 'fail') {
    // One line and out, before anything is made: the reader needs the way on, not vitest's report of a set-up error.
    console.error(`\nFAIL ${gate.message}\n`);
    process.exit(1);
  }
  if (gate.kind === 'skip') console.warn(gate.message);
  const parent = os.tmpdir();
  const runTemp = await mkdtemp(path.join(parent, RUN_TEMP_PREFIX));
  process.env[RUN_TEMP_VARIABLE] = runTemp;
  for (const name of TEMP_VARIABLES) process.env[name] = runTemp;
  process.env.CRANEML_CACHE_DIR = path.join(runTemp, RUN_CACHE);
  // onnxruntime 1.30 reports telemetry and writes .ses and mat-debug-PID.log to the temp directory
  // unless this is set; tests send nothing out. (The product must set it itself: main/formats/onnx.ts.)
  process.env.ORT_DISABLE_TELEMETRY ??= '1';
  useCurrentRuntimeBuild();
  const journal = await joinJournal(path.join(parent, '.craneml-test-runs'), runTemp);
  const dockerBefore = docker && (await dockerSnapshot(docker));

  return async function teardown(): Promise<void> {
    // Before the leak check: what the tests' image removals left to prune once no build could need it.
    if (docker) await pruneDeferredParents(docker, runTemp);
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
