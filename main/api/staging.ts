/**
 * Model files the user dropped, kept in a private temporary folder until the project is written:
 * each staged model is inspected at once, and errors name the dropped file, not the temp path.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CraneError } from '../errors.ts';
import { inspectModel, type ModelInfo } from '../formats/index.ts';
import type { FileUpload } from '../shared/crane-api.ts';

/** Dropped model files together may be at most this large (the web mode holds an upload in memory). */
export const MAX_STAGED_BYTES = 2 * 1024 ** 3;

export interface StagedFiles {
  id: string;
  /** The folder the runtime reads: the dropped files, or the bundled example's own folder. */
  dir: string;
  info: ModelInfo;
  /** Whether `dir` is ours to delete. */
  owned: boolean;
}

/** Rewrites "/tmp/craneml-stage-x/model.onnx: ..." as "model.onnx: ..." in a core error. */
function withoutTempPath(error: unknown, dir: string): unknown {
  if (!(error instanceof CraneError)) return error;
  const message = error.message.split(`${dir}${path.sep}`).join('').split(dir).join('the dropped files');
  const copy = new CraneError(error.code, message, { cause: error });
  return copy;
}

/** The file to inspect: the one dropped, else the .onnx or model.json among them (its weights lie beside it). */
function entryOf(files: FileUpload[]): string {
  if (files.length === 1) return files[0]!.name;
  const entry =
    files.find((f) => /\.onnx$/i.test(f.name)) ?? files.find((f) => f.name === 'model.json') ?? files.find((f) => /\.json$/i.test(f.name));
  return entry?.name ?? '';
}

export class StagingArea {
  private readonly staged = new Map<string, StagedFiles>();
  private counter = 0;

  /** Writes the dropped files to a new temporary folder and inspects them as one model. */
  async stage(files: FileUpload[]): Promise<StagedFiles> {
    const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
    if (total > MAX_STAGED_BYTES)
      throw new CraneError('INPUT_TOO_LARGE', `the dropped files hold ${total} bytes; the limit is ${MAX_STAGED_BYTES}`);
    const names = new Set(files.map((f) => f.name));
    if (names.size !== files.length) throw new CraneError('USAGE', 'two dropped files have the same name; drop each file once');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-stage-'));
    try {
      for (const file of files) await writeFile(path.join(dir, file.name), file.bytes);
      const info = await inspectModel(path.join(dir, entryOf(files)));
      return this.keep({ id: '', dir, info, owned: true });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw withoutTempPath(error, dir);
    }
  }

  /** Stages a model already on disk (the bundled example) without copying it. */
  async stageFolder(dir: string): Promise<StagedFiles> {
    return this.keep({ id: '', dir, info: await inspectModel(dir), owned: false });
  }

  get(id: string): StagedFiles {
    const found = this.staged.get(id);
    if (!found) throw new CraneError('NOT_FOUND', 'that model is no longer staged; drop it again');
    return found;
  }

  async dispose(): Promise<void> {
    const owned = [...this.staged.values()].filter((s) => s.owned);
    this.staged.clear();
    await Promise.all(owned.map((s) => rm(s.dir, { recursive: true, force: true })));
  }

  private keep(files: StagedFiles): StagedFiles {
    const kept = { ...files, id: `staged-${++this.counter}` };
    this.staged.set(kept.id, kept);
    return kept;
  }
}
