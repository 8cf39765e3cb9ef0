/** Ports on 127.0.0.1 for a model server: a wanted one if free, else any free one; and the app's port check. */
import { assertPortFree, freePort, isPortFree } from '../docker/host-port.ts';

/**
 * `preferred` when nothing listens there, else a free port the system picks.
 * @example await preferredOrFreePort(8080) // 8080, or e.g. 41235 when 8080 is taken
 */
export async function preferredOrFreePort(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}

/** Refuses a port something already listens on (PORT_IN_USE), saying so in one line. */
export function checkPortFree(port: number): Promise<void> {
  return assertPortFree(port);
}
