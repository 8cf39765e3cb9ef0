/**
 * Model files the user dropped, kept in a private temporary folder until the project is written:
 * each staged model is inspected at once, and errors name the dropped file, not the temp path.
 * Files reach the folder as they arrive (a stream, a copy), never as one buffer of the whole model,
 * and only the newest KEEP_STAGED folders are kept: the rest go when a newer model is staged.
 */
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CraneError } from '../errors.ts';
import { ModelFolder } from '../formats/contained-path.ts';
import { inspectModel, type ModelInfo } from '../formats/index.ts';
import { notebookConversion } from '../convert/notebook-conversion.ts';
import { readLabels } from '../project.ts';
import type { ConversionEvent, FileUpload } from '../shared/crane-api.ts';
import { droppedModel } from './dropped-files.ts';
import { makeTempFolder } from '../files/temp-folders.ts';

/** Dropped model files together may be at most this large. */
export const MAX_STAGED_BYTES = 2 * 1024 ** 3;
/**
 * Staged models kept at once: the wizard's current one and the one before it (Back, or a model the
 * desktop shell opened meanwhile). Older folders are removed when a newer model is staged; a model
 * stays staged after its project is written, so Back and writing again still works.
 */
export const KEEP_STAGED = 2;
/** Models being written at once: with KEEP_STAGED, the disk holds at most (2 + 2) x MAX_STAGED_BYTES of staged files. */
export const MAX_STAGING_AT_ONCE = 2;

export interface StagedFiles {
  id: string;
  /** The folder the runtime reads: the dropped files, or the bundled example's own folder. */
  dir: string;
  info: ModelInfo;
  /** Whether `dir` is ours to delete. */
  owned: boolean;
  /** The classes' names from a labels.txt dropped with the model. */
  labels?: string[];
}

/** What the user said about the dropped model that its files do not. */
export interface StageOptions {
  /** One row's input shape, for a TorchScript file (which declares none). */
  inputShape?: number[];
}

/** Writes a model's files into `dir` (a fresh, empty folder) and returns their names. */
export type FileWriter = (dir: string) => Promise<string[]>;

/** The one-line refusal of files past the cap, as every way of staging says it. */
export function tooManyBytes(limit = MAX_STAGED_BYTES): CraneError {
  const mib = Math.round(limit / 1024 ** 2);
  return new CraneError('INPUT_TOO_LARGE', `the dropped files are larger than the limit of ${limit} bytes (${mib} MiB)`);
}

/** Rewrites "/tmp/craneml-stage-x/model.onnx: ..." as "model.onnx: ...". */
function withoutTempPathText(text: string, dir: string): string {
  return text.split(`${dir}${path.sep}`).join('').split(dir).join('the dropped files');
}

/** A core error with the staging folder's path taken out of its message. */
function withoutTempPath(error: unknown, dir: string): unknown {
  if (!(error instanceof CraneError)) return error;
  return new CraneError(error.code, withoutTempPathText(error.message, dir), { cause: error });
}

function sameNameTwice(): CraneError {
  return new CraneError('USAGE', 'two dropped files have the same name; drop each file once');
}

/** Writes uploaded bytes (the Electron IPC path, where the page sends the files whole). */
function writeUploads(files: FileUpload[]): FileWriter {
  return async (dir) => {
    const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
    if (total > MAX_STAGED_BYTES) throw tooManyBytes();
    if (new Set(files.map((f) => f.name)).size !== files.length) throw sameNameTwice();
    for (const file of files) {
      // A picked project folder's file keeps its place inside the folder (fileUploadSchema allows no climbing out).
      await mkdir(path.dirname(path.join(dir, file.name)), { recursive: true });
      await writeFile(path.join(dir, file.name), file.bytes, { flag: 'wx' });
    }
    return files.map((f) => f.name);
  };
}

/** Copies each `from` into `dir` as `name`, checking the cap on their sizes before copying anything. */
function copyAs(files: { from: string; name: string }[]): FileWriter {
  return async (dir) => {
    const sizes = await Promise.all(files.map(async ({ from }) => (await stat(from)).size));
    if (sizes.reduce((a, b) => a + b, 0) > MAX_STAGED_BYTES) throw tooManyBytes();
    const names = files.map((file) => file.name);
    if (new Set(names).size !== names.length) throw sameNameTwice();
    for (const { from, name } of files) await copyFile(from, path.join(dir, name));
    return names;
  };
}

/**
 * Copies files of this machine by path (the desktop shell opening a model), checking the cap first.
 * @example await staging.stageWith(copyFiles(['/models/net.onnx', '/models/net.onnx.data']));
 */
export function copyFiles(paths: string[]): FileWriter {
  return copyAs(paths.map((from) => ({ from, name: path.basename(from) })));
}

/**
 * Copies the files the user dropped in the desktop app (absolute paths in one folder): each must be a
 * regular file that resolves, links followed, inside that folder (ModelFolder's rule), else nothing is copied.
 * @example await staging.stageWith(copyDropped(['/models/net.onnx', '/models/net.onnx.data']));
 */
export function copyDropped(paths: string[]): FileWriter {
  return async (dir) => {
    for (const file of paths) if (!(await stat(file).catch(() => undefined))) throw new CraneError('NOT_FOUND', `${file}: no such file`);
    if (paths.length === 1 && (await stat(paths[0]!)).isDirectory()) return copyFolder(paths[0]!)(dir);
    const folder = await ModelFolder.of(paths[0]!);
    const files = [];
    for (const file of paths) {
      if (path.dirname(path.resolve(file)) !== folder.dir)
        throw new CraneError('MODEL_FILES', `${file}: not in the folder of the other dropped files, ${folder.dir}`);
      files.push(await folder.file(path.basename(file), 'dropped file', file));
    }
    return copyAs(files.map(({ real, name }) => ({ from: real, name })))(dir);
  };
}

