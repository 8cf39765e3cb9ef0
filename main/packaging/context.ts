/**
 * Assembles a build context: Dockerfile, runtime/ (the runtime's prepared folder, main/runtimes/) and
 * model/ (model files + craneml.json). The same folder is what `craneml export` hands out.
 */
import { copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE } from '../manifest.ts';
import type { Project } from '../project.ts';
import { imageLabels } from './labels.ts';
import { archOf, hostPlatform } from '../shared/platform.ts';
import { runtimeFor, type PreparedRuntime } from '../runtimes/index.ts';

export interface ContextOptions {
  baseImage?: string;
  /** Docker platform like linux/amd64 or linux/arm64; defaults to this machine's. */
  platform?: string;
  /** Told about slow steps, such as a one-time download of a native package for the target platform. */
  onNotice?: (message: string) => void;
  /** The runtime folder, when the caller prepared it already (default: the runtime's prepare, from the cache when current). */
  runtime?: PreparedRuntime;
}

export interface BuildContext {
  dir: string;
  labels: Record<string, string>;
  baseImage: string;
  platform: string;
}

export { archOf, hostPlatform };

/** The model layer's folder: the model files and craneml.json. */
export async function writeModel(dir: string, project: Project): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of project.manifest.model.files) {
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await copyFile(path.join(project.dir, file.path), path.join(dir, file.path));
  }
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(project.manifest, null, 2) + '\n');
}

/** Writes a complete build context for `project` into `dir`, a new or empty folder (export.ts gets one from main/files). */
export async function assembleContext(project: Project, dir: string, options: ContextOptions = {}): Promise<BuildContext> {
  const platform = options.platform ?? hostPlatform();
  archOf(platform); // refuses a platform no image is built for, before any work
  const runner = runtimeFor(project.manifest);
  const baseImage = options.baseImage ?? runner.base(project.manifest).image;
  await mkdir(dir, { recursive: true });
  const runtime = options.runtime ?? (await runner.prepare(project, platform, { notify: options.onNotice }));
  await cp(runtime.dir, path.join(dir, 'runtime'), { recursive: true });
  await writeModel(path.join(dir, 'model'), project);
  const labels = imageLabels(project.manifest);
  await writeFile(path.join(dir, 'Dockerfile'), await runner.dockerfile(project.manifest, baseImage, labels));
  return { dir, labels, baseImage, platform };
}
