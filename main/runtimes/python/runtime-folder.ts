/**
 * The Python runtime's folder for one project, the build context's `runtime/` (the image's /app):
 * the server package `craneml_runtime`, the small `cog` module, `deps/` (the image's
 * requirements.txt and the script that installs them), the try-it page in `page/` (unless the
 * manifest says `server.page: false`) and, for a model that takes images, `codec/`
 * (image-codec-bundle.ts). Kept in the user cache by content digest.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appFile } from '../../packaging/app-resources.ts';
import { cacheRoot, treeDigest } from '../../packaging/runtime-cache.ts';
import { ManifestError } from '../../errors.ts';
import type { Project } from '../../project.ts';
import type { PythonSection } from '../../shared/python-runtime-schema.ts';
import { archOf, hostPlatform, type Arch } from '../../shared/platform.ts';
import { PAGE_DIR, writeTryPage } from '../try-page.ts';
import type { PreparedRuntime } from '../types.ts';
import { CODEC_DIR, prepareImageCodec } from './image-codec-bundle.ts';
import { DEPS_DIR, INSTALL_SCRIPT, INSTALL_SCRIPT_TEXT, REQUIREMENTS_FILE } from './install-script.ts';
import { imageRequirements, RUNTIME_REQUIREMENTS } from './requirements.ts';

const RUNTIME_SOURCE = appFile('templates/runtime-python');
/** The Python packages of templates/runtime-python that go into the image, on PYTHONPATH=/app. */
const PACKAGES = ['craneml_runtime', 'cog'];
/**
 * Modules the runtime shares with the converter (the restricted unpickler, a classifier's labels and
 * scores, the columns a booster takes as categories), copied into the adapters package.
 */
const SHARED_SOURCE = appFile('templates/python-shared');
const SHARED_MODULES = ['restricted_unpickle.py', 'class_scores.py', 'category_columns.py'];
const SHARED_TARGET = path.join('craneml_runtime', 'adapters');

/** Compiled files and caches a developer's run leaves in the sources never go into an image. */
function shipped(source: string): boolean {
  const name = path.basename(source);
  return name !== '__pycache__' && !name.endsWith('.pyc') && name !== '.pytest_cache';
}

/** The manifest's python section, which a project served by the Python runtime must have. */
export function pythonSectionOf(project: Project): PythonSection {
  const python = project.manifest.python;
  if (!python) throw new ManifestError(`${project.dir}: craneml.json has no "python" section, which the Python runtime needs`);
  return python;
}

/**
 * Writes the folder for `project` (or finds it in the cache), named by the digest of what it holds.
 * @example const runtime = await preparePythonRuntime(project); // { dir: '~/.cache/craneml/python-runtime/3f2a…', digest: '3f2a…', reused: true }
 */
export async function preparePythonRuntime(
  project: Project,
  options: { cacheDir?: string; source?: string; runtimeRequirements?: string; arch?: Arch; notify?: (message: string) => void } = {},
): Promise<PreparedRuntime> {
  const requirements = await imageRequirements(project.dir, pythonSectionOf(project), options.runtimeRequirements ?? RUNTIME_REQUIREMENTS);
  const root = path.join(options.cacheDir ?? cacheRoot(), 'python-runtime');
  const staging = path.join(root, `.staging-${randomUUID()}`);
  try {
    await mkdir(staging, { recursive: true });
    for (const name of PACKAGES)
      await cp(path.join(options.source ?? RUNTIME_SOURCE, name), path.join(staging, name), { recursive: true, filter: shipped });
    for (const name of SHARED_MODULES) await cp(path.join(SHARED_SOURCE, name), path.join(staging, SHARED_TARGET, name));
    await mkdir(path.join(staging, DEPS_DIR));
    await writeFile(path.join(staging, DEPS_DIR, REQUIREMENTS_FILE), requirements.text);
    await writeFile(path.join(staging, DEPS_DIR, INSTALL_SCRIPT), INSTALL_SCRIPT_TEXT, { mode: 0o755 });
    if (project.manifest.server.page) await writeTryPage(path.join(staging, PAGE_DIR), { cacheDir: options.cacheDir });
    if (project.manifest.input.kind === 'image') {
      const codec = await prepareImageCodec(options.arch ?? archOf(hostPlatform()), { cacheDir: options.cacheDir, notify: options.notify });
      await cp(codec.dir, path.join(staging, CODEC_DIR), { recursive: true });
    }
    const digest = await treeDigest(staging);
    const dir = path.join(root, digest);
    if (existsSync(dir)) return { dir, digest, reused: true };
    // Another build may make the same folder meanwhile: its copy is as good as this one.
    const made = await rename(staging, dir).then(
      () => true,
      (error: unknown) => {
        if (existsSync(dir)) return false;
        throw error;
      },
    );
    return { dir, digest, reused: !made };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
