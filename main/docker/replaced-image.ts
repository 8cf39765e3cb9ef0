/**
 * A build that moves a tag leaves the image it replaced behind, untagged; rebuilding a model many
 * times would fill the disk with them. CraneML removes such an image when nothing else holds it.
 */
import type Docker from 'dockerode';
import { isManaged } from './labels.ts';

/** The ID of the image `tag` names now, or undefined. */
export async function imageIdOf(docker: Docker, tag: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Id;
  } catch {
    return undefined;
  }
}

/**
 * Removes `previousId` when it is a CraneML image that no longer has any tag and no container uses
 * (the daemon refuses the removal then, which is fine). Returns whether it was removed.
 */
export async function removeReplacedImage(docker: Docker, previousId: string, currentId: string): Promise<boolean> {
  if (previousId === currentId) return false;
  try {
    const info = await docker.getImage(previousId).inspect();
    const tags = (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    if (!isManaged(info.Config.Labels) || tags.length > 0) return false;
    await docker.getImage(previousId).remove();
    return true;
  } catch {
    return false;
  }
}
