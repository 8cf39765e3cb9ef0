/** The image platform that matches this machine; on its own so that the CLI's option defaults load nothing heavy. */
export function hostPlatform(): string {
  return process.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}
