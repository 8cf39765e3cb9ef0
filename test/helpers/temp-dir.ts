/** A fresh `craneml-*` folder in the temp directory that removes itself when its scope ends. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempDir extends AsyncDisposable {
  readonly path: string;
  /** Removes the folder and all it holds (the same as leaving an `await using` scope; safe to call twice). */
  remove(): Promise<void>;
}

/**
 * Makes `<tmp>/craneml-<name>-XXXXXX`; the suite's leak check fails on any left behind.
 * @example
 * await using dir = await tempDir('export');
 * await writeFile(path.join(dir.path, 'model.onnx'), bytes);
 */
export async function tempDir(name: string): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `craneml-${name}-`));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  return { path: dir, remove, [Symbol.asyncDispose]: remove };
}
