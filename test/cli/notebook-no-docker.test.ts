/**
 * Notebook models at the CLI with no Docker daemon to convert them in (DOCKER_HOST points at
 * nothing): a hostile pickle is refused before any Docker call, with the call it names and nothing
 * run; a good file is recognised by its content and what its file says is printed before the
 * Docker error; flags are checked before anything is read.
 */
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.ts';

const MODELS = path.resolve('test/fixtures/tabular/models');
const HOSTILE = path.resolve('test/fixtures/tabular/hostile');
const MARKER = path.join(HOSTILE, 'RAN');

let tmp: string;
let noDaemon: NodeJS.ProcessEnv;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-notebook-nodocker-'));
  noDaemon = { DOCKER_HOST: `unix://${path.join(tmp, 'no-daemon.sock')}` };
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^craneml: /);
  expect(lines[0]).toMatch(pattern);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe('a hostile pickle, with no Docker daemon', () => {
  it.each([
    ['os_system_p2.pkl', /system/],
    ['popen.pkl', /Popen/],
    ['exec.pkl', /exec/],
    ['nested_reduce.pkl', /system|Popen|exec|eval/],
    ['hidden.joblib', /system|Popen|exec|eval/],
  ])('%s: inspect and init exit 2 naming the call, before any Docker call, and nothing runs', async (name, call) => {
    const file = path.join(HOSTILE, name);
    expect(await exists(file), `${file}: run bash scripts/make-tabular-fixtures.sh`).toBe(true);
    const inspect = await runCli(['inspect', file], { env: noDaemon });
    expectOneLineError(inspect, call);
    expect(inspect.stderr).not.toMatch(/Docker/);
    expect(inspect.stdout).toBe('');
    const out = path.join(tmp, `project-${name}`);
    const init = await runCli(['init', file, '-o', out], { env: noDaemon });
    expectOneLineError(init, call);
    expect(await exists(out)).toBe(false);
    expect(await exists(MARKER)).toBe(false);
  });
});

describe('a notebook model, with no Docker daemon', () => {
  it.each([
    ['cancer.joblib', 'joblib', /scikit-learn 1\.9\.1/, /Pipeline/],
    ['cancer.skops', 'skops', /scikit-learn/, /Pipeline/],
    ['wine_xgb.json', 'xgboost-json', /xgboost/, /./],
    ['wine_lgbm.txt', 'lightgbm-text', /lightgbm/, /./],
  ])('%s: recognised by content, what the file says printed, then the Docker error (exit 2)', async (name, kind, library, estimator) => {
    const result = await runCli(['inspect', path.join(MODELS, name)], { env: noDaemon });
    expectOneLineError(result, /Docker/);
    expect(result.stdout).toContain(`(${kind}`);
    expect(result.stdout).toMatch(new RegExp(`^library: +${library.source}`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^estimator: +.*${estimator.source}`, 'm'));
    expect(result.stdout).not.toMatch(/does not serve/);
  });

  it('--json prints the facts as JSON on stdout, the error alone on stderr', async () => {
    const result = await runCli(['inspect', path.join(MODELS, 'cancer.joblib'), '--json'], { env: noDaemon });
    expectOneLineError(result, /Docker/);
    const json = JSON.parse(result.stdout) as { format: string; servable: boolean; source: { kind: string; library: string } };
    expect(json).toMatchObject({ format: 'notebook', servable: false, source: { kind: 'joblib', library: 'scikit-learn' } });
  });

  it('a folder holding one notebook model stands for it', async () => {
    const dir = path.join(tmp, 'folder');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await copyFile(path.join(MODELS, 'forest.joblib'), path.join(dir, 'forest.joblib'));
    await writeFile(path.join(dir, 'notes.csv'), '"a","b"\n1,2\n');
    const result = await runCli(['inspect', dir], { env: noDaemon });
    expectOneLineError(result, /Docker/);
    expect(result.stdout).toMatch(/^source: +.*forest\.joblib \(joblib/m);
  });
});

describe('conversion flags', () => {
  it.each([['abc'], ['Infinity'], ['']])('--tolerance "%s" is refused, naming the flag', async (value) => {
    const result = await runCli(['inspect', path.join(MODELS, 'cancer.joblib'), '--tolerance', value], { env: noDaemon });
    expectOneLineError(result, new RegExp(`--tolerance takes a positive number .*not "${value}"`));
  });

  it.each([['0'], ['-1']])('--tolerance %s is refused before Docker is asked', async (value) => {
    const result = await runCli(['init', path.join(MODELS, 'cancer.joblib'), '-o', path.join(tmp, 'never'), `--tolerance=${value}`], {
      env: noDaemon,
    });
    expectOneLineError(result, /tolerance must be a positive number/);
    expect(await exists(path.join(tmp, 'never'))).toBe(false);
  });

  it('--sample must be a regular file, checked before Docker is asked', async () => {
    const missing = await runCli(['init', path.join(MODELS, 'cancer.joblib'), '--sample', path.join(tmp, 'nope.csv')], { env: noDaemon });
    expectOneLineError(missing, /nope\.csv is not a file/);
    const folder = await runCli(['inspect', path.join(MODELS, 'cancer.joblib'), '--sample', tmp], { env: noDaemon });
    expectOneLineError(folder, /is not a file/);
  });
});
