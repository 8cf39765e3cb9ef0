import net from 'node:net';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerLogsCommand } from '../../main/cli/commands/logs.ts';
import { registerLsCommand } from '../../main/cli/commands/ls.ts';
import { registerRmCommand } from '../../main/cli/commands/rm.ts';
import { registerRunCommand } from '../../main/cli/commands/run.ts';
import { registerStopCommand } from '../../main/cli/commands/stop.ts';
import { resetDocker } from '../../main/docker/client.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { runContainer } from '../../main/docker/run-container.ts';
import { cleanupByLabel, countByLabel, inlineServer, LOCAL_BASE, requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const labels = testLabels('cli');

/** Runs the commands in this process, as bin/craneml.js would once they are registered. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const program = new Command().exitOverride();
  for (const register of [registerRunCommand, registerLsCommand, registerLogsCommand, registerStopCommand, registerRmCommand])
    register(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'craneml', ...args]);
    return { code: Number(process.exitCode ?? 0), out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  }
}

describe.skipIf(!docker)('craneml run / ls / logs / stop / rm', () => {
  const d = docker!;
  afterEach(() => resetDocker());
  afterAll(async () => {
    await cleanupByLabel(d, labels);
    expect(await countByLabel(d, labels)).toEqual({ containers: 0, images: 0 });
  });

  it('ls shows a running container with its URL; logs, stop and rm manage it by name', async () => {
    // `craneml run` cannot override the command, so the container under test comes from the API.
    const running = await runContainer(d, { image: LOCAL_BASE, port: await freePort(), cmd: inlineServer(), labels });
    const ls = await cli('ls', '--containers');
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(new RegExp(`${running.name}\\s+running\\s+${running.url.replace(/\./g, '\\.')}`));

    const json = JSON.parse((await cli('ls', '--json')).out) as { containers: { name: string }[]; images: unknown[] };
    expect(json.containers.map((c) => c.name)).toContain(running.name);

    const logs = await cli('logs', running.name);
    expect(logs.code).toBe(0);
    expect((await cli('stop', running.name)).out).toBe(`stopped ${running.name}`);
    expect((await cli('rm', running.name)).out).toBe(`removed container ${running.name}`);
    const gone = await cli('rm', running.name);
    expect(gone).toMatchObject({ code: 2, err: expect.stringMatching(/^craneml: no CraneML container or image named/) });
  });

  it('run refuses a busy port with one line and exit code 2', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const result = await cli('run', LOCAL_BASE, '--port', String(port));
      expect(result.code).toBe(2);
      expect(result.err).toBe(
        `craneml: port ${port} is already in use on 127.0.0.1; pick another with --port, or stop what uses it (craneml ls shows CraneML containers)`,
      );
    } finally {
      blocker.close();
    }
  });

  it('run prints the container log when it does not become ready, and removes it', async () => {
    // The bare base image runs `node` with no input, which exits at once: a start failure.
    const name = `craneml-cli-test-${process.pid}`;
    const result = await cli('run', LOCAL_BASE, '--name', name, '--port', String(await freePort()), '--timeout', '10');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      new RegExp(`craneml: container ${name} from .* is not ready on http://127\\.0\\.0\\.1:\\d+: the container exited`),
    );
    const inspect = await d
      .getContainer(name)
      .inspect()
      .catch((e: { statusCode?: number }) => e);
    expect(inspect).toMatchObject({ statusCode: 404 });
  });

  it('refuses to touch what CraneML did not create', async () => {
    const result = await cli('rm', LOCAL_BASE);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/was not created by CraneML/);
  });
});
