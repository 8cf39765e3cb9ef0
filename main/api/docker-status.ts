/** Docker's state for the dashboard: not installed, not running, or connected (with version), and what to do. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { DockerStatus } from '../shared/crane-api.ts';
import { discoverDocker, type DockerConnection } from '../docker/discover.ts';
import { describeError } from '../errors.ts';

const INSTALL_ADVICE: Record<string, string> = {
  linux: 'Install Docker Engine (Debian/Ubuntu: sudo apt-get install docker.io), then start it: sudo systemctl start docker.',
  darwin: 'Install Docker Desktop (or Colima / Podman), open it once, then press Refresh.',
  win32: 'Install Docker Desktop, start it, then press Refresh.',
};

const START_ADVICE: Record<string, string> = {
  linux:
    'Start the daemon (sudo systemctl start docker, or dockerd), and make sure your user may use it (the "docker" group). Then press Refresh.',
  darwin: 'Open Docker Desktop and wait until it says it is running, then press Refresh.',
  win32: 'Start Docker Desktop and wait until it says it is running, then press Refresh.',
};

/** Whether a `docker` program is on PATH or in the usual install places (a desktop launcher's PATH is short). */
async function dockerInstalled(env: NodeJS.ProcessEnv): Promise<boolean> {
  const names = process.platform === 'win32' ? ['docker.exe'] : ['docker', 'dockerd'];
  const dirs = [
    ...(env.PATH ?? '').split(path.delimiter),
    '/usr/bin',
    '/usr/local/bin',
    '/opt/homebrew/bin',
    '/Applications/Docker.app/Contents/Resources/bin',
    'C:\\Program Files\\Docker\\Docker\\resources\\bin',
  ].filter(Boolean);
  for (const dir of dirs)
    for (const name of names) {
      if (
        await access(path.join(dir, name)).then(
          () => true,
          () => false,
        )
      )
        return true;
    }
  return false;
}

/** @example (await dockerStatus()).state // 'connected' */
export async function dockerStatus(connect: () => Promise<DockerConnection> = () => discoverDocker()): Promise<DockerStatus> {
  const platform = process.platform;
  try {
    const { docker, endpoint } = await connect();
    const version = (await docker.version()) as { Version?: string };
    return {
      state: 'connected',
      version: version.Version,
      endpoint: endpoint.address,
      message: `Docker ${version.Version ?? ''} at ${endpoint.address}`.replace(/\s+/g, ' '),
      advice: '',
    };
  } catch (error) {
    const installed = await dockerInstalled(process.env);
    return installed
      ? { state: 'not-running', message: describeError(error), advice: START_ADVICE[platform] ?? START_ADVICE.linux! }
      : {
          state: 'not-installed',
          message: 'Docker is not installed on this computer.',
          advice: INSTALL_ADVICE[platform] ?? INSTALL_ADVICE.linux!,
        };
  }
}
