/**
 * The digits image under pressure on the real daemon (issue 11): run the way `craneml run` runs it
 * (read-only root, no capabilities, restart policy) with --memory 256m, it survives eight heavy
 * pictures without an out-of-memory kill while /healthz answers every probe within the image's
 * HEALTHCHECK timeout, and `docker stop` during a heavy
 * request still gives that client an answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningContainer } from '../../main/docker/run-container.ts';
import { NODE_HEALTH_CHECK } from '../../main/runtimes/node/facts.ts';
import { heavyPng, pollHealth } from '../helpers/heavy-images.ts';
import { removeLimitedDigits, runLimitedDigits } from './limited-digits.ts';
import { requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/digits-limits:${process.pid}`;
const labels = testLabels('image-limits');

describe.skipIf(!docker)('the digits image under pressure', () => {
  const d = docker!;
  let heavy: Buffer;
  let running: RunningContainer;

  beforeAll(async () => {
    heavy = await heavyPng(4000);
    running = await runLimitedDigits(d, tag, labels);
  }, 400_000);

  afterAll(async () => {
    await removeLimitedDigits(d, tag, labels);
  });

  it('runs hardened: read-only root, all capabilities dropped, restart unless-stopped, SIGTERM with a 10 s stop timeout', async () => {
    const info = await d.getContainer(running.id).inspect();
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect((info.Config as { StopTimeout?: number }).StopTimeout).toBe(10);
    expect(((await d.getImage(tag).inspect()).Config as { StopSignal?: string }).StopSignal).toBe('SIGTERM');
  });

  it('survives eight heavy-but-allowed pictures in 256 MB, not OOM-killed, /healthz answering every probe in time', async () => {
    const health = pollHealth(`${running.url}/healthz`, NODE_HEALTH_CHECK.timeoutS * 1000);
    const memory = pollMemory(running.id);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${running.url}/predict`, { method: 'POST', body: new Uint8Array(heavy), headers: { 'Content-Type': 'image/png' } }),
      ),
    );
    const probes = await health.stop();
    const statuses = answers.map((a) => a.status);
    for (const answer of answers) {
      if (answer.status !== 200) expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    const info = await d.getContainer(running.id).inspect();
    const peak = (await memory.stop()).toFixed(0);
    console.log(
      `in 256 MB: statuses ${statuses.join(',')}; /healthz ${probes.probes} probes, worst ${probes.worstMs.toFixed(0)} ms; peak memory use ${peak} MB (docker stats, sampled)`,
    );
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses).toContain(200);
    expect(info.State.OOMKilled).toBe(false);
    expect(info.RestartCount).toBe(0);
    expect(info.State.Running).toBe(true);
    expect(probes.probes).toBeGreaterThan(0);
    expect(probes.failed).toEqual([]);
  }, 120_000);

  it('answers the client of a heavy request during docker stop, never an empty reply', async () => {
    const images = Array.from({ length: 12 }, () => heavy.toString('base64'));
    const pending = fetch(`${running.url}/predict`, {
      method: 'POST',
      body: JSON.stringify({ images }),
      headers: { 'Content-Type': 'application/json' },
    }).then(async (response) => ({ status: response.status, body: await response.text() }));
    // Let the request get under way; 200 and 503 are both right, so the wait only picks the path seen.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const stopping = d.getContainer(running.id).stop({ t: 10 });
    const answer = await pending;
    await stopping;
    console.log(`docker stop during a 12-picture request: answered ${answer.status}`);
    expect([200, 503]).toContain(answer.status);
    expect(JSON.parse(answer.body)).toBeTypeOf('object');
    const info = await d.getContainer(running.id).inspect();
    expect(info.State.Running).toBe(false);
    expect(info.State.ExitCode).toBe(0);
  }, 60_000);
});

/** The container's largest memory use (docker stats, sampled until stop()) in MB. */
function pollMemory(id: string): { stop: () => Promise<number> } {
  let running = true;
  let peak = 0;
  const loop = (async () => {
    while (running) {
      const stats = (await docker!.getContainer(id).stats({ stream: false })) as { memory_stats?: { usage?: number; max_usage?: number } };
      peak = Math.max(peak, stats.memory_stats?.max_usage ?? 0, stats.memory_stats?.usage ?? 0);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak / 1024 ** 2;
    },
  };
}
