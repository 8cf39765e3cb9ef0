/** The image platforms CraneML builds for: the host's own, and each one's CPU architecture; a rule, no Docker call. */
import { CraneError } from '../errors.ts';

/** The CPU architectures images are built for (Node's process.arch names). */
export type Arch = 'x64' | 'arm64';

/** The image platform that matches this machine; on its own so that the CLI's option defaults load nothing heavy. */
export function hostPlatform(): string {
  return process.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}

/** linux/amd64 → x64, linux/arm64 → arm64; anything else is refused. */
export function archOf(platform: string): Arch {
  if (platform === 'linux/amd64') return 'x64';
  if (platform === 'linux/arm64' || platform === 'linux/arm64/v8') return 'arm64';
  throw new CraneError('USAGE', `platform ${platform} is not supported (use linux/amd64 or linux/arm64)`);
}
