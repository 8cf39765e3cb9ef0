/**
 * The images CraneML built, by ID: one empty file per image ID in the user config folder
 * (`<config>/built-images/<hex>`), so parallel builds never write the same file.
 *
 * An image ID is the digest of the image's config, which holds its layers, ENV, CMD, labels and
 * history: an image built FROM a CraneML image, or a `docker commit` of its container, has another
 * ID even when it inherits every label. So "its ID was recorded at build" is CraneML's whole claim
 * to an image, with nothing to canonicalise across Docker versions.
 */
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { userConfigDir } from '../files/user-config-dir.ts';
import { CraneError } from '../errors.ts';

const IMAGE_ID = /^sha256:([0-9a-f]{64})$/;

/** `<config>/built-images`; CRANEML_CONFIG_DIR moves it with the rest of the user config. */
export function builtImagesDir(configDir = userConfigDir()): string {
  return path.join(configDir, 'built-images');
}

function recordOf(imageId: string, dir: string): string | undefined {
  const hex = IMAGE_ID.exec(imageId)?.[1];
  return hex ? path.join(dir, hex) : undefined;
}

/**
 * Notes that CraneML built `imageId`; throws a CraneError naming the folder when it cannot.
 * @example await recordBuiltImage('sha256:3f…'); // ~/.config/craneml/built-images/3f…
 */
export async function recordBuiltImage(imageId: string, dir = builtImagesDir()): Promise<void> {
  const file = recordOf(imageId, dir);
  if (!file) throw new CraneError('DOCKER_ERROR', `the daemon answered an image ID CraneML cannot read: ${imageId}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(file, '');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CraneError('USAGE', `built ${imageId} but cannot note it in ${dir} (${reason}); make that folder writable`, { cause: error });
  }
}

/** Whether CraneML recorded `imageId` as one it built. */
export async function wasBuiltByCraneml(imageId: string, dir = builtImagesDir()): Promise<boolean> {
  const file = recordOf(imageId, dir);
  if (!file) return false;
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Drops the record of an image that is gone (a later build of the same content records it again). */
export async function forgetBuiltImage(imageId: string, dir = builtImagesDir()): Promise<void> {
  const file = recordOf(imageId, dir);
  if (file) await rm(file, { force: true }).catch(() => undefined);
}
