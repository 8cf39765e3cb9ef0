/** `craneml export --compose` and `--kubernetes`: fills templates/deploy/ for a project or an image, written through main/files. */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appFile } from '../packaging/app-resources.ts';
import { writeFolder } from '../files/write-folder.ts';
import { writeTextAtomically } from '../files/write-file.ts';
import { manifestValues, type DeployTarget, type ManifestOptions } from './manifest-values.ts';

const TEMPLATES = appFile('templates/deploy/');

function fill(text: string, values: Record<string, string>): string {
  for (const [key, value] of Object.entries(values)) text = text.split(`__${key}__`).join(value);
  return text;
}

/**
 * Writes compose.yaml (bridge) and compose.host.yaml (host networking) into `dir`. Each file is new,
 * or with `replace` (`--force`) an existing regular file replaced whole; never a link or a device.
 * @example await writeCompose({ image: 'digits:1.0.0', modelName: 'digits', version: '1.0.0', runtime: 'node' }, 'out', { replicas: 2 });
 */
export async function writeCompose(target: DeployTarget, dir: string, options: ManifestOptions = {}, replace = false): Promise<string[]> {
  const values = manifestValues(target, options);
  const texts = await Promise.all(
    ['compose.yaml', 'compose.host.yaml'].map(async (file) => ({
      file,
      text: fill(await readFile(path.join(TEMPLATES, file), 'utf8'), values),
    })),
  );
  const written: string[] = [];
  for (const { file, text } of texts) {
    const to = path.join(dir, file);
    await writeTextAtomically({ target: to, replace }, text);
    written.push(to);
  }
  return written;
}

/**
 * Writes `dir/kubernetes/`: Deployment, Service, HorizontalPodAutoscaler, kustomization.yaml and a KServe
 * InferenceService; a new folder, or with `replace` (`--force`) an earlier one holding nothing else.
 * @example await writeKubernetes(target, 'out'); // ['out/kubernetes/deployment.yaml', ...]
 */
export async function writeKubernetes(
  target: DeployTarget,
  dir: string,
  options: ManifestOptions = {},
  replace = false,
): Promise<string[]> {
  const values = manifestValues(target, options);
  const from = path.join(TEMPLATES, 'kubernetes');
  const to = path.join(dir, 'kubernetes');
  const files = (await readdir(from)).filter((f) => f.endsWith('.yaml')).sort();
  await writeFolder({ target: to, kind: 'kubernetes', replace }, async (temporary) => {
    await mkdir(temporary, { recursive: true });
    for (const file of files) await writeFile(path.join(temporary, file), fill(await readFile(path.join(from, file), 'utf8'), values));
  });
  return files.map((file) => path.join(to, file));
}
