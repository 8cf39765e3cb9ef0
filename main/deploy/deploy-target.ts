/** What `export --compose/--kubernetes` describes: a project folder or model file (its name:version tag), or a built image (its labels). */
import { stat } from 'node:fs/promises';
import { defaultImageTag } from '../packaging/export.ts';
import { getDocker } from '../docker/client.ts';
import { imageFacts } from '../docker/image-facts.ts';
import { openProject } from '../project.ts';
import { withNotebooks } from '../convert/notebook-conversion.ts';
import { runtimeIdOfImage } from '../runtimes/image-layout.ts';
import { runtimeFor } from '../runtimes/index.ts';
import type { DeployTarget } from './manifest-values.ts';

/**
 * @example await deployTarget('assets/examples/digits'); // { image: 'digits:1.0.0', modelName: 'digits', version: '1.0.0', runtime: 'node' }
 * @example await deployTarget('digits:1.0.0');           // from the image's io.craneml.* labels
 */
export async function deployTarget(target: string, options: { tag?: string; preset?: string } = {}): Promise<DeployTarget> {
  const onDisk = await stat(target).then(
    () => true,
    () => false,
  );
  if (onDisk) {
    const { manifest } = await openProject(target, withNotebooks({ preset: options.preset }));
    return {
      image: options.tag ?? defaultImageTag(manifest),
      modelName: manifest.name,
      version: manifest.version,
      runtime: runtimeFor(manifest).id,
    };
  }
  const { labels } = await imageFacts((await getDocker()).docker, target);
  return {
    image: options.tag ?? target,
    modelName: labels['io.craneml.model.name'] ?? target.split(/[/:@]/).slice(-2)[0] ?? 'model',
    version: labels['io.craneml.model.version'] ?? 'unknown',
    runtime: runtimeIdOfImage(labels),
  };
}
