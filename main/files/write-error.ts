/** A failed write as one line a user can act on: the path and the reason in words, never "internal error". */
import { CraneError } from '../errors.ts';

/** What an errno means to someone choosing where to write. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links in the path',
  EIO: 'an input/output error of the device',
  EMFILE: 'too many open files',
  EXDEV: 'it is on another file system',
};

/** The errno of a Node.js file-system error, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `error` as a CraneError naming `target`; a CraneError passes through unchanged.
 * @example throw writeError(error, '/mnt/full/out') // "cannot write /mnt/full/out: no space left on the device (ENOSPC)"
 */
export function writeError(error: unknown, target: string): CraneError {
  if (error instanceof CraneError) return error;
  const code = errnoOf(error);
  const reason = code ? `${REASONS[code] ?? 'the file system refused it'} (${code})` : describe(error);
  return new CraneError('USAGE', `cannot write ${target}: ${reason}`, { cause: error });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
