/** Splits and joins image references like registry:5000/team/name:tag. */

export interface ImageRef {
  /** Registry host (with port), when the reference names one. */
  registry?: string;
  /** Repository path without registry, e.g. "craneml/digits". */
  repository: string;
  tag: string;
}

/**
 * Parses a reference the way Docker does: the first path part is a registry only when it has a
 * dot, a colon, or is "localhost"; a missing tag is "latest".
 * @example
 * parseImageRef('127.0.0.1:5000/digits:1.0'); // { registry: '127.0.0.1:5000', repository: 'digits', tag: '1.0' }
 */
export function parseImageRef(reference: string): ImageRef {
  const withoutDigest = reference.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : 'latest';
  const first = name.split('/')[0]!;
  if (name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { registry: first, repository: name.slice(first.length + 1), tag };
  }
  return { repository: name, tag };
}

export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}:${ref.tag}`;
}
