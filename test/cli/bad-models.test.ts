/**
 * Bad model files refused as a user's error by `inspect` and `predict`: one `craneml: ` line, exit 2,
 * nothing on stdout. The CLI runs for the files whose refusal passes where the CLI could print before
 * it (Keras' partial facts, a notebook file's facts), an empty and a missing file; the rest call the
 * same core calls the two commands make (main/api/open-model.ts) in this process, and check the
 * error the CLI would print: a CraneError (exit 2, no stack) whose one line names the problem.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectAnyModel, openPredictor } from '../../main/api/open-model.ts';
import { CraneError, describeError } from '../../main/errors.ts';
import { runCli } from '../helpers/cli.ts';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bad-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** `craneml inspect` and `craneml predict --json -` on `file`: each exits 2 with one line matching `pattern`. */
async function expectOneLineError(file: string, pattern: RegExp): Promise<void> {
  for (const command of [
    ['inspect', file],
    ['predict', file, '--json', '-'],
  ]) {
    const { code, stdout, stderr } = await runCli(command, { input: '[]' });
    expect(code, `${command[0]} ${path.basename(file)}`).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^craneml: /);
    expect(lines[0]).toMatch(pattern);
    expect(stderr).not.toMatch(/\n\s+at /);
  }
}

/** What `inspect` and `predict` call on `file` (inspectAnyModel, openPredictor): each refuses it with a CraneError of one line matching `pattern`. */
async function expectRefusedByCore(file: string, pattern: RegExp): Promise<void> {
  for (const [command, call] of [
    ['inspect', () => inspectAnyModel(file)],
    ['predict', () => openPredictor(file)],
  ] as const) {
    const error: unknown = await call().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error, `${command} ${path.basename(file)}`).toBeInstanceOf(CraneError);
    const lines = describeError(error).split('\n');
    expect(lines, describeError(error)).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  }
}

describe('bad model files', () => {
  it('an empty file', async () => {
    const file = path.join(tmp, 'empty.onnx');
    await writeFile(file, '');
    await expectOneLineError(file, /the file is empty/);
  });

  it('a truncated ONNX file', async () => {
    const bytes = await readFile('assets/examples/digits/model.onnx');
    const file = path.join(tmp, 'truncated.onnx');
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefusedByCore(file, /truncated\.onnx: (not a readable ONNX file|onnxruntime could not load)/);
  });

  it('a corrupt ONNX file (random bytes after a valid start)', async () => {
    const bytes = Buffer.from(await readFile('assets/examples/digits/model.onnx'));
    for (let i = 64; i < bytes.length; i += 7) bytes[i] = (bytes[i]! * 31 + 17) & 0xff;
    const file = path.join(tmp, 'corrupt.onnx');
    await writeFile(file, bytes);
    await expectRefusedByCore(file, /corrupt\.onnx: (not a readable ONNX file|onnxruntime could not load)/);
  });

  it('a file that is no model at all', async () => {
    const file = path.join(tmp, 'notes.txt');
    await writeFile(file, 'just some notes, not a model\n');
    await expectRefusedByCore(file, /not a model CraneML recognises/);
  });

  it('a JSON file that is not a TF.js model', async () => {
    const file = path.join(tmp, 'model.json');
    await writeFile(file, '{"hello": "world"}');
    await expectRefusedByCore(file, /not a TF\.js model/);
  });

  it('an HDF5 signature with nothing behind it', async () => {
    const file = path.join(tmp, 'model.h5');
    await writeFile(file, Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]));
    await expectOneLineError(file, /the HDF5 file cannot be read/);
  });

  it('a TensorFlow SavedModel, with the tf2onnx command', async () => {
    const dir = path.join(tmp, 'saved');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'saved_model.pb'), Buffer.from([0x08, 0x01, 0x12, 0x00]));
    await expectRefusedByCore(
      dir,
      /a TensorFlow SavedModel, which CraneML recognises but does not serve yet.*tf2onnx\.convert --saved-model/,
    );
    await expectRefusedByCore(path.join(dir, 'saved_model.pb'), /a TensorFlow SavedModel.*tf2onnx/);
  });

  it('a truncated PyTorch .pt zip', async () => {
    const file = path.join(tmp, 'model.pt');
    const name = Buffer.from('model/data.pkl');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(name.length, 26);
    await writeFile(file, Buffer.concat([header, name, Buffer.alloc(16)]));
    await expectRefusedByCore(file, /model\.pt: not a readable PyTorch zip archive \(no end of central directory: truncated or damaged\)$/);
  });

  it('a truncated pickle, read as a notebook model and refused as incomplete', async () => {
    const file = path.join(tmp, 'model.joblib');
    await writeFile(file, Buffer.from([0x80, 0x04, 0x95, 0x10, 0x00]));
    await expectOneLineError(file, /model\.joblib: not a complete pickle/);
  });

  it('a missing file', async () => {
    await expectOneLineError(path.join(tmp, 'nope.onnx'), /no such file/);
  });
});
