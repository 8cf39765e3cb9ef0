/**
 * The files of a Python project folder that go into its image: every file, in sub-folders too,
 * except version control, caches, virtual environments and editor folders, each left out by name
 * with the reason, so `inspect` can list exactly what is copied and what is not.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CraneError } from '../errors.ts';
import { isInside, kindOf } from '../formats/contained-path.ts';

export interface ProjectFile {
  /** Relative to the project folder, with "/" between folders. */
  path: string;
  bytes: number;
}

export interface ProjectFiles {
  files: ProjectFile[];
  /** What was left out, and why. */
  skipped: { path: string; why: string }[];
}

/** A project's files together may be at most this large, as a dropped model may. */
export const MAX_PROJECT_BYTES = 2 * 1024 ** 3;
export const MAX_PROJECT_FILES = 10_000;

const SKIPPED_FOLDERS: Record<string, string> = {
  '.git': 'version control',
  '.hg': 'version control',
  '.svn': 'version control',
  __pycache__: "Python's bytecode cache",
  '.mypy_cache': 'a tool cache',
  '.pytest_cache': 'a tool cache',
  '.ruff_cache': 'a tool cache',
  '.ipynb_checkpoints': "Jupyter's checkpoints",
  '.cog': "Cog's own build folder",
  node_modules: 'JavaScript packages',
  '.idea': 'editor settings',
  '.vscode': 'editor settings',
};

function skippedFile(name: string): string | undefined {
  if (/\.py[co]$/.test(name)) return 'compiled Python';
  if (name === '.DS_Store') return "the Finder's settings";
  // craneml.json, and CraneML's markers (.craneml-files of a folder it wrote, .craneml-temp of a staging folder).
  if (name === 'craneml.json' || name.startsWith('.craneml-')) return 'written by CraneML';
  return undefined;
}

function tooLarge(files: ProjectFile[], total: number): CraneError {
  const largest = [...files]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((f) => `${f.path} ${(f.bytes / 1024 ** 2).toFixed(0)} MiB`);
  return new CraneError(
    'INPUT_TOO_LARGE',
    `the project's files are ${(total / 1024 ** 3).toFixed(1)} GiB, past the limit of ${MAX_PROJECT_BYTES / 1024 ** 3} GiB (largest: ${largest.join(', ')})`,
  );
}

/**
 * Lists a project folder. A link is followed when it leads to a file inside the folder; one that
 * leads outside is refused (MODEL_FILES), as a model's companions are.
 * @example (await listProjectFiles('my-model')).files // [{ path: 'predict.py', bytes: 812 }, { path: 'weights/net.json', bytes: 4096 }]
 */
export async function listProjectFiles(dir: string): Promise<ProjectFiles> {
  const root = await realpath(dir);
  const found: ProjectFiles = { files: [], skipped: [] };
  let total = 0;
  const walk = async (relative: string): Promise<void> => {
    const entries: Dirent[] = await readdir(path.join(dir, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.name === 'pyvenv.cfg') && relative !== '') {
      found.skipped.push({ path: relative, why: 'a virtual environment' });
      return;
    }
    for (const entry of entries) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = path.join(dir, name);
      const link = (await lstat(full)).isSymbolicLink();
      const real = link ? await realpath(full).catch(() => undefined) : full;
      if (real === undefined) {
        found.skipped.push({ path: name, why: 'a link to nothing' });
        continue;
      }
      if (link && !isInside(root, real))
        throw new CraneError('MODEL_FILES', `${full}: leads outside the project folder ${dir}; copy the file into the folder`);
      const info = await stat(real);
      if (info.isDirectory()) {
        const why = SKIPPED_FOLDERS[entry.name] ?? (link ? 'a link to a folder' : undefined);
        if (why) found.skipped.push({ path: name, why });
        else await walk(name);
        continue;
      }
      const why = info.isFile() ? skippedFile(entry.name) : kindOf(info);
      if (why) {
        found.skipped.push({ path: name, why });
        continue;
      }
      found.files.push({ path: name, bytes: info.size });
      total += info.size;
      if (found.files.length > MAX_PROJECT_FILES)
        throw new CraneError('INPUT_TOO_LARGE', `${dir}: more than ${MAX_PROJECT_FILES} files; is it the project's folder?`);
    }
  };
  await walk('');
  if (total > MAX_PROJECT_BYTES) throw tooLarge(found.files, total);
  return found;
}
