/** Checks that a TCP port on the loopback address is free before a container is given it. */
import net from 'node:net';
import { CraneError } from '../errors.ts';
import { isPort, portRange } from '../shared/port-rule.ts';

/** True when nothing listens on `host:port` (we can bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Throws PORT_IN_USE when the port is taken.
 * @example
 * await assertPortFree(8080); // throws CraneError('PORT_IN_USE', 'port 8080 is already in use ...')
 */
export async function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (!isPort(port)) throw new CraneError('USAGE', `port ${port} is not ${portRange()}`);
  if (!(await isPortFree(port, host))) {
    throw new CraneError(
      'PORT_IN_USE',
      `port ${port} is already in use on ${host}; pick another with --port, or stop what uses it (craneml ls shows CraneML containers)`,
    );
  }
}

/** A port the OS considers free right now (for tests and "any port" choices). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
