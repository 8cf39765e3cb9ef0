import { readdir, readFile, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { parseManifest } from '../../../main/manifest.ts';
import type { Project } from '../../../main/project.ts';
import { pythonBase } from '../../../main/runtimes/python/base-image.ts';
import { depsTag } from '../../../main/runtimes/python/deps-image.ts';
import { DEPS_RUN_LINE, renderPythonDockerfile } from '../../../main/runtimes/python/dockerfile.ts';
import { pythonRuntime } from '../../../main/runtimes/python/index.ts';
import { INSTALL_SCRIPT_TEXT } from '../../../main/runtimes/python/install-script.ts';
import { pipErrorLine } from '../../../main/runtimes/python/pip-error.ts';
import { preparePythonRuntime } from '../../../main/runtimes/python/runtime-folder.ts';
import { PAGE_FILES } from '../../../main/runtimes/try-page.ts';
import { PYTHON_IMAGE_ENV } from '../../helpers/python-image-layout.ts';

const labels = { 'io.craneml.model.name': 'iris', 'org.opencontainers.image.description': 'two\nlines' };

describe('the Python image recipe', () => {
  it('is whole from a base image: the dependency layer, then the server, then the model, labels last', async () => {
    const text = await renderPythonDockerfile('craneml/local-base:python3.11', labels);
    expect(text).toMatch(/^ARG BASE_IMAGE=craneml\/local-base:python3\.11$/m);
    const order = ['COPY runtime/deps/ /tmp/craneml-deps/', DEPS_RUN_LINE, 'COPY runtime/ /app/', 'COPY model/ /model/', 'LABEL \\'];
    const at = order.map((line) => text.split('\n').indexOf(line));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('  org.opencontainers.image.description="two lines"');
  });

  it('starts after the dependency layer on a dependency image', async () => {
    const text = await renderPythonDockerfile('craneml/python-deps:0123456789ab', labels);
    expect(text).toMatch(/^FROM craneml\/python-deps:0123456789ab$/m);
    expect(text).not.toContain('ARG BASE_IMAGE');
    expect(text).not.toContain('install.sh');
    expect(text.split('\n')).toContain('COPY runtime/ /app/');
    expect(text.split('\n')).toContain('COPY model/ /model/');
  });

  it('carries the runtime value for user, entrypoint, health check and the environment of the image layout', async () => {
    const text = await renderPythonDockerfile('python:3.12-slim-bookworm', labels);
    expect(text).toMatch(/^USER 1000:1000$/m);
    expect(text).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(text).toContain(`ENTRYPOINT ${JSON.stringify(pythonRuntime.entrypoint).replace(/","/g, '", "')}`);
    const check = pythonRuntime.healthCheck;
    expect(text).toContain(
      `HEALTHCHECK --interval=${check.intervalS}s --timeout=${check.timeoutS}s --start-period=${check.startPeriodS}s --retries=${check.retries} \\\n  CMD ["python", "-m", "craneml_runtime.health"]`,
    );
    for (const env of PYTHON_IMAGE_ENV) expect(text).toContain(env);
    expect(text).toMatch(/PATH=\/opt\/venv\/bin:/);
  });
});

describe('the Python base image', () => {
  it('is python:<version>-slim-bookworm, with the local base made by the set-up for 3.11', () => {
    expect(pythonBase('3.11')).toMatchObject({
      image: 'python:3.11-slim-bookworm',
      local: 'craneml/local-base:python3.11',
      localRecipe: 'bash scripts/make-python-base.sh',
    });
    expect(pythonBase('3.13').image).toBe('python:3.13-slim-bookworm');
    expect(pythonBase('3.13').localRecipe).toMatch(/Python 3\.11 only: set python\.version to "3\.11"/);
  });
});

describe('the dependency image tag', () => {
  const script = INSTALL_SCRIPT_TEXT;
  it('depends on the requirement lines, not their order, comments or repeats', () => {
    const a = depsTag('sha256:base', 'linux/amd64', '# runtime\nstarlette==1.10.0\n# model\nnumpy==2.4.6\n', script);
    expect(a).toMatch(/^craneml\/python-deps:[0-9a-f]{12}$/);
    expect(depsTag('sha256:base', 'linux/amd64', 'numpy==2.4.6\nstarlette==1.10.0\nnumpy==2.4.6\n', script)).toBe(a);
    expect(depsTag('sha256:base', 'linux/amd64', 'numpy==2.4.5\nstarlette==1.10.0\n', script)).not.toBe(a);
    expect(depsTag('sha256:other', 'linux/amd64', 'numpy==2.4.6\nstarlette==1.10.0\n', script)).not.toBe(a);
    expect(depsTag('sha256:base', 'linux/arm64', 'numpy==2.4.6\nstarlette==1.10.0\n', script)).not.toBe(a);
    expect(depsTag('sha256:base', 'linux/amd64', 'numpy==2.4.6\nstarlette==1.10.0\n', `${script}\n# changed`)).not.toBe(a);
  });
});

describe("pip's error line", () => {
  it('names the requirement no index has, in pip’s words', () => {
    const log = [
      'Collecting craneml-no-such==1.0.0',
      '\u001b[91mERROR: Could not find a version that satisfies the requirement craneml-no-such==1.0.0 (from versions: none)\n\u001b[0m',
      '\u001b[91mERROR: No matching distribution found for craneml-no-such==1.0.0\n\u001b[0m',
    ];
    expect(pipErrorLine(log)).toBe('ERROR: No matching distribution found for craneml-no-such==1.0.0');
  });

  it('takes any other ERROR line, else the last line', () => {
    expect(
      pipErrorLine(['x', 'ERROR: Cannot install a==1 and b==2 because these package versions have conflicting dependencies.', 'y']),
    ).toMatch(/^ERROR: Cannot install/);
    expect(pipErrorLine(['apt-get failed', 'E: Unable to locate package libgomp1'])).toBe('E: Unable to locate package libgomp1');
  });
});

describe('craneml serve of a Python project', () => {
  it('is refused with the commands that serve it', async () => {
    const error = await pythonRuntime
      .serve({ project: 'iris', host: '127.0.0.1', port: 9000, corsOrigins: [], log: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CraneError);
    expect((error as CraneError).code).toBe('USAGE');
    expect((error as Error).message).toBe(
      'iris is served by the Python runtime, which runs only in its image: craneml build iris -t NAME:TAG && craneml run NAME:TAG --port 9000',
    );
  });
});

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
        // Shared with the converter: templates/python-shared's restricted unpickler.
        'craneml_runtime/adapters',
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
