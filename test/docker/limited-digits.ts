/** The digits image built under a test's own tag and run as `craneml run` runs it with --memory 256m, and its removal. */
import type Docker from 'dockerode';
import { expect } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { runContainer, type RunningContainer } from '../../main/docker/run-container.ts';
import { runCli } from '../helpers/cli.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { cleanupByLabel, LOCAL_BASE, removeImage } from './require-docker.ts';

/**
 * Builds the digits example as `tag` on the local base and runs it hardened, limited to 256 MB, under `labels`.
 * @example running = await runLimitedDigits(d, tag, testLabels('image-limits'));
 */
export async function runLimitedDigits(d: Docker, tag: string, labels: Record<string, string>): Promise<RunningContainer> {
  const built = await runCli(['build', DIGITS, '-t', tag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
  expect(built.code, built.stderr).toBe(0);
  return runContainer(d, { image: tag, port: await freePort(), memory: '256m', labels });
}

/** Removes the containers under `labels` and the image `tag`, whatever the test got to. */
export async function removeLimitedDigits(d: Docker, tag: string, labels: Record<string, string>): Promise<void> {
  await cleanupByLabel(d, labels);
  await removeImage(d, tag);
}
