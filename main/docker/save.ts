/** Exports an image to a tar file (`docker save`), written atomically. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { link, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, toCraneError } from './docker-errors.ts';
import { imageHandle } from './handles.ts';

/**
 * Writes `image` as a tar loadable with `docker load`; resolves with the file's size. A failed or
 * interrupted save leaves no partial file behind. With `replace: false` an existing file is left
 * alone and the save fails (the app's typed path must not clobber a file by accident).
 * @example
 * await saveImage(docker, 'digits:1.0', 'digits-1.0.tar');
 */
export async function saveImage(
  docker: Docker,
  image: string,
  file: string,
  options: { replace?: boolean } = {},
): Promise<{ file: string; bytes: number }> {
  const replace = options.replace ?? true;
  if (!replace) await refuseExisting(file);
  try {
    await imageHandle(docker, image).inspect();
  } catch (error) {
    if (classifyDockerError(error) === 'not-found')
      throw new CraneError('NOT_FOUND', `image ${image} not found (craneml ls --images lists CraneML images)`, { cause: error });
    throw toCraneError(error, `saving ${image}`);
  }
  const partial = `${file}.partial-${process.pid}`;
  const out = createWriteStream(partial);
  await once(out, 'open').catch((error: Error) => {
    throw new CraneError('USAGE', `cannot write ${file}: ${error.message}`, { cause: error });
  });
  try {
    // /images/{name}/get exports exactly the requested tag, so `docker load` restores it.
    await pipeline(await docker.getImage(image).get(), out);
    if (replace) await rename(partial, file);
    else {
      // link() refuses an existing name atomically, where a check then rename could race.
      await link(partial, file).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? existsError(file) : error;
      });
      await rm(partial, { force: true });
    }
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    if (error instanceof CraneError) throw error;
    throw toCraneError(error, `saving ${image}`);
  }
  return { file, bytes: (await stat(file)).size };
}

function existsError(file: string): CraneError {
  return new CraneError('USAGE', `${file} already exists; choose another name, or replace it`);
}

async function refuseExisting(file: string): Promise<void> {
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  )
    throw existsError(file);
}
