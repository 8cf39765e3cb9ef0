/**
 * A build that moves a tag leaves the image it replaced behind, untagged; rebuilding a model many
 * times would fill the disk with them. CraneML removes such an image when it built it and nothing
 * else holds it; an image of the user's (e.g. built FROM a CraneML image) only loses the tag.
 */
import type Docker from 'dockerode';
import { forgetBuiltImage } from './built-images.ts';
import { isOwnImage } from './ownership.ts';

/** The ID of the image `tag` names now, or undefined. */
export async function imageIdOf(docker: Docker, tag: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Id;
  } catch {
    return undefined;
  }
}

/** What became of the image a build's tag named before. */
export type ReplacedImage = 'removed' | 'kept-in-use' | 'kept-not-ours';

/**
 * Removes `previousId` when CraneML built it, it no longer has any tag and no container uses it
 * (the daemon refuses the removal then, which is fine).
 */
export async function removeReplacedImage(docker: Docker, previousId: string, currentId: string): Promise<ReplacedImage> {
  if (previousId === currentId) return 'kept-in-use';
  try {
    const info = await docker.getImage(previousId).inspect();
    if (!(await isOwnImage(info.Id, info.Config.Labels))) return 'kept-not-ours';
    if ((info.RepoTags ?? []).some((t) => t !== '<none>:<none>')) return 'kept-in-use';
    await docker.getImage(previousId).remove();
    await forgetBuiltImage(previousId);
    return 'removed';
  } catch {
    return 'kept-in-use';
  }
}
