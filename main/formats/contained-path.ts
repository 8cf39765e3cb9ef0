/**
 * The one rule for the files a model names (TF.js shards, ONNX external data): each is a plain
 * relative name, resolved with symbolic links followed, and must be a regular file inside the model's
 * own folder, so no format can make CraneML read, copy or package a file the user did not give.
 *
 * The model's folder is the folder of the entry AS NAMED (where every loader looks for companions),
 * resolved with realpath. A named entry that is itself a symlink is followed: the user named it. Its
 * companions are still looked up beside the name and must resolve inside that folder, never beside
 * the link's target: the user gave the folder they named, not the one the link leads to.
 */
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CraneError, ModelCorruptError } from '../errors.ts';

export interface ContainedFile {
  /** The name as the model wrote it, relative to the model's folder. */
  name: string;
  /** The resolved path to read (no symbolic link left in it). */
  real: string;
  bytes: number;
}

/** What a path is, in words, when it is not a regular file. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Why a name cannot be a file inside the folder (absolute, `..`, NUL), or undefined when it can. */
export function unsafeName(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.includes('\0')) return 'holds a NUL character';
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) return "is an absolute path, which leads outside the model's folder";
  if (slashed.split('/').includes('..')) return "climbs with '..', which leads outside the model's folder";
  return undefined;
}

/** Whether `real` lies strictly inside `root` (both resolved). */
export function isInside(root: string, real: string): boolean {
  const relative = path.relative(root, real);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}

/**
 * A model's folder, resolved once; `file()` resolves each name the model gives.
 * @example const folder = await ModelFolder.of('/m/model.json'); await folder.file('w.bin', 'weights shard', '/m/model.json')
 */
export class ModelFolder {
  private constructor(
    /** The folder as named, for messages and for looking names up. */
    readonly dir: string,
    /** The same folder with symbolic links resolved. */
    readonly real: string,
  ) {}

  /** The folder of `entry` as the user named it. */
  static async of(entry: string): Promise<ModelFolder> {
    return ModelFolder.at(path.dirname(path.resolve(entry)));
  }

  /** A folder the user named. */
  static async at(dir: string): Promise<ModelFolder> {
    const named = path.resolve(dir);
    return new ModelFolder(named, await realpath(named));
  }

  /**
   * Resolves a name the model file `owner` gives for one of its files (`role`, e.g. "weights shard"):
   * missing → ModelCorruptError; an unsafe name, a path leading outside the folder, or something
   * other than a regular file → CraneError MODEL_FILES naming the path and why.
   */
  async file(name: string, role: string, owner: string): Promise<ContainedFile> {
    const unsafe = unsafeName(name);
    if (unsafe) throw new CraneError('MODEL_FILES', `${owner}: its ${role} "${name}" ${unsafe}`);
    // Looked up literally, as every later reader and copier (init, build, export) joins it.
    const full = path.join(this.dir, name);
    let real: string;
    try {
      real = await realpath(full);
    } catch {
      throw new ModelCorruptError(`${owner}: its ${role} "${name}" is missing (expected at ${full})`);
    }
    if (!isInside(this.real, real)) {
      throw new CraneError(
        'MODEL_FILES',
        `${full}: the ${role} "${name}" leads outside the model's folder ${this.dir}; copy the file into the folder`,
      );
    }
    const info = await stat(real);
    if (!info.isFile()) throw new CraneError('MODEL_FILES', `${full}: the ${role} "${name}" is ${kindOf(info)}, not a regular file`);
    return { name, real, bytes: info.size };
  }

  /** Where `file` (a path in this folder) resolves: a folder's entry must stay inside, as the user named only the folder. */
  async place(file: string): Promise<'inside' | 'outside' | 'missing'> {
    const real = await realpath(file).catch(() => undefined);
    if (real === undefined) return 'missing';
    return isInside(this.real, real) ? 'inside' : 'outside';
  }
}