/**
 * Copies a dropped folder (a Cog or predict.py project) as a project keeps it: its files in their
 * sub-folders, without version control, caches and venvs (main/python-project/project-files.ts).
 * @example await staging.stageWith(copyDropped(['/models/my-cog-project']));
 */
function copyFolder(source: string): FileWriter {
  return async (dir) => {
    const { listProjectFiles } = await import('../python-project/project-files.ts');
    const { files } = await listProjectFiles(source);
    if (files.reduce((sum, f) => sum + f.bytes, 0) > MAX_STAGED_BYTES) throw tooManyBytes();
    // Under its own name in the staging folder, so the project is named after it (not the temporary folder).
    const names = files.map((f) => `${path.basename(path.resolve(source))}/${f.path}`);
    for (const [i, file] of files.entries()) {
      await mkdir(path.dirname(path.join(dir, names[i]!)), { recursive: true });
      await copyFile(path.join(source, file.path), path.join(dir, names[i]!));
    }
    return names;
  };
}

export class StagingArea {
  private readonly staged = new Map<string, StagedFiles>();
  private counter = 0;
  private writing = 0;
  /** Stagings under way: dispose waits for them, so a folder being filled when the app quits goes too. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private disposed = false;
  /** Aborted on dispose: a notebook model converting in its container stops, and the container goes. */
  private readonly closing = new AbortController();

  /**
   * @param onRelease told when a staged model goes (its loaded model may be disposed).
   * @param onConversion told each step of a dropped notebook model's conversion to ONNX.
   */
  constructor(
    private readonly onRelease: (id: string) => void = () => {},
    private readonly onConversion: (event: ConversionEvent) => void = () => {},
  ) {}

  /** Writes the dropped files to a new temporary folder and inspects them as one model. */
  stage(files: FileUpload[], options: StageOptions = {}): Promise<StagedFiles> {
    return this.stageWith(writeUploads(files), options);
  }

  /**
   * A new temporary folder filled by `write`, inspected as one model. A failure (the cap, a broken
   * model, a client gone mid-upload) removes the folder with whatever was written. `options` is read
   * once the files are written, so an upload may fill it from its own form.
   */
  async stageWith(write: FileWriter, options: StageOptions = {}): Promise<StagedFiles> {
    if (this.disposed) throw new CraneError('USAGE', 'the app is closing; drop the model again when it is back');
    const work = this.fill(write, options);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async fill(write: FileWriter, options: StageOptions): Promise<StagedFiles> {
    if (this.writing >= MAX_STAGING_AT_ONCE)
      throw new CraneError('USAGE', `${MAX_STAGING_AT_ONCE} models are being staged already; drop this one when they are done`);
    this.writing++;
    let dir: string | undefined;
    try {
      const folder = (dir = await makeTempFolder('stage'));
      const names = await write(folder);
      const { entry, labelsFile } = droppedModel(names);
      const labels = labelsFile ? await readLabels(path.join(folder, labelsFile)) : undefined;
      // A notebook model converts here (the same inspectModel as the CLI's), saying each step as it goes.
      const info = await inspectModel(path.join(folder, entry), {
        notebooks: notebookConversion,
        signal: this.closing.signal,
        torch: { inputShape: options.inputShape },
        onProgress: ({ step, message }) => this.onConversion({ fileName: entry, step, message: withoutTempPathText(message, folder) }),
      });
      return await this.keep({ id: '', dir: folder, info, owned: true, ...(labels ? { labels } : {}) });
    } catch (error) {
      if (dir === undefined) throw error;
      await rm(dir, { recursive: true, force: true });
      throw withoutTempPath(error, dir);
    } finally {
      this.writing--;
    }
  }

  /** Stages a model already on disk (the bundled example) without copying it. */
  async stageFolder(dir: string): Promise<StagedFiles> {
    return this.keep({ id: '', dir, info: await inspectModel(dir, { notebooks: notebookConversion }), owned: false });
  }

  get(id: string): StagedFiles {
    const found = this.staged.get(id);
    if (!found) throw new CraneError('NOT_FOUND', 'that model is no longer staged; drop it again');
    return found;
  }

  /** The folders of the models staged now (tests check what is on disk). */
  folders(): string[] {
    return [...this.staged.values()].filter((s) => s.owned).map((s) => s.dir);
  }

  /** Forgets a staged model and removes its folder if it is ours. */
  async release(id: string): Promise<void> {
    const found = this.staged.get(id);
    if (!found) return;
    this.staged.delete(id);
    this.onRelease(id);
    if (found.owned) await rm(found.dir, { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.closing.abort(new CraneError('USAGE', 'the app is closing'));
    await Promise.allSettled([...this.inFlight]);
    await Promise.all([...this.staged.keys()].map((id) => this.release(id)));
  }

  private async keep(files: StagedFiles): Promise<StagedFiles> {
    const kept = { ...files, id: `staged-${++this.counter}` };
    this.staged.set(kept.id, kept);
    const older = [...this.staged.keys()].slice(0, -KEEP_STAGED);
    await Promise.all(older.map((id) => this.release(id)));
    return kept;
  }
}
