/** What daemon discovery looks at (platform, environment, home, uid), as a parameter so tests swap it. */
import os from 'node:os';
import path from 'node:path';

export interface DiscoveryContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
  /** The user id for /run/user/<uid>; undefined on Windows. */
  uid?: number;
}

/** This process's real platform, environment, home and uid. */
export function hostDiscoveryContext(): DiscoveryContext {
  return { platform: process.platform, env: process.env, homedir: os.homedir(), uid: process.getuid?.() };
}

/** The docker CLI's config folder: $DOCKER_CONFIG or ~/.docker. */
export function dockerConfigDir(context: DiscoveryContext): string {
  return context.env.DOCKER_CONFIG || path.join(context.homedir, '.docker');
}
