/** Splits and joins image references like registry:5000/team/name:tag, read with Docker's grammar (shared/docker-names.ts). */
import { CraneError } from '../errors.ts';
import { parseImageReference } from './docker-names.ts';

export interface ImageRef {
  /** Registry host (with port), when the reference names one. */
  registry?: string;
  /** Repository path without registry, e.g. "craneml/digits". */
  repository: string;
  tag: string;
}

/**
 * Parses a reference the way Docker does: the first path part is a registry only when it has a
 * dot, a colon, or is "localhost"; a missing tag is "latest". Text outside Docker's grammar is a
 * USAGE error saying why.
 * @example
 * parseImageRef('127.0.0.1:5000/digits:1.0'); // { registry: '127.0.0.1:5000', repository: 'digits', tag: '1.0' }
 */
export function parseImageRef(reference: string): ImageRef {
  const parsed = parseImageReference(reference);
  if (!parsed.ok) throw new CraneError('USAGE', parsed.reason);
  const { domain, path, tag } = parsed.value;
  return { ...(domain === undefined ? {} : { registry: domain }), repository: path, tag: tag ?? 'latest' };
}

export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}:${ref.tag}`;
}
