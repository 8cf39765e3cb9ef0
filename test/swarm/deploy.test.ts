/**
 * Deployments on the real engine in Swarm mode, through the real CLI: the digits image (probed every
 * 2 s) with two replicas, a rolling update under a client loop, a broken image that Swarm rolls back
 * by itself while the loop goes on, scaling, craneml rollback, status, and undeploy leaving nothing.
 * Swarm is on only for this file.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../../main/docker/host-port.ts';
import { deploymentStatus, requireDeployment } from '../../main/swarm/status.ts';
import { ensureSwarm } from '../../main/swarm/swarm-mode.ts';
import type { DeploymentStatus, DeployOutcome } from '../../main/shared/crane-api.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { LOCAL_BASE, requireDocker } from '../docker/require-docker.ts';
import { predictLoop, type LoopFigures } from './client-loop.ts';
import { leaseSwarm, type SwarmLease } from './swarm-engine.ts';

const run = promisify(execFile);
const docker = await requireDocker({ localBase: true });
const repo = `craneml-test/swarm-digits`;
const tag = (version: string) => `${repo}:${version}-${process.pid}`;
/** What `craneml build` made, before withQuickProbe. */
const built = (version: string) => `${repo}:${version}-built-${process.pid}`;
const name = `craneml-test-swarm-${process.pid}`;
const figures: Record<string, number | string> = {};

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** The deployment's status in process (the CLI's `status` is checked once, below: each CLI start costs seconds here). */
async function status(): Promise<DeploymentStatus> {
  return deploymentStatus(docker!, await requireDeployment(docker!, name));
}

async function metadataVersion(url: string): Promise<string> {
  return ((await (await fetch(`${url}/metadata`)).json()) as { version: string }).version;
}

/** `docker build` of `lines` on top of `from`, tagged `target`. */
async function derive(from: string, target: string, lines: string[]): Promise<void> {
  const child = run('docker', ['build', '-q', '-t', target, '-'], { timeout: 120_000 });
  child.child.stdin!.end([`FROM ${from}`, `LABEL io.craneml.test=${name}`, ...lines].join('\n'));
  await child;
}

/**
 * The image CraneML built, its own probe run every 2 s instead of 10 s: a replica that is ready just
 * after a probe waits for the next one before it counts as healthy, and each step of a roll waits for
 * that. Fifteen retries keep the runtime's 30 s before a replica counts as unhealthy. Swarm takes an
 * image's own HEALTHCHECK over the runtime's (service-spec.ts), so only the timing differs.
 */
