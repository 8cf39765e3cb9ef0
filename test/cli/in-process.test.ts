/**
 * The CLI tests' in-process runs (test/helpers/cli.ts): a call answers in this process exactly as the
 * child process does (exit code, stdout, stderr), gives back what it borrowed (input, output, exit, the
 * environment, console), and a call that needs a process of its own gets one.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';

const IRIS = path.resolve('test/fixtures/onnx/skl2onnx_iris_zipmap.onnx');
let work: TempDir;

beforeAll(async () => {
  work = await tempDir('cli-in-process');
});
afterAll(async () => {
  await work.remove();
});

/** What a call borrows from this process, as it stands. */
function borrowed(): Record<string, unknown> {
  return {
    stdin: process.stdin,
    write: process.stdout.write,
    errorWrite: process.stderr.write,
    log: console.log,
    error: console.error,
    exit: process.exit,
    exitCode: process.exitCode,
    cacheDir: process.env.CRANEML_CACHE_DIR,
    sigint: process.listenerCount('SIGINT'),
  };
}

describe('a CLI call in this process', () => {
  it.each([
    ['inspect, with JSON on stdout', ['inspect', IRIS, '--json']],
    ['a user error: one line, exit 2', ['inspect', path.resolve('test/fixtures/no-such-model.onnx')]],
    ["commander's refusal of an unknown option", ['inspect', IRIS, '--no-such-option']],
    ['--help', ['init', '--help']],
    ['--version', ['--version']],
  ])('answers %s as the child process does', async (_, args) => {
    const here = await runCliInProcess(args);
    const child = await runCliProcess(args);
    expect(here).toEqual(child);
  });

  it('reads stdin as the child process does: the bytes given, then its end', async () => {
    const rows = JSON.stringify({ instances: [[5.1, 3.5, 1.4, 0.2]] });
    const args = ['predict', IRIS, '--json', '-', '-o', 'json'];
    const here = await runCliInProcess(args, { input: rows });
    expect(here.code, here.stderr).toBe(0);
    expect(here).toEqual(await runCliProcess(args, { input: rows }));
    const nothing = await runCliInProcess(args, { input: '' });
    expect(nothing.code).toBe(2);
    expect(nothing).toEqual(await runCliProcess(args, { input: '' }));
  });

  it('writes the same project as the child process, and says the same', async () => {
    const here = await runCliInProcess(['init', IRIS, '-o', path.join(work.path, 'here')]);
    const child = await runCliProcess(['init', IRIS, '-o', path.join(work.path, 'child')]);
    expect(here.code).toBe(0);
    expect(here.stdout.replaceAll('here', 'child')).toBe(child.stdout);
    expect(here.stderr).toBe(child.stderr);
  });

  it('gives back stdin, stdout, stderr, console, process.exit, the exit code and the environment', async () => {
    const before = borrowed();
    const refused = await runCliInProcess(['inspect', IRIS, '--no-such-option'], {
      env: { CRANEML_CACHE_DIR: path.join(work.path, 'cache') },
      input: 'x',
    });
    expect(refused.code).toBe(2);
    expect(borrowed()).toEqual(before);
  });
});

describe('a call that needs a process of its own', () => {
  // bin/craneml.js names the path it takes with CRANEML_CLI_TRACE: only a child process prints it.
  const trace = /^craneml: (compiled CLI|running the TypeScript sources)/m;

  it('runs here when nothing it sets is the process’s own (as a child with CRANEML_TEST_CLI=process)', async () => {
    const result = await runCli(['inspect', IRIS], { env: { CRANEML_CLI_TRACE: '1' } });
    expect(result.code).toBe(0);
    if (process.env.CRANEML_TEST_CLI === 'process') expect(result.stderr).toMatch(trace);
    else expect(result.stderr).not.toMatch(trace);
  });

  it.each([
    ['DOCKER_HOST, which the one Docker connection reads once', { env: { DOCKER_HOST: 'unix:///nowhere.sock' } }],
    ['NODE_OPTIONS, which Node reads as it starts', { env: { NODE_OPTIONS: '--no-warnings' } }],
    ['the test asks for one', { childProcess: true }],
  ])('is a child process for %s', async (_, options) => {
    const result = await runCli(['inspect', IRIS], {
      ...options,
      env: { ...('env' in options ? options.env : {}), CRANEML_CLI_TRACE: '1' },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(trace);
  });

  it('is a child process for --debug, which the CLI reads from its own arguments', async () => {
    const result = await runCli(['inspect', IRIS, '--debug'], { env: { CRANEML_CLI_TRACE: '1' } });
    expect(result.stderr).toMatch(trace);
  });
});
