/** What a one-off container prints: for tests that look inside an image without starting its server. */
import type Docker from 'dockerode';
import { expect } from 'vitest';
import { demuxLogs } from '../../main/docker/log-demux.ts';

/**
 * Runs `entrypoint` in a container of `image` (no network, the image's own user), expects exit 0, removes
 * the container, and gives its stdout and stderr as text.
 * @example await outputOf(docker, 'craneml/python-deps:3f2a1b0c9d8e', ['cat', '/opt/venv/craneml-installed.txt'], labels)
 */
export async function outputOf(docker: Docker, image: string, entrypoint: string[], labels: Record<string, string>): Promise<string> {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: entrypoint,
    Labels: labels,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const text = demuxLogs((await container.logs({ stdout: true, stderr: true })) as Buffer)
      .map((chunk) => chunk.data.toString('utf8'))
      .join('');
    expect(StatusCode, text).toBe(0);
    return text;
  } finally {
    await container.remove({ force: true });
  }
}
