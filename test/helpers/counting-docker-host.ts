/**
 * A DOCKER_HOST that counts who connects and answers nobody, with a temp folder for the CLI children
 * (tsx keeps its cache in TMPDIR when the build is not current): proves a refused command never called Docker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface CountingDockerHost {
  /** `tcp://127.0.0.1:<port>`, for DOCKER_HOST. */
  dockerHost: string;
  /** The children's TMPDIR. */
  childTemp: string;
  /** Connections so far. */
  connections(): number;
  close(): Promise<void>;
}

/** @example const host = await startCountingDockerHost('bad-ports'); runCli(args, { env: { DOCKER_HOST: host.dockerHost } }) */
export async function startCountingDockerHost(name: string): Promise<CountingDockerHost> {
  const childTemp = await mkdtemp(path.join(os.tmpdir(), `craneml-${name}-`));
  let connections = 0;
  const listener = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    dockerHost: `tcp://127.0.0.1:${(listener.address() as net.AddressInfo).port}`,
    childTemp,
    connections: () => connections,
    close: async () => {
      await new Promise((resolve) => listener.close(resolve));
      await rm(childTemp, { recursive: true, force: true });
    },
  };
}
