/** `craneml push <image> <registry>`: tag an image for a registry and push it. */
import type { Command } from 'commander';
import type { RegistryAuth } from '../../api/image-exports.ts';
import { CraneError } from '../../errors.ts';
import { pushTarget } from '../../shared/push-target.ts';
import { action } from '../run-action.ts';

interface PushCommandOptions {
  as?: string;
  username?: string;
  passwordStdin?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The password comes from stdin or CRANEML_REGISTRY_PASSWORD, never from argv (visible in `ps`). */
async function authFrom(options: PushCommandOptions): Promise<RegistryAuth | undefined> {
  if (!options.username) {
    if (options.passwordStdin) throw new CraneError('USAGE', '--password-stdin needs --username');
    return undefined;
  }
  const password = options.passwordStdin ? await readStdin() : process.env.CRANEML_REGISTRY_PASSWORD;
  if (!password) throw new CraneError('USAGE', 'give the password on stdin with --password-stdin, or in CRANEML_REGISTRY_PASSWORD');
  return { username: options.username, password };
}

export function registerPushCommand(program: Command): void {
  program
    .command('push')
    .description('push an image to a registry, as <registry>/<name>:<tag>')
    .argument('<image>', 'image name or ID')
    .argument('<registry>', 'registry host[:port][/namespace], e.g. 127.0.0.1:5000 or ghcr.io/my-team')
    .option('--as <name:tag>', "name and tag in the registry (default: the image's own)")
    .option('-u, --username <user>', 'registry user (password from --password-stdin or CRANEML_REGISTRY_PASSWORD)')
    .option('--password-stdin', 'read the registry password from stdin')
    .action(
      action(async (image: string, registry: string, options: PushCommandOptions) => {
        pushTarget(image, { registry, as: options.as });
        const auth = await authFrom(options);
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { pushImageTo } = await import('../../api/image-exports.ts');
        const docker = await connectDocker();
        const seen = new Set<string>();
        const { reference, digest } = await pushImageTo(docker, image, { registry, as: options.as, auth }, (event) => {
          // One line per layer state change, not per progress tick.
          if (event.type === 'status' && event.id && !seen.has(`${event.id}:${event.text}`)) {
            seen.add(`${event.id}:${event.text}`);
            console.error(`  ${event.id}: ${event.text}`);
          }
        });
        console.log(`pushed ${reference}${digest ? ` (${digest})` : ''}`);
      }),
    );
}
