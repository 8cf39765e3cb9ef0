/** `craneml export --compose` and `--kubernetes`: fills templates/deploy/ for a project or an image. */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appFile } from '../build/app-resources.ts';
import { manifestValues, type DeployTarget, type ManifestOptions } from './manifest-values.ts';

const TEMPLATES = appFile('templates/deploy/');

function fill(text: string, values: Record<string, string>): string {
  for (const [key, value] of Object.entries(values)) text = text.split(`__${key}__`).join(value);
  return text;
}

async function fillInto(from: string, to: string, values: Record<string, string>): Promise<string[]> {
  await writeFile(to, fill(await readFile(from, 'utf8'), values));
  return [to];
}

/**
 * Writes compose.yaml (bridge) and compose.host.yaml (host networking) into `dir`.
 * @example await writeCompose({ image: 'digits:1.0.0', modelName: 'digits', version: '1.0.0' }, 'out', { replicas: 2 });
 */
export async function writeCompose(target: DeployTarget, dir: string, options: ManifestOptions = {}): Promise<string[]> {
  const values = manifestValues(target, options);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of ['compose.yaml', 'compose.host.yaml'])
    written.push(...(await fillInto(path.join(TEMPLATES, file), path.join(dir, file), values)));
  return written;
}

/**
 * Writes `dir/kubernetes/`: Deployment, Service, HorizontalPodAutoscaler, kustomization.yaml and a KServe InferenceService.
 * @example await writeKubernetes(target, 'out'); // ['out/kubernetes/deployment.yaml', ...]
 */
export async function writeKubernetes(target: DeployTarget, dir: string, options: ManifestOptions = {}): Promise<string[]> {
  const values = manifestValues(target, options);
  const from = path.join(TEMPLATES, 'kubernetes');
  const to = path.join(dir, 'kubernetes');
  await mkdir(to, { recursive: true });
  const written: string[] = [];
  for (const file of (await readdir(from)).filter((f) => f.endsWith('.yaml')).sort())
    written.push(...(await fillInto(path.join(from, file), path.join(to, file), values)));
  return written;
}
