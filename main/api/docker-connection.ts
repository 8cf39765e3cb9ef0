/** The core's Docker client: where every front end's Docker calls start (the CLI's commands, the app's handlers). */
import type Docker from 'dockerode';
import { getDocker } from '../docker/client.ts';

/**
 * The process-wide connection to the local daemon, discovered once (docker/client.ts).
 * @example const docker = await connectDocker();
 */
export async function connectDocker(): Promise<Docker> {
  return (await getDocker()).docker;
}

/** The endpoint the connection was discovered at, for the app's Docker status. */
export async function dockerEndpoint(): Promise<Awaited<ReturnType<typeof getDocker>>['endpoint']> {
  return (await getDocker()).endpoint;
}
