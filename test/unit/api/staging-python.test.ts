/**
 * A Python project dropped on the app: its files (flat, as the web page uploads them) or its folder
 * (as the desktop shell passes a path) are staged as a python model with the runtime and why in its
 * metadata, and written as a project whose input the wizard cannot change.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../../main/api/crane-core.ts';
import { SettingsStore } from '../../../main/api/settings.ts';
import { loadManifest } from '../../../main/manifest.ts';
import type { FileUpload } from '../../../main/shared/crane-api.ts';
import { tempDir, type TempDir } from '../../helpers/temp-dir.ts';

const COG = 'test/fixtures/python-projects/e2e-cog';
let core: CraneCore;
let config: TempDir;

async function upload(file: string): Promise<FileUpload> {
  return { name: path.basename(file), bytes: new Uint8Array(await readFile(file)) };
}

beforeAll(async () => {
  config = await tempDir('staging-python');
  core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
});

afterAll(async () => {
  await core.close();
  await config.remove();
});

describe('a dropped Python project', () => {
  it("stages a Cog project's files with the runtime and why, and writes a project keeping its columns", async () => {
    const staged = await core.handlers.stageModel({ files: [await upload(`${COG}/cog.yaml`), await upload(`${COG}/predict.py`)] });
    expect(staged).toMatchObject({ format: 'python', metadata: { runtime: 'python', why: expect.stringMatching(/^a Cog project/) } });
    expect(staged.setup.input).toMatchObject({ kind: 'table', columns: [{ name: 'text' }, { name: 'repeat' }, {}, {}, {}] });
    const dir = path.join(config.path, 'echo');
    const project = await core.handlers.createProject({
      stagedId: staged.stagedId,
      dir,
      setup: { ...staged.setup, name: 'echo' },
      replace: false,
    });
    expect(project).toMatchObject({ name: 'echo', format: 'python', inputKind: 'table' });
    expect((await loadManifest(dir)).python?.source).toEqual({ kind: 'cog', file: 'predict.py', class: 'Predictor' });
    await expect(
      core.handlers.createProject({
        stagedId: staged.stagedId,
        dir: path.join(config.path, 'other'),
        setup: { ...staged.setup, input: { kind: 'tensor' } },
        replace: false,
      }),
    ).rejects.toThrow(/takes table input, as its code or file says, not tensor/);
    await expect(core.handlers.previewInput({ stagedId: staged.stagedId, setup: staged.setup, instance: {} })).rejects.toThrow(
      /served by the Python runtime, which runs only in its image/,
    );
  });

  it('stages a dropped folder with its sub-folders, leaving out caches', async () => {
    await using dir = await tempDir('staging-python-folder');
    const source = path.join(dir.path, 'own');
    await mkdir(path.join(source, 'data'), { recursive: true });
    await mkdir(path.join(source, '__pycache__'));
    await writeFile(path.join(source, 'predict.py'), 'class Predictor:\n    def predict(self, rows):\n        return rows\n');
    await writeFile(path.join(source, 'data', 'table.csv'), 'a,b\n1,2\n');
    await writeFile(path.join(source, '__pycache__', 'predict.cpython-311.pyc'), 'x');
    const staged = await core.handlers.stageModelPaths({ paths: [source] });
    expect(staged).toMatchObject({ format: 'python', setup: { input: { kind: 'rows' } } });
    expect(staged.files.map((f) => f.path).sort()).toEqual(['data/table.csv', 'predict.py']);
  });
});
