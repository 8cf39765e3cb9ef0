/** The Python runtime folder a build context takes: its files, reuse and refusals (esbuild bundles its try-it page). */
import { readdir, readFile, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CraneError } from '../../../main/errors.ts';
import { parseManifest } from '../../../main/manifest.ts';
import type { Project } from '../../../main/project.ts';
import { preparePythonRuntime } from '../../../main/runtimes/python/runtime-folder.ts';
import { PAGE_FILES } from '../../../main/runtimes/try-page.ts';

describe('the Python runtime folder', () => {
  let dir = '';
  let project: Project;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-python-folder-'));
    const source = path.join(dir, 'source');
    for (const pkg of ['craneml_runtime', 'cog']) {
      await mkdir(path.join(source, pkg, '__pycache__'), { recursive: true });
      await writeFile(path.join(source, pkg, '__init__.py'), `# ${pkg}\n`);
      await writeFile(path.join(source, pkg, '__pycache__', '__init__.cpython-311.pyc'), 'compiled');
    }
    await writeFile(path.join(source, 'requirements.txt'), 'starlette==1.10.0\n');
    await mkdir(path.join(dir, 'project'));
    const manifest = parseManifest({
      name: 'rows',
      version: '1.0.0',
      format: 'python',
      model: { entry: 'predict.py', files: [{ path: 'predict.py', sha256: '0'.repeat(64), bytes: 1 }] },
      signature: {
        inputs: [{ name: 'rows', dtype: 'string', shape: [-1] }],
        outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
      },
      input: { kind: 'rows' },
      python: { requirements: ['six==1.17.0'], source: { kind: 'predictor' } },
    });
    project = { dir: path.join(dir, 'project'), manifest, entry: path.join(dir, 'project', 'predict.py') };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const prepare = (p: Project) =>
    preparePythonRuntime(p, {
      cacheDir: path.join(dir, 'cache'),
      source: path.join(dir, 'source'),
      runtimeRequirements: path.join(dir, 'source', 'requirements.txt'),
    });

  it("holds the server's packages without compiled files, and deps/ with the requirements and the install script", async () => {
    const runtime = await prepare(project);
    expect(runtime.reused).toBe(false);
    expect((await readdir(runtime.dir, { recursive: true })).sort()).toEqual(
      [
        'cog',
        'cog/__init__.py',
        'craneml_runtime',
        'craneml_runtime/__init__.py',
        // Shared with the converter: templates/python-shared's restricted unpickler, class scores and category columns.
        'craneml_runtime/adapters',
        'craneml_runtime/adapters/category_columns.py',
        'craneml_runtime/adapters/class_scores.py',
        'craneml_runtime/adapters/restricted_unpickle.py',
        'deps',
        'deps/install.sh',
        'deps/requirements.txt',
        // The try-it page (main/runtimes/try-page.ts), served at / from /app/page.
        'page',
        ...PAGE_FILES.flatMap((name) => [`page/${name}`, `page/${name}.gz`]),
      ]
        .map((p) => p.split('/').join(path.sep))
        .sort(),
    );
    expect(await readFile(path.join(runtime.dir, 'deps', 'requirements.txt'), 'utf8')).toContain('starlette==1.10.0\n');
    expect(await readFile(path.join(runtime.dir, 'deps', 'requirements.txt'), 'utf8')).toContain('six==1.17.0\n');
  });

  it('is reused while nothing in it changed, and another folder for other requirements', async () => {
    const first = await prepare(project);
    const again = await prepare(project);
    expect(again).toEqual({ ...first, reused: true });
    const other = await prepare({
      ...project,
      manifest: { ...project.manifest, python: { ...project.manifest.python!, requirements: [] } },
    });
    expect(other.digest).not.toBe(first.digest);
  });

  it('leaves the try-it page out with server.page false', async () => {
    const apiOnly = await prepare({ ...project, manifest: { ...project.manifest, server: { ...project.manifest.server, page: false } } });
    expect(await readdir(apiOnly.dir)).not.toContain('page');
  });

  it('refuses a project without a python section', async () => {
    const error = await prepare({ ...project, manifest: { ...project.manifest, python: undefined } }).catch((e: unknown) => e);
    expect((error as CraneError).code).toBe('MANIFEST_INVALID');
  });
});
