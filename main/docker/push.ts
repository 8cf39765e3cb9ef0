/** Tags an image for a registry and pushes it, failing on any error line of the push stream. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, daemonMessage, toCraneError } from './docker-errors.ts';
import { imageHandle } from './handles.ts';
import { pushTarget, type PushPlace } from '../shared/push-target.ts';
import { readEventStream } from './read-stream.ts';
import { RegistryStreamParser, type RegistryEvent } from './registry-stream.ts';

export interface RegistryAuth {
  username: string;
  password: string;
  /** Defaults to the registry host. */
  serveraddress?: string;
}

export interface PushOptions extends PushPlace {
  auth?: RegistryAuth;
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
