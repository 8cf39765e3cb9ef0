/** Tags an image for a registry and pushes it, failing on any error line of the push stream. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, daemonMessage, toCraneError } from './docker-errors.ts';
import { imageHandle } from './handles.ts';
import { assertImageName, assertImageTag } from '../shared/name-checks.ts';
import { formatImageRef, parseImageRef } from '../shared/image-ref.ts';
import { readEventStream } from './read-stream.ts';
import { RegistryStreamParser, type RegistryEvent } from './registry-stream.ts';

export interface RegistryAuth {
  username: string;
  password: string;
  /** Defaults to the registry host. */
  serveraddress?: string;
}

export interface PushOptions {
  /** Registry host with optional port, e.g. 127.0.0.1:5000 or ghcr.io/my-team. */
  registry: string;
  /** Repository and tag in the registry; default: the image's own repository and tag. */
  as?: string;
  auth?: RegistryAuth;
}

/**
 * Where `image` goes, `<registry>/<repository>:<tag>`, with the image and that reference checked
 * against Docker's grammar before any Docker call.
 * @example pushTarget('digits:1.0', { registry: '127.0.0.1:5000' }).reference; // '127.0.0.1:5000/digits:1.0'
 */
export function pushTarget(image: string, options: Pick<PushOptions, 'registry' | 'as'>) {
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

/**
 * Pushes `image` as `<registry>/<repository>:<tag>` and resolves with the pushed reference and digest.
 * @example
 * await pushImage(docker, 'digits:1.0', { registry: '127.0.0.1:5000' }); // { reference: '127.0.0.1:5000/digits:1.0', digest: 'sha256:…' }
 */
export async function pushImage(
  docker: Docker,
  image: string,
  options: PushOptions,
  onEvent?: (event: RegistryEvent) => void,
): Promise<{ reference: string; digest?: string }> {
  const { host, repository, source, reference } = pushTarget(image, options);
  try {
    await imageHandle(docker, image).tag({ repo: `${host}/${repository}`, tag: source.tag });
  } catch (error) {
    if (classifyDockerError(error) === 'not-found')
      throw new CraneError('NOT_FOUND', `image ${image} not found (craneml ls --images)`, { cause: error });
    throw toCraneError(error, `tagging ${image} as ${reference}`);
  }
  const authconfig = options.auth ? { serveraddress: host, ...options.auth } : {};
  let events: RegistryEvent[];
  try {
    const stream = await imageHandle(docker, `${host}/${repository}`).push({ tag: source.tag, authconfig });
    events = await readEventStream(stream, new RegistryStreamParser(), onEvent);
  } catch (error) {
    throw new CraneError('NETWORK', `pushing ${reference} failed: ${daemonMessage(error)}`, { cause: error });
  }
  const failure = events.find((e): e is Extract<RegistryEvent, { type: 'error' }> => e.type === 'error');
  if (failure) throw new CraneError('NETWORK', `pushing ${reference} failed: ${failure.message}`);
  const digest = events.find((e): e is Extract<RegistryEvent, { type: 'digest' }> => e.type === 'digest')?.digest;
  return { reference, digest };
}
