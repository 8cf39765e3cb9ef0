/** detectModel on paths that hold no model file: a device, a symbolic link loop, a missing path; one line each, nothing read. */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectModel } from '../../../main/formats/index.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-detect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detectModel on a path with no model file', () => {
  it('names a device as one, not as an empty file', async () => {
    await expect(detectModel('/dev/null')).rejects.toThrow('/dev/null: a device, not a model file');
  });

  it('names a symbolic link that leads back to itself', async () => {
    await symlink(path.join(dir, 'b.onnx'), path.join(dir, 'a.onnx'));
    await symlink(path.join(dir, 'a.onnx'), path.join(dir, 'b.onnx'));
    await expect(detectModel(path.join(dir, 'a.onnx'))).rejects.toThrow(/a\.onnx: a symbolic link that leads back to itself$/);
  });

  it('says a missing path is missing', async () => {
    await expect(detectModel(path.join(dir, 'gone.onnx'))).rejects.toThrow(/gone\.onnx: no such file or folder$/);
  });
});
