/** The Python runtime's image recipe, base image, dependency tag and pip's error line, in-process. */
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { pythonBase } from '../../../main/runtimes/python/base-image.ts';
import { depsTag } from '../../../main/runtimes/python/deps-image.ts';
import { DEPS_RUN_LINE, renderPythonDockerfile } from '../../../main/runtimes/python/dockerfile.ts';
import { pythonRuntime } from '../../../main/runtimes/python/index.ts';
import { INSTALL_SCRIPT_TEXT } from '../../../main/runtimes/python/install-script.ts';
import { pipErrorLine } from '../../../main/runtimes/python/pip-error.ts';
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
