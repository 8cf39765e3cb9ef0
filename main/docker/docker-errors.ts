/** Classifies dockerode errors by HTTP status (and socket errno), never by message text. */
import { CraneError, DockerUnavailableError } from '../errors.ts';

export type DockerErrorKind =
  'not-modified' | 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'server' | 'unreachable' | 'unknown';

/** Socket-level failures: no daemon, no permission on the socket, or a dropped connection. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EPERM',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ABORT_ERR',
]);

/** The HTTP status the daemon answered with, as dockerode attaches it. */
export function dockerStatusCode(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Sorts a dockerode error into a kind that callers branch on.
 * @example
 * if (classifyDockerError(error) === 'not-found') return undefined;
 */
export function classifyDockerError(error: unknown): DockerErrorKind {
  const status = dockerStatusCode(error);
  if (status !== undefined) {
    if (status === 304) return 'not-modified';
    if (status === 400) return 'bad-request';
    if (status === 401) return 'unauthorized';
    if (status === 403) return 'forbidden';
    if (status === 404) return 'not-found';
    if (status === 409) return 'conflict';
    if (status >= 500) return 'server';
    return 'unknown';
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unreachable';
  return 'unknown';
}

/** The daemon's own explanation (`{"message": ...}` body) or the error's message. */
export function daemonMessage(error: unknown): string {
  const json = (error as { json?: unknown } | null)?.json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message.trim();
  }
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim();
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps a dockerode error as a CraneError saying what failed (`doing`, e.g. "starting container x").
 * CraneErrors pass through unchanged.
 */
export function toCraneError(error: unknown, doing: string): CraneError {
  if (error instanceof CraneError) return error;
  const reason = daemonMessage(error);
  switch (classifyDockerError(error)) {
    case 'not-found':
      return new CraneError('NOT_FOUND', `${doing}: ${reason}`, { cause: error });
    case 'unreachable':
      return new DockerUnavailableError(`${doing}: the Docker daemon did not answer (${reason})`, { cause: error });
    default:
      return new CraneError('DOCKER_ERROR', `${doing}: ${reason}`, { cause: error });
  }
}
