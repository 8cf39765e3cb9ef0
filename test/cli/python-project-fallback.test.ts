/**
 * The fallback to the Python runtime, through the real CLI and the real converter container: a
 * scikit-learn pipeline skl2onnx cannot convert (FunctionTransformer(np.log1p), made by the test
 * set-up's scripts/fixtures-python) becomes a python project with the reason printed, its approved
 * globals, the versions it was saved with pinned, and its columns and classes; --no-fallback keeps
 * the failure; a hostile pickle is still refused before anything runs.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../main/manifest.ts';
import { requireDocker } from '../docker/require-docker.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const docker = await requireDocker();

const LOG1P = path.resolve('test/fixtures/python/log1p-cancer');
const HOSTILE = path.resolve('test/fixtures/tabular/hostile');
/** The first conversion may build the converter image: minutes on a busy two-core machine. */
const CONVERT_MS = 20 * 60_000;

interface Expectations {
  library: { name: string; version: string };
  columns: { name: string; type: string }[];
  classes: string[];
}

/** The CLI with the run's cache (CRANEML_CACHE_DIR, set by the global set-up): a conversion another file made is reused. */
function cli(args: string[]): Promise<CliResult> {
  return runCli(args, { timeoutMs: CONVERT_MS });
}

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('craneml: '));
  expect(errors, result.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe.skipIf(!docker)('a notebook model no converter takes', () => {
  it(
    'is served by the Python runtime: the reason printed, approved globals, pinned versions, its columns and classes',
    async () => {
      await using dir = await tempDir('python-fallback');
      const expected = JSON.parse(await readFile(path.join(LOG1P, 'expectations.json'), 'utf8')) as Expectations;
      const out = path.join(dir.path, 'project');
      const init = await cli(['init', path.join(LOG1P, 'log1p-cancer.pkl'), '-o', out]);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(
        /served by the Python runtime because: converting .*FunctionTransformer.* failed at the convert step: skl2onnx .*FunctionTransformer/,
      );
      const manifest = parseManifest(JSON.parse(await readFile(path.join(out, 'craneml.json'), 'utf8')));
      expect(manifest).toMatchObject({ format: 'python', runtime: 'python', task: 'classification', labels: expected.classes });
      expect(manifest.model.files.map((f) => f.path)).toEqual(['log1p-cancer.pkl']);
      expect(manifest.input.kind === 'table' && manifest.input.columns.map((c) => ({ name: c.name, type: c.type }))).toEqual(
        expected.columns,
      );
      const python = manifest.python!;
      expect(python.reason).toMatch(/failed at the convert step/);
      expect(python.requirements).toContain(`scikit-learn==${expected.library.version}`);
      expect(python.requirements.map((r) => r.split('==')[0])).toEqual(['joblib', 'numpy', 'pandas', 'scikit-learn', 'scipy']);
      expect(python.source).toMatchObject({ kind: 'pickle', file: 'log1p-cancer.pkl', source_kind: 'pickle' });
      expect(python.source.kind === 'pickle' && python.source.allowed_globals).toEqual(
        expect.arrayContaining(['sklearn.pipeline.Pipeline', 'numpy.log1p', 'sklearn.linear_model._logistic.LogisticRegression']),
      );
    },
    CONVERT_MS,
  );

  it(
    'with --no-fallback stays a conversion failure: exit 2, one line, no project',
    async () => {
      await using dir = await tempDir('python-no-fallback');
      const out = path.join(dir.path, 'project');
      const init = await cli(['init', path.join(LOG1P, 'log1p-cancer.pkl'), '-o', out, '--no-fallback']);
      expectOneLineError(init, /failed at the convert step: .*FunctionTransformer/);
      expect(await stat(out).catch(() => undefined)).toBeUndefined();
    },
    CONVERT_MS,
  );

  it(
    'a hostile pickle is still refused naming the call, with no fallback',
    async () => {
      await using dir = await tempDir('python-hostile');
      const out = path.join(dir.path, 'project');
      const init = await cli(['init', path.join(HOSTILE, 'exec.pkl'), '-o', out]);
      expectOneLineError(init, /exec/);
      expect(await stat(out).catch(() => undefined)).toBeUndefined();
    },
    CONVERT_MS,
  );
});
