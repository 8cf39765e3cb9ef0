/**
 * Whether an image or a container is CraneML's, by identity rather than by a label Docker copies into
 * every image built FROM it and every container created from it:
 * - an image is CraneML's when it carries CraneML's labels and its ID was recorded at build
 *   (built-images.ts); a derived image has another ID, so it is the user's;
 * - a container is CraneML's when CraneML created it: it carries CONTAINER_OF_LABEL naming the very
 *   image it was created from. A container made with `docker create` from a CraneML image has no
 *   such label (images never carry it), and one made from a `docker commit` of a CraneML container
 *   inherits a label naming another image than its own. Swarm's replicas of a CraneML deployment get
 *   the label from the service's ContainerSpec; a service never inherits image labels, so its own
 *   labels (set by CraneML when it created the service) stay what identifies a deployment.
 */
import type Docker from 'dockerode';
import { toCraneError } from './docker-errors.ts';
import { wasBuiltByCraneml } from './built-images.ts';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './labels.ts';

/** On a container only: the ID of the image CraneML created it from. */
export const CONTAINER_OF_LABEL = 'io.craneml.container-of';

type Labels = Record<string, string> | null | undefined;

/**
 * The labels that make a container created from `imageId` CraneML's.
 * @example docker.createContainer({ Image: 'digits:1.0', Labels: ownContainerLabels(info.Id) });
 */
export function ownContainerLabels(imageId: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [CONTAINER_OF_LABEL]: imageId };
}

/** ownContainerLabels for the image `image` names now (for a caller that holds a name, not an ID). */
export async function ownContainerLabelsFor(docker: Docker, image: string): Promise<Record<string, string>> {
  try {
    return ownContainerLabels((await docker.getImage(image).inspect()).Id);
  } catch (error) {
    throw toCraneError(error, `inspecting image ${image}`);
  }
}

/** `imageId` is the container's own image: Image in inspect data, ImageID in a listing. */
export function isOwnContainer(labels: Labels, imageId: string | undefined): boolean {
  return labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE && imageId !== undefined && labels[CONTAINER_OF_LABEL] === imageId;
}

/** CraneML built the image with ID `imageId` and labels `labels`. */
export async function isOwnImage(imageId: string, labels: Labels): Promise<boolean> {
  return labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE && (await wasBuiltByCraneml(imageId));
}
