/**
 * Python project folders through the real CLI, taken as they are: init on a predict.py project and on
 * a Cog project writes a python manifest and copies the files; inspect says the runtime and why; a
 * Cog project asking for a GPU, Debian packages, or with an argument it cannot read exits 2 with one
 * line and writes nothing.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { expectPythonManifest, manifestAt } from '../helpers/python-manifest.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const PROJECTS = path.resolve('test/fixtures/python-projects');

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
}

/** The CLI run from `cwd`, where init's default project folder goes. */
function runIn(cwd: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.resolve('bin/craneml.js'), ...args], { cwd, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

describe('craneml init and inspect on a Python project folder', () => {
  it('writes a predictor project: rows as sent, requirements.txt, every file copied, the reason printed', async () => {
    await using dir = await tempDir('python-cli-own');
    const source = path.join(dir.path, 'features');
    await cp(path.join(PROJECTS, 'e2e-features'), source, { recursive: true });
    await mkdir(path.join(source, '__pycache__'));
    await writeFile(path.join(source, '__pycache__', 'features.cpython-311.pyc'), 'x');
    const out = path.join(dir.path, 'project');
    const init = await runCli(['init', source, '-o', out]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('served by the Python runtime because: a project with its own predict.py (class Predictor)');
    expect(init.stdout).toMatch(/left out:\n\s+__pycache__ {2}\(Python's bytecode cache\)/);
    const manifest = await manifestAt(out);
    expectPythonManifest(manifest, {
      name: 'features',
      input: { kind: 'rows' },
      python: { requirements_file: 'requirements.txt', source: { kind: 'predictor', file: 'predict.py', class: 'Predictor' } },
    });
    expect(manifest.model.files.map((f) => f.path).sort()).toEqual(['features.py', 'labels.json', 'predict.py', 'requirements.txt']);
    expect(await readFile(path.join(out, 'features.py'))).toEqual(await readFile(path.join(source, 'features.py')));
    expect(await exists(path.join(out, '__pycache__'))).toBe(false);
    // Python code runs only in its image: predicting in CraneML's own process says how instead.
    expectOneLineError(
      await runCli(['predict', out, '--json', '-'], { input: '{"instances": [{"a": 1}]}' }),
      /craneml build it, craneml run it/,
    );
  });

  it('writes a Cog project with its columns from the signature, beside the folder when run from its parent', async () => {
    await using dir = await tempDir('python-cli-cog');
    await cp(path.join(PROJECTS, 'e2e-cog'), path.join(dir.path, 'echo'), { recursive: true });
    const init = await runIn(dir.path, ['init', 'echo']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('served by the Python runtime because: a Cog project (cog.yaml, predict.py:Predictor)');
    const manifest = await manifestAt(path.join(dir.path, 'echo-project'));
    expect(manifest.python).toMatchObject({ version: '3.11', requirements: ['numpy==2.4.6'], source: { kind: 'cog', class: 'Predictor' } });
    expect(manifest.input.kind === 'table' && manifest.input.columns.map((c) => [c.name, c.type, c.default])).toEqual([
      ['text', 'string', undefined],
      ['repeat', 'integer', 1],
      ['temperature', 'number', 0.5],
      ['shout', 'boolean', false],
      ['style', 'string', 'plain'],
    ]);
  });

  it('inspect --json says the runtime, why, and the files it copies', async () => {
    const result = await runCli(['inspect', path.join(PROJECTS, 'e2e-cog'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const info = JSON.parse(result.stdout) as {
      format: string;
      metadata: Record<string, string>;
      files: { path: string }[];
      python: unknown;
    };
    expect(info.format).toBe('python');
    expect(info.metadata).toMatchObject({ runtime: 'python', why: expect.stringMatching(/^a Cog project/), python: '3.11' });
    expect(info.files.map((f) => f.path)).toEqual(['cog.yaml', 'predict.py']);
    expect(info.python).toMatchObject({ section: { source: { kind: 'cog' } }, skipped: [] });
    const text = await runCli(['inspect', path.join(PROJECTS, 'e2e-cog')]);
    expect(text.stdout).toMatch(/^runtime: {2}python, because: a Cog project/m);
    expect(text.stdout).toMatch(/^ {2}repeat +integer 1\.\.5, default 1 {2}How many times to repeat the text$/m);
  });

  it('refuses a Cog project that needs a GPU, exit 2, no project written', async () => {
    await using dir = await tempDir('python-cli-gpu');
    const out = path.join(dir.path, 'project');
    expectOneLineError(await runCli(['init', path.join(PROJECTS, 'e2e-cog-gpu'), '-o', out]), /build\.gpu: true: this project needs a GPU/);
    expect(await exists(out)).toBe(false);
  });

  it('refuses Debian packages naming them, and an argument it cannot read naming it', async () => {
    await using dir = await tempDir('python-cli-system');
    const source = path.join(dir.path, 'ocr');
    await cp(path.join(PROJECTS, 'e2e-cog'), source, { recursive: true });
    const yaml = await readFile(path.join(source, 'cog.yaml'), 'utf8');
    await writeFile(path.join(source, 'cog.yaml'), yaml.replace('build:\n', 'build:\n  system_packages:\n    - "tesseract-ocr"\n'));
    const out = path.join(dir.path, 'project');
    expectOneLineError(await runCli(['init', source, '-o', out]), /build\.system_packages \(tesseract-ocr\)/);
    expect(await exists(out)).toBe(false);
    await writeFile(path.join(source, 'cog.yaml'), yaml);
    const predictor = await readFile(path.join(source, 'predict.py'), 'utf8');
    await writeFile(path.join(source, 'predict.py'), predictor.replace('ge=1, le=5', 'ge=MIN_REPEAT, le=5'));
    expectOneLineError(await runCli(['inspect', source]), /predict's argument "repeat": ge=: MIN_REPEAT is a name/);
  });
});
