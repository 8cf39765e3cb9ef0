/** `--version` as the real CLI sees it: the CLI's own before a command, the model's inside `init` and `build`. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRANEML_VERSION } from '../../main/version.ts';
import { runCli } from '../helpers/cli.ts';

const digitsModel = 'assets/examples/digits/model.onnx';
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-version-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('--version in the real CLI', () => {
  it.each(['--version', '-V'])('craneml %s prints the CLI version and exits 0', async (flag) => {
    expect(await runCli([flag])).toEqual({ code: 0, stdout: `${CRANEML_VERSION}\n`, stderr: '' });
  });

  it('init --version 2.0.0 writes a project whose manifest says 2.0.0', async () => {
    const out = path.join(tmp, 'proj');
    const result = await runCli(['init', digitsModel, '--preset', 'digits', '--version', '2.0.0', '-o', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*craneml\.json\n {2}digits 2\.0\.0 \(onnx\)/);
    expect(JSON.parse(await readFile(path.join(out, 'craneml.json'), 'utf8'))).toMatchObject({ name: 'digits', version: '2.0.0' });
  });

  it('build --version refuses a version the manifest would not accept, before touching Docker', async () => {
    const result = await runCli(['build', 'assets/examples/digits', '--version', 'not a version']);
    expect(result).toMatchObject({ code: 2, stderr: 'craneml: --version: version: must be a version like 1.0.0\n' });
  });

  it('--debug after the command name is the debug switch, not an unknown option', async () => {
    const result = await runCli(['inspect', path.join(tmp, 'missing.onnx'), '--debug']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ModelFormatError: .*missing\.onnx: no such file or folder\n {4}at /);
  });
});