async function withQuickProbe(from: string, target: string): Promise<void> {
  const probe = ((await docker!.getImage(from).inspect()).Config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test;
  expect(probe?.[0]).toBe('CMD');
  await derive(from, target, [
    `HEALTHCHECK --interval=2s --timeout=3s --start-period=20s --retries=15 CMD ${JSON.stringify(probe!.slice(1))}`,
  ]);
}

/** An image from v1 whose server answers /readyz with 503 forever, with a quick HEALTHCHECK of its own. */
async function buildBroken(from: string, target: string): Promise<void> {
  const server = `require('http').createServer((q, s) => { s.statusCode = 503; s.end('never ready'); }).listen(+process.env.PORT, process.env.HOST)`;
  await derive(from, target, [
    `LABEL io.craneml.model.version=broken`,
    `ENTRYPOINT ${JSON.stringify(['node', '-e', server])}`,
    `HEALTHCHECK --interval=2s --timeout=2s --start-period=1s --retries=2 CMD ${JSON.stringify(['node', '-e', "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"])}`,
  ]);
}

describe.skipIf(!docker)('deployments on Docker Swarm', () => {
  const d = docker!;
  let lease: SwarmLease;
  let port = 0;
  let urls: string[] = [];
  const track = async () => (urls = (await status()).replicaList.filter((r) => r.state === 'running').map((r) => r.url));

  beforeAll(async () => {
    lease = await leaseSwarm(d, { init: false });
    // Three consecutive free ports: replicas 1 and 2, and 3 for the scale step.
    do port = await freePort();
    while (port > 65000 || !(await isPortFree(port + 1)) || !(await isPortFree(port + 2)));
    for (const version of ['1.0.0', '2.0.0']) {
      const build = await runCli(['build', DIGITS, '--version', version, '-t', built(version), '--base-image', LOCAL_BASE], {
        timeoutMs: 300_000,
      });
      expect(build.code, build.stderr).toBe(0);
      await withQuickProbe(built(version), tag(version));
    }
    await buildBroken(tag('1.0.0'), tag('broken'));
  }, 600_000);

  afterAll(async () => {
    console.log(`swarm figures: ${JSON.stringify(figures)}`);
    await lease?.restore([name]);
    for (const image of [tag('broken'), tag('1.0.0'), tag('2.0.0'), built('1.0.0'), built('2.0.0')])
      await d
        .getImage(image)
        .remove({ force: true })
        .catch(() => undefined);
  }, 180_000);

  it('deploys the digits image with 2 replicas, asking for --yes first when Swarm is off; both replicas answer', async () => {
    const args = ['deploy', tag('1.0.0'), '--replicas', '2', '--name', name, '--port', String(port), '--json'];
    if (lease.ours) {
      const refused = await runCli(args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/not in Swarm mode .*pass --yes/);
      // The app asks for consent on this code, so it must not be the general USAGE.
      await expect(ensureSwarm(docker!, async () => false)).rejects.toMatchObject({ code: 'SWARM_INACTIVE' });
    }
    const outcome = json<DeployOutcome>(await runCli([...args, '--yes'], { timeoutMs: 300_000 }));
    figures.deployToHealthyMs = outcome.ms;
    expect(outcome.swarmInitialised).toBe(lease.ours);
    expect(outcome.status.replicas).toEqual({ desired: 2, running: 2, healthy: 2 });
    expect(outcome.status.publish).toBe('host');
    await track();
    expect(urls).toEqual([`http://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]);
    for (const url of urls) expect(await metadataVersion(url)).toBe('1.0.0');
    const loop = await predictLoop(() => urls);
    await new Promise((resolve) => setTimeout(resolve, 500)); // The client runs half a second against both replicas.
    expect((await loop.stop()).lost).toBe(0);
  }, 300_000);

  /** Rolls with a client loop running; returns the loop's figures and the CLI's outcome. */
  async function rollUnderLoad(args: string[]): Promise<{ loop: LoopFigures; result: CliResult; ms: number }> {
    const loop = await predictLoop(() => urls);
    const started = performance.now();
    const result = await runCli(args, { timeoutMs: 300_000 });
    const ms = Math.round(performance.now() - started);
    const figures = await loop.stop();
    return { loop: figures, result, ms };
  }

  it('rolls to model version 2.0.0 while a client predicts: no request fails, every replica ends on 2.0.0', async () => {
    const { loop, result } = await rollUnderLoad(['deploy', tag('2.0.0'), '--name', name, '--json']);
    const outcome = json<DeployOutcome>(result);
    figures.updateMs = outcome.ms;
    figures.updateRequests = loop.requests;
    figures.updateLost = loop.lost;
    figures.updateFailovers = loop.failovers;
    expect(loop.errors).toEqual([]);
    expect(loop.lost).toBe(0);
    expect(loop.versions).toContain('2.0.0');
    const now = await status();
    expect(now.modelVersion).toBe('2.0.0');
    expect(now.replicas).toEqual({ desired: 2, running: 2, healthy: 2 });
    expect(now.replicaList.map((r) => r.modelVersion)).toEqual(['2.0.0', '2.0.0']);
    for (const url of urls) expect(await metadataVersion(url)).toBe('2.0.0');
  }, 300_000);

  it('rolls to an image that never becomes ready: Swarm rolls back by itself and the service keeps answering', async () => {
    const { loop, result, ms } = await rollUnderLoad(['deploy', tag('broken'), '--name', name]);
    figures.brokenRollMs = ms;
    figures.brokenRequests = loop.requests;
    figures.brokenLost = loop.lost;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/never became healthy, so Swarm rolled deployment .* back to/);
    const tasks = await d.listTasks({ filters: { service: [name] } });
    const timeline = tasks.map(
      (t) => `${t.Slot} ${t.Spec?.ContainerSpec?.Image} ${t.Status?.State} ${t.Status?.Timestamp} ${t.Status?.Err ?? ''}`,
    );
    expect(loop.lost, JSON.stringify({ errors: loop.errors, timeline }, null, 1)).toBe(0);
    const service = (await d.getService(name).inspect()) as { UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string } };
    expect(service.UpdateStatus?.State).toBe('rollback_completed');
    figures.autoRollbackMs = Date.parse(service.UpdateStatus!.CompletedAt!) - Date.parse(service.UpdateStatus!.StartedAt!);
    const now = await status();
    expect(now.image).toBe(tag('2.0.0'));
    expect(now.replicas).toEqual({ desired: 2, running: 2, healthy: 2 });
    expect(now.replicaList.map((r) => r.modelVersion)).toEqual(['2.0.0', '2.0.0']);
    // Rolling back again would bring the broken image back: craneml rollback refuses and says why.
    const again = await runCli(['rollback', name]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('was just rolled back');
  }, 300_000);

  it('scales to 3 replicas, each answering on its own port, and back to 1; status reports each', async () => {
    const up = json<{ status: DeploymentStatus; ms: number }>(await runCli(['scale', name, '3', '--json'], { timeoutMs: 300_000 }));
    figures.scaleTo3Ms = up.ms;
    expect(up.status.replicas).toEqual({ desired: 3, running: 3, healthy: 3 });
    await track();
    expect(urls.sort()).toEqual([0, 1, 2].map((i) => `http://127.0.0.1:${port + i}`));
    for (const url of urls) expect(await metadataVersion(url)).toBe('2.0.0');
    const down = json<{ status: DeploymentStatus }>(await runCli(['scale', name, '1', '--json'], { timeoutMs: 300_000 }));
    expect(down.status.replicas).toEqual({ desired: 1, running: 1, healthy: 1 });
    const text = await runCli(['status']);
    expect(text.stdout).toContain(`${name}: ${tag('2.0.0')} (digits 2.0.0)`);
    expect(text.stdout).toContain('1 desired, 1 running, 1 healthy');
    expect(text.stdout).toMatch(/replica \d: http:\/\/127\.0\.0\.1:\d+ {2}running, healthy/);
  }, 300_000);

  it('craneml rollback returns to the image before the last deploy', async () => {
    json<DeployOutcome>(await runCli(['deploy', tag('1.0.0'), '--name', name, '--json'], { timeoutMs: 300_000 }));
    expect((await status()).replicaList.map((r) => r.modelVersion)).toEqual(['1.0.0']);
    const rolled = json<{ status: DeploymentStatus; ms: number }>(await runCli(['rollback', name, '--json'], { timeoutMs: 300_000 }));
    figures.manualRollbackOneReplicaMs = rolled.ms;
    expect(rolled.status.image).toBe(tag('2.0.0'));
    expect(rolled.status.replicas).toEqual({ desired: 1, running: 1, healthy: 1 });
    await track();
    expect(await metadataVersion(urls[0]!)).toBe('2.0.0');
  }, 300_000);

  it('undeploy leaves no service and no container behind', async () => {
    const removed = await runCli(['undeploy', name]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`removed deployment ${name}`);
    expect((await d.listServices()).filter((s) => s.Spec?.Name === name)).toEqual([]);
    expect(await d.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.name=${name}`] } })).toEqual([]);
    const gone = await runCli(['status', name]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`no deployment named ${name}`);
  }, 120_000);
});
