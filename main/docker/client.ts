/** The process-wide Docker connection: discovered once, reused by every command and API call. */
import { discoverDocker, type DockerConnection, type DiscoverOptions } from './discover.ts';

let connection: Promise<DockerConnection> | undefined;

/**
 * The shared connection; a failed discovery is not cached, so starting Docker and retrying works.
 * @example
 * const { docker } = await getDocker();
 */
export function getDocker(options?: DiscoverOptions): Promise<DockerConnection> {
  connection ??= discoverDocker(options).catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

/** Forgets the connection, e.g. after the user switched contexts. */
export function resetDocker(): void {
  connection = undefined;
}
