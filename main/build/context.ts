/**
 * Assembles a build context: Dockerfile, runtime/ (bundled server + native packages) and
 * model/ (model files + craneml.json). The same folder is what `craneml export` hands out.
 */
import { copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CraneError } from '../errors.ts';
import { MANIFEST_FILE } from '../manifest.ts';
import type { Project } from '../project.ts';
import { DEFAULT_BASE_IMAGE, renderDockerfile } from './dockerfile.ts';
import { imageLabels } from './labels.ts';
import { hostPlatform } from './platform.ts';
import { runtimeFor, type PreparedRuntime } from '../runtimes/index.ts';
import type { Arch } from './runtime-packages.ts';

export interface ContextOptions {
  baseImage?: string;
  /** Docker platform like linux/amd64 or linux/arm64; defaults to this machine's. */
  platform?: string;
  /** Told about slow steps, such as a one-time download of a native package for the target platform. */
  onNotice?: (message: string) => void;
  /** The runtime folder, when the caller prepared it already (default: prepareRuntime, from the cache when current). */
  runtime?: PreparedRuntime;
}

export interface BuildContext {
  dir: string;
  labels: Record<string, string>;
  baseImage: string;
  platform: string;
}

/** linux/amd64 → x64, linux/arm64 → arm64; anything else is refused. */
export function archOf(platform: string): Arch {
  if (platform === 'linux/amd64') return 'x64';
  if (platform === 'linux/arm64' || platform === 'linux/arm64/v8') return 'arm64';
  throw new CraneError('USAGE', `platform ${platform} is not supported (use linux/amd64 or linux/arm64)`);
}

export { hostPlatform };

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
  const baseImage = options.baseImage ?? DEFAULT_BASE_IMAGE;
  await mkdir(dir, { recursive: true });
  const runtime = options.runtime ?? (await runtimeFor(project.manifest).prepare(project, platform, { notify: options.onNotice }));
  await cp(runtime.dir, path.join(dir, 'runtime'), { recursive: true });
  await writeModel(path.join(dir, 'model'), project);
  const labels = imageLabels(project.manifest);
  await writeFile(path.join(dir, 'Dockerfile'), await renderDockerfile(baseImage, labels));
  return { dir, labels, baseImage, platform };
}
