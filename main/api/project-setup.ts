/** From a staged model and the wizard's answers to a manifest, and a project folder on disk. */
import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CraneError } from '../errors.ts';
import { defaultImageTag } from '../build/export.ts';
import type { ModelInfo } from '../formats/index.ts';
import { MANIFEST_FILE, parseManifest, type Manifest } from '../manifest.ts';
import { copyModelFiles, createManifest, openProject, type Project } from '../project.ts';
import type { ModelSetup, ProjectSummary } from '../shared/crane-api.ts';

/** The wizard's fields of a manifest. */
export function setupOf(manifest: Manifest): ModelSetup {
  return {
    name: manifest.name,
    version: manifest.version,
    input: manifest.input,
    labels: manifest.labels,
    postprocess: manifest.postprocess,
  };
}

/** `base` (signature, files and hashes) described as `setup` says; the manifest's own checks apply. */
export function manifestFromSetup(base: Manifest, setup: ModelSetup): Manifest {
  const labels = setup.labels?.filter((l) => l.trim() !== '');
  return parseManifest(
    {
      ...base,
      name: setup.name,
      version: setup.version,
      input: setup.input,
      labels: labels?.length ? labels : undefined,
      postprocess: setup.postprocess,
    },
    "the wizard's set-up",
  );
}

/** Hashes and signature of a staged model, computed once (the wizard asks again on every change). */
export function baseManifest(info: ModelInfo, preset?: string): Promise<Manifest> {
  return createManifest(info, { preset });
}

/** "~/x" as the user's home folder; anything else made absolute. */
export function expandHome(dir: string): string {
  return path.resolve(dir === '~' || dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(1)) : dir);
}

export function summarise(project: Project): ProjectSummary {
  const { manifest } = project;
  return {
    dir: project.dir,
    name: manifest.name,
    version: manifest.version,
    format: manifest.format,
    inputKind: manifest.input.kind,
    labels: manifest.labels?.length ?? 0,
    defaultTag: defaultImageTag(manifest),
  };
}

/** Copies the model files and writes craneml.json into `dir`; an existing project there is replaced only when asked. */
export async function writeProject(sourceDir: string, manifest: Manifest, dir: string, replace: boolean): Promise<ProjectSummary> {
  const target = expandHome(dir);
  const manifestPath = path.join(target, MANIFEST_FILE);
  if (!replace && (await stat(manifestPath).catch(() => null)))
    throw new CraneError('USAGE', `${target} already holds a project (${MANIFEST_FILE}); choose another folder, or tick Replace`);
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isDirectory()) throw new CraneError('USAGE', `${target} is a file; choose a folder`);
  try {
    await copyModelFiles(sourceDir, manifest.model.files, target);
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC')
      throw new CraneError('USAGE', `cannot write the project to ${target} (${code}); choose a folder you can write to`, { cause: error });
    throw error;
  }
  return summarise(await openProject(target));
}
