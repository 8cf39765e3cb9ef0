/** `craneml run <image>`: start a model image on the local daemon, wait until ready, print the URL. */
import type { Command } from 'commander';
import { assertContainerName, assertImageName } from '../../shared/name-checks.ts';
import { CraneError } from '../../errors.ts';
import { DEFAULT_READY_TIMEOUT_S } from '../../shared/deployment-rules.ts';
import { DEFAULT_HOST_PORT } from '../../shared/port-rule.ts';
import { portOption } from '../options.ts';
import { action } from '../run-action.ts';

interface RunCommandOptions {
  port: string;
  name?: string;
  network: string;
  cpus?: string;
  memory?: string;
  env: string[];
  timeout: string;
  restart: string;
  readOnly: boolean;
  stopTimeout: string;
  json?: boolean;
}

const RESTART_POLICIES = ['no', 'on-failure', 'always', 'unless-stopped'] as const;

function restartPolicy(value: string): (typeof RESTART_POLICIES)[number] {
  const found = RESTART_POLICIES.find((p) => p === value);
  if (!found) throw new CraneError('USAGE', `--restart wants one of ${RESTART_POLICIES.join(', ')}, got "${value}"`);
  return found;
}

function parseEnv(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new CraneError('USAGE', `--env wants KEY=VALUE, got "${pair}"`);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

function positive(value: string, flag: string, integer = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new CraneError('USAGE', `${flag} wants a positive number, got "${value}"`);
  return n;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a model image on the local Docker daemon and wait until it is ready')
    .argument('<image>', 'image name or ID (craneml ls --images lists them)')
    .option('-p, --port <port>', 'port on 127.0.0.1 to serve on', String(DEFAULT_HOST_PORT))
    .option('--name <name>', 'container name (default: <image>-<random>)')
    .option('--network <mode>', 'Docker network: host, or bridge to map 127.0.0.1:<port> to the container', 'host')
    .option('--cpus <n>', 'CPU limit, e.g. 1.5')
    .option('--memory <size>', 'memory limit, e.g. 512m or 2g')
    .option(
      '-e, --env <KEY=VALUE>',
      'environment variable for the server (repeatable), e.g. CRANEML_API_KEY=secret',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--timeout <seconds>', 'how long to wait for /readyz', String(DEFAULT_READY_TIMEOUT_S))
    .option('--restart <policy>', 'Docker restart policy: no, on-failure, always or unless-stopped', 'unless-stopped')
    .option('--no-read-only', 'allow writes to the root filesystem (read-only by default, with a 16 MB /tmp in memory)')
    .option('--stop-timeout <seconds>', 'seconds docker stop waits before SIGKILL (the server drains for 8)', '10')
    .option('--json', 'print JSON')
    .action(
      action(async (image: string, options: RunCommandOptions) => {
        assertImageName(image);
        if (options.name !== undefined) assertContainerName(options.name);
        const port = portOption(options.port, '--port');
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { imageSnippets, startService } = await import('../../api/services.ts');
        const docker = await connectDocker();
        let running;
        try {
          running = await startService(docker, {
            image,
            port,
            name: options.name,
            network: options.network,
            cpus: options.cpus,
            memory: options.memory,
            env: parseEnv(options.env),
            readyTimeoutMs: positive(options.timeout, '--timeout') * 1000,
            restart: restartPolicy(options.restart),
            readOnly: options.readOnly,
            stopTimeout: positive(options.stopTimeout, '--stop-timeout', true),
          });
        } catch (error) {
          // The first line is printed as the error; the container's last log lines follow it here.
          if (error instanceof CraneError && error.code === 'CONTAINER_START') console.error(error.message.split('\n').slice(1).join('\n'));
          throw error;
        }
        if (options.json) return console.log(JSON.stringify(running, null, 2));
        const { url, name } = running;
        const example = (await imageSnippets(docker, image, url)).curl;
        console.log(`${name} is ready (${(running.readyMs / 1000).toFixed(1)}s): ${url}`);
        console.log(`  try:   curl ${url}/metadata`);
        console.log(`         ${example}`);
        console.log(`  docs:  ${url}/docs`);
        console.log(`  logs:  craneml logs -f ${name}`);
        console.log(`  stop:  craneml stop ${name}`);
      }),
    );
}
