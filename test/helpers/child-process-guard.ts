/** Refuses child processes in this process: node:child_process's starters throw, and every refusal is kept to be asked for. */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

/** Every function of node:child_process that starts a process (the rest of the module starts none). */
const STARTERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

const refused: string[] = [];

/** `spawn(node --version)`: the call as a reader finds it in the test, cut to one short line. */
function describeCall(starter: string, args: readonly unknown[]): string {
  const [command, list] = args;
  const words = [String(command), ...(Array.isArray(list) ? list.map(String) : [])].join(' ');
  return `${starter}(${words.length > 120 ? `${words.slice(0, 117)}...` : words})`;
}

/**
 * From now on every starter of node:child_process throws `${rule}: <call>`, whether it is reached
 * through the module object, a named ESM import (synced by syncBuiltinESMExports) or `promisify`.
 * @example
 * refuseChildProcesses('The unit tier starts no child process');
 * spawnSync('docker', ['ps']); // throws "The unit tier starts no child process: spawnSync(docker ps)"
 */
export function refuseChildProcesses(rule: string): void {
  const starters = childProcess as unknown as Record<string, unknown>;
  for (const starter of STARTERS) {
    starters[starter] = (...args: unknown[]): never => {
      const call = describeCall(starter, args);
      refused.push(call);
      throw new Error(`${rule}: ${call}`);
    };
  }
  syncBuiltinESMExports();
}

/** The calls refused since the last time this was asked (each is reported once), oldest first. */
export function takeRefused(): string[] {
  return refused.splice(0);
}
