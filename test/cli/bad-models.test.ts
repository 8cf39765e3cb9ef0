import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-bad-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

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
    await expectOneLineError(file, /truncated\.onnx: (not a readable ONNX file|onnxruntime could not load)/);
  });

  it('a corrupt ONNX file (random bytes after a valid start)', async () => {
    const bytes = Buffer.from(await readFile('assets/examples/digits/model.onnx'));
    for (let i = 64; i < bytes.length; i += 7) bytes[i] = (bytes[i]! * 31 + 17) & 0xff;
    const file = path.join(tmp, 'corrupt.onnx');
    await writeFile(file, bytes);
    await expectOneLineError(file, /corrupt\.onnx: (not a readable ONNX file|onnxruntime could not load)/);
  });

  it('a file that is no model at all', async () => {
    const file = path.join(tmp, 'notes.txt');
    await writeFile(file, 'just some notes, not a model\n');
    await expectOneLineError(file, /not a model CraneML recognises/);
  });

  it('a JSON file that is not a TF.js model', async () => {
    const file = path.join(tmp, 'model.json');
    await writeFile(file, '{"hello": "world"}');
    await expectOneLineError(file, /not a TF\.js model/);
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
    await expectOneLineError(
      dir,
      /a TensorFlow SavedModel, which CraneML recognises but does not serve yet.*tf2onnx\.convert --saved-model/,
    );
    await expectOneLineError(path.join(dir, 'saved_model.pb'), /a TensorFlow SavedModel.*tf2onnx/);
  });

  it('a truncated PyTorch .pt zip', async () => {
    const file = path.join(tmp, 'model.pt');
    const name = Buffer.from('model/data.pkl');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(name.length, 26);
    await writeFile(file, Buffer.concat([header, name, Buffer.alloc(16)]));
    await expectOneLineError(file, /model\.pt: not a readable PyTorch zip archive \(no end of central directory: truncated or damaged\)$/);
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
