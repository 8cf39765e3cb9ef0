/** Where a pushed image goes, `<registry>/<repository>:<tag>`: a rule over Docker's grammar, no Docker call. */
import { CraneError } from '../errors.ts';
import { formatImageRef, parseImageRef } from './image-ref.ts';
import { assertImageName, assertImageTag } from './name-checks.ts';

export interface PushPlace {
  /** Registry host with optional port, e.g. 127.0.0.1:5000 or ghcr.io/my-team. */
  registry: string;
  /** Repository and tag in the registry; default: the image's own repository and tag. */
  as?: string;
}

/**
 * Where `image` goes, `<registry>/<repository>:<tag>`, with the image and that reference checked
 * against Docker's grammar before any Docker call.
 * @example pushTarget('digits:1.0', { registry: '127.0.0.1:5000' }).reference; // '127.0.0.1:5000/digits:1.0'
 */
export function pushTarget(image: string, options: PushPlace) {
  assertImageName(image);
  const source = parseImageRef(options.as ?? image);
  const [host = '', ...prefix] = options.registry
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '')
    .split('/');
  if (host === '') throw new CraneError('USAGE', 'push wants a registry host[:port][/namespace], e.g. 127.0.0.1:5000');
  const repository = [...prefix, source.repository].join('/');
  const reference = assertImageTag(formatImageRef({ registry: host, repository, tag: source.tag }));
  return { host, repository, source, reference };
}
