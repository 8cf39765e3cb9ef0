/**
 * A Python project folder taken as it is: detected by cog.yaml or predict.py's class Predictor, its
 * files listed without version control, caches and venvs, and a manifest written with no hand-written
 * one: format and runtime "python", the python section, columns or rows. Real folders on disk.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { inspectModel } from '../../../main/formats/index.ts';
import { loadManifest, MANIFEST_FILE } from '../../../main/manifest.ts';
import { detectPythonProject } from '../../../main/python-project/detect-project.ts';
import { listProjectFiles } from '../../../main/python-project/project-files.ts';
import { createManifest, initProject, openProject } from '../../../main/project.ts';
import { expectPythonManifest } from '../../helpers/python-manifest.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const PREDICTOR =
  'class Predictor:\n    def setup(self):\n        pass\n\n    def predict(self, rows):\n        return [len(r) for r in rows]\n';
const COG_PREDICTOR =
  'from cog import BasePredictor, Input\n\nclass Predictor(BasePredictor):\n    def predict(self, text: str = Input(description="Text"), n: int = Input(ge=1, le=3, default=1)) -> str:\n        return text * n\n';

async function files(dir: string, contents: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(contents)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

describe('a Python project folder', () => {
  it('is a Cog project by its cog.yaml, a predictor project by predict.py with class Predictor, else not one', async () => {
    await using dir = await tempDir('python-detect');
    const cog = path.join(dir.path, 'cog');
    const own = path.join(dir.path, 'own');
    const plain = path.join(dir.path, 'plain');
    await files(cog, { 'cog.yaml': 'predict: "predict.py:Predictor"\n', 'predict.py': COG_PREDICTOR });
    await files(own, { 'predict.py': PREDICTOR });
    await files(plain, { 'predict.py': 'def predict(rows):\n    return rows\n' });
    expect(await detectPythonProject(cog)).toEqual({ kind: 'cog', dir: cog });
    expect(await detectPythonProject(path.join(cog, 'predict.py'))).toEqual({ kind: 'cog', dir: cog });
    expect(await detectPythonProject(own)).toEqual({ kind: 'predictor', dir: own });
    expect(await detectPythonProject(plain)).toBeUndefined();
    await writeFile(path.join(own, MANIFEST_FILE), '{}');
    expect(await detectPythonProject(own)).toBeUndefined();
  });

  it('lists its files, leaving out version control, caches and venvs by name with the reason', async () => {
    await using dir = await tempDir('python-files');
    await files(dir.path, {
      'predict.py': PREDICTOR,
      'weights/net.json': '{}',
      '.env.example': 'KEY=',
      '.git/HEAD': 'ref: refs/heads/main\n',
      '__pycache__/predict.cpython-311.pyc': 'x',
      'helpers.pyc': 'x',
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/lib/big.so': 'x',
    });
    const listing = await listProjectFiles(dir.path);
    expect(listing.files.map((f) => f.path)).toEqual(['.env.example', 'predict.py', 'weights/net.json']);
    expect(listing.skipped).toEqual([
      { path: '.git', why: 'version control' },
      { path: '.venv', why: 'a virtual environment' },
      { path: '__pycache__', why: "Python's bytecode cache" },
      { path: 'helpers.pyc', why: 'compiled Python' },
    ]);
  });

  it('refuses a link that leads out of the folder', async () => {
    await using dir = await tempDir('python-link');
    const project = path.join(dir.path, 'project');
    await files(project, { 'predict.py': PREDICTOR });
    await files(dir.path, { 'secret.txt': 'x' });
    await symlink(path.join(dir.path, 'secret.txt'), path.join(project, 'data.txt'));
    const error = await listProjectFiles(project).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CraneError);
    expect((error as CraneError).message).toMatch(/data\.txt: leads outside the project folder/);
  });

  it('becomes a Cog project manifest with typed columns from the signature, and a project folder with every file', async () => {
    await using dir = await tempDir('python-cog');
    const source = path.join(dir.path, 'echo');
    await files(source, {
      'cog.yaml': 'build:\n  python_version: "3.11"\n  python_packages: ["numpy==2.4.6"]\npredict: "predict.py:Predictor"\n',
      'predict.py': COG_PREDICTOR,
      'data/words.txt': 'a\nb\n',
    });
    const info = await inspectModel(source);
    expect(info.format).toBe('python');
    expect(info.metadata).toMatchObject({ runtime: 'python', source: 'predict.py:Predictor (Cog)', python: '3.11' });
    const out = path.join(dir.path, 'project');
    const project = await initProject(source, out);
    const manifest = await loadManifest(out);
    expect(manifest).toEqual(project.manifest);
    expectPythonManifest(manifest, {
      name: 'echo',
      model: { entry: 'cog.yaml' },
      input: {
        kind: 'table',
        columns: [
          { name: 'text', type: 'string', tensor: 'text', index: 0, description: 'Text' },
          { name: 'n', type: 'integer', tensor: 'n', index: 0, minimum: 1, maximum: 3, default: 1, example: 1 },
        ],
      },
      signature: {
        inputs: [
          { name: 'text', dtype: 'string', shape: [-1] },
          { name: 'n', dtype: 'int64', shape: [-1] },
        ],
        outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
      },
      python: { version: '3.11', requirements: ['numpy==2.4.6'], source: { kind: 'cog', file: 'predict.py', class: 'Predictor' } },
    });
    expect(manifest.python?.reason).toMatch(/a Cog project/);
    expect(manifest.model.files.map((f) => f.path).sort()).toEqual(['cog.yaml', 'data/words.txt', 'predict.py']);
    expect(await readFile(path.join(out, 'data/words.txt'), 'utf8')).toBe('a\nb\n');
    // The written project opens as one, its files checked against their hashes.
    expect((await openProject(out)).manifest).toEqual(manifest);
  });

  it('becomes a predictor project taking rows as sent, with its requirements.txt', async () => {
    await using dir = await tempDir('python-own');
    await files(dir.path, { 'predict.py': PREDICTOR, 'requirements.txt': 'numpy==2.4.6\n' });
    const manifest = await createManifest(await inspectModel(dir.path), { name: 'lengths' });
    expectPythonManifest(manifest, {
      name: 'lengths',
      model: { entry: 'predict.py' },
      input: { kind: 'rows' },
      signature: { inputs: [{ name: 'rows', dtype: 'string', shape: [-1] }] },
      python: {
        requirements: [],
        requirements_file: 'requirements.txt',
        source: { kind: 'predictor', file: 'predict.py', class: 'Predictor' },
      },
    });
  });

  it('refuses flags that describe what its code says, and a predictor cog.yaml names but the folder lacks', async () => {
    await using dir = await tempDir('python-flags');
    await files(dir.path, { 'predict.py': PREDICTOR });
    await expect(createManifest(await inspectModel(dir.path), { labels: ['a'] })).rejects.toThrow(
      /--labels: not for a model the Python runtime serves/,
    );
    const cog = path.join(dir.path, 'cog');
    await files(cog, { 'cog.yaml': 'predict: "model.py:Predictor"\n', '__pycache__/model.py': 'x' });
    await expect(inspectModel(cog)).rejects.toThrow(/model\.py: cog\.yaml's predict names it, but it is not in the project folder/);
  });
});
