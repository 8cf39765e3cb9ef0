/** detectModel on paths that hold no model file: a device, a symbolic link loop, a missing path; one line each, nothing read. */
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectModel } from '../../../main/formats/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe('detectModel on a path with no model file', () => {
  it('names a device as one, not as an empty file', async () => {
    await expect(detectModel('/dev/null')).rejects.toThrow('/dev/null: a device, not a model file');
  });

  it('names a symbolic link that leads back to itself', async () => {
    await using dir = await tempDir('detect');
    await symlink(path.join(dir.path, 'b.onnx'), path.join(dir.path, 'a.onnx'));
    await symlink(path.join(dir.path, 'a.onnx'), path.join(dir.path, 'b.onnx'));
    await expect(detectModel(path.join(dir.path, 'a.onnx'))).rejects.toThrow(/a\.onnx: a symbolic link that leads back to itself$/);
  });

  it('says a missing path is missing', async () => {
    await using dir = await tempDir('detect');
    await expect(detectModel(path.join(dir.path, 'gone.onnx'))).rejects.toThrow(/gone\.onnx: no such file or folder$/);
  });
});
