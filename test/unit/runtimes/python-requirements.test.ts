import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { imageRequirements, requirementLines } from '../../../main/runtimes/python/requirements.ts';

describe('requirement lines of a Python-runtime image', () => {
  it('drops comments and blank lines and joins continuations', () => {
    const text = '\uFEFF# pinned\nnumpy==2.1.0  # arrays\n\nscikit-learn==1.5.2 \\\n  --hash=sha256:abc\r\n';
    expect(requirementLines(text, 'requirements.txt')).toEqual(['numpy==2.1.0', 'scikit-learn==1.5.2   --hash=sha256:abc']);
  });

  it('keeps index options, as pip reads them', () => {
    expect(requirementLines('--extra-index-url https://download.pytorch.org/whl/cpu\n--prefer-binary\n', 'r.txt')).toEqual([
      '--extra-index-url https://download.pytorch.org/whl/cpu',
      '--prefer-binary',
    ]);
  });

  it.each([
    ['-r base.txt', /line 2: "-r base.txt" names another file/],
    ['--constraint=c.txt', /names another file/],
    ['-e .', /names another file/],
    ['./wheels/mine-1.0-py3-none-any.whl', /is a local path/],
    ['mine @ file:///home/me/mine', /is a local path/],
    ['--user', /the option "--user" is not taken/],
  ])('refuses %s with the line it is on', (line, message) => {
    const error = (() => {
      try {
        return requirementLines(`numpy==2.1.0\n${line}\n`, 'requirements.txt');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CraneError);
    expect((error as CraneError).code).toBe('MODEL_FILES');
    expect((error as Error).message).toMatch(/^requirements\.txt line 2: /);
    expect((error as Error).message).toMatch(message);
  });
});

describe("an image's requirements", () => {
  let dir = '';
  let runtime = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-python-requirements-'));
    runtime = path.join(dir, 'runtime-requirements.txt');
    await writeFile(runtime, '# the server\nstarlette==1.10.0\nuvicorn==0.55.0\n');
    await mkdir(path.join(dir, 'project'));
    await writeFile(path.join(dir, 'project', 'requirements.txt'), 'pandas==3.1.1\nnumpy==2.4.6\n');
    await writeFile(path.join(dir, 'outside.txt'), 'numpy==1.0\n');
    await symlink(path.join(dir, 'outside.txt'), path.join(dir, 'project', 'linked.txt'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("lists the runtime's pins, then the manifest's, then the project file's; keyed by the sorted unique lines", async () => {
    const project = path.join(dir, 'project');
    const result = await imageRequirements(project, { requirements: ['numpy==2.4.6'], requirements_file: 'requirements.txt' }, runtime);
    expect(result.text).toBe(
      [
        '# the runtime (CraneML)\nstarlette==1.10.0\nuvicorn==0.55.0\n',
        '# the model (craneml.json python.requirements)\nnumpy==2.4.6\n',
        '# the model (requirements.txt)\npandas==3.1.1\nnumpy==2.4.6\n',
      ].join('\n'),
    );
    expect(result.lines).toEqual(['numpy==2.4.6', 'pandas==3.1.1', 'starlette==1.10.0', 'uvicorn==0.55.0']);
  });

  it('leaves out a section with no lines', async () => {
    const result = await imageRequirements(path.join(dir, 'project'), { requirements: [] }, runtime);
    expect(result.text).toBe('# the runtime (CraneML)\nstarlette==1.10.0\nuvicorn==0.55.0\n');
  });

  it('refuses a requirements file that leads outside the project', async () => {
    const error = await imageRequirements(path.join(dir, 'project'), { requirements: [], requirements_file: 'linked.txt' }, runtime).catch(
      (e: unknown) => e,
    );
    expect((error as CraneError).code).toBe('MODEL_FILES');
    expect((error as Error).message).toMatch(/linked\.txt: leads outside the project folder/);
  });

  it("reads the runtime's own requirements from templates/runtime-python", async () => {
    const result = await imageRequirements(path.join(dir, 'project'), { requirements: [] });
    expect(result.lines.some((line) => line.startsWith('starlette=='))).toBe(true);
    expect(result.lines.every((line) => /^[A-Za-z0-9_.-]+==[\w.]+$/.test(line))).toBe(true);
  });
});
