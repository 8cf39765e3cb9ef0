/** Exports an image to a tar file (`docker save`), written through main/files: complete or not at all. */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { writeFileAtomically } from '../files/write-file.ts';
import { classifyDockerError, toCraneError } from './docker-errors.ts';
import { imageHandle } from './handles.ts';

export interface SaveOptions {
  /** Replace an existing regular file (`--force`, or the app's Replace); never a link, device or folder. */
  replace?: boolean;
  /** How the user asks to replace, for the message (default: use --force). */
  replaceHint?: string;
}

/**
 * Writes `image` as a tar loadable with `docker load`; resolves with the file's size. The tar is
 * written beside `file` and renamed into place when complete: a failed or interrupted save leaves
 * no partial file and the earlier file as it was. An existing file is replaced only with `replace`.
 * @example
 * await saveImage(docker, 'digits:1.0', 'digits-1.0.tar', { replace: true });
 */
export async function saveImage(
  docker: Docker,
  image: string,
  file: string,
  options: SaveOptions = {},
): Promise<{ file: string; bytes: number }> {
  try {
    await imageHandle(docker, image).inspect();
  } catch (error) {
    if (classifyDockerError(error) === 'not-found')
      throw new CraneError('NOT_FOUND', `image ${image} not found (craneml ls --images lists CraneML images)`, { cause: error });
    throw toCraneError(error, `saving ${image}`);
  }
  const write = { target: file, replace: options.replace === true, replaceHint: options.replaceHint };
  await writeFileAtomically(write, async (temporary) => {
    // 'wx': the temporary name is new; /images/{name}/get exports exactly the requested tag, so `docker load` restores it.
    const out = createWriteStream(temporary, { flags: 'wx' });
    let archive: NodeJS.ReadableStream;
    try {
      archive = await imageHandle(docker, image).get();
    } catch (error) {
      out.destroy();
      throw toCraneError(error, `saving ${image}`);
    }
    await pipeline(archive, out);
  });
  return { file, bytes: (await stat(path.resolve(file))).size };
}
