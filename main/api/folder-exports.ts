/**
 * Folders that build or run a model without CraneML: the one export of a project (`craneml export -o`,
 * the app's Export folder) and the Compose and Kubernetes manifests (`craneml export --compose|--kubernetes`).
 */
import { exportProject, type ExportOptions } from '../packaging/export.ts';
import { deployTarget } from '../deploy/deploy-target.ts';
import type { DeployTarget, ManifestOptions } from '../deploy/manifest-values.ts';
import { writeCompose, writeKubernetes } from '../deploy/write-manifests.ts';
import type { Project } from '../project.ts';

export type { DeployTarget, ExportOptions, ManifestOptions };

/**
 * Dockerfile, create.sh, run.sh, README, runtime/ and model/ into `dir`: a new or empty folder, or
 * with `replace` an earlier export holding nothing else (main/files/write-folder.ts).
 * @example await exportBuildFolder(project, 'digits-export', { tag: 'digits:1.0' });
 */
export async function exportBuildFolder(project: Project, dir: string, options: ExportOptions = {}): Promise<void> {
  await exportProject(project, dir, options);
}

/**
 * What the manifests describe: a project folder or model file (its name:version tag), or a built image (its labels).
 * @example const facts = await deployTargetOf('digits:1.0.0');
 */
export function deployTargetOf(target: string, options: { tag?: string; preset?: string } = {}): Promise<DeployTarget> {
  return deployTarget(target, options);
}

/**
 * compose.yaml + compose.host.yaml (`compose`) and kubernetes/ (`kubernetes`) into `dir`, each new
 * or with `replace` an earlier one; resolves with the paths written.
 * @example await writeDeployManifests(facts, '.', { replicas: 2 }, { compose: true }); // ['compose.yaml', 'compose.host.yaml']
 */
export async function writeDeployManifests(
  facts: DeployTarget,
  dir: string,
  settings: ManifestOptions,
  kinds: { compose?: boolean; kubernetes?: boolean; replace?: boolean },
): Promise<string[]> {
  const replace = kinds.replace === true;
  return [
    ...(kinds.compose ? await writeCompose(facts, dir, settings, replace) : []),
    ...(kinds.kubernetes ? await writeKubernetes(facts, dir, settings, replace) : []),
  ];
}
