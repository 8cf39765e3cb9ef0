/**
 * The real `craneml` program run in this test process: the same commands, options and messages as
 * the child process, without starting Node and loading the CLI's modules again for each call (about
 * 0.3 CPU-s a call as a child, 11 ms here once warm). What a child process would own is lent for the
 * call and given back: stdin, stdout and stderr (as pipes: not a terminal), the environment, the exit
 * code, and `process.exit`, which ends the call instead of the test process.
 */
import { Readable } from 'node:stream';
import { format } from 'node:util';
import { createProgram } from '../../main/cli/program.ts';
import type { CliResult } from './cli.ts';

/** What `process.exit(code)` throws while a call runs: the call ends with that code. */
class CliExit extends Error {
  constructor(readonly code: number) {
    super(`craneml exited with ${code}`);
  }
}

type Streams = { stdout: string; stderr: string };

/** Swaps the process's input, output, exit and environment for the call's; returns what gives them back. */
function lend(env: NodeJS.ProcessEnv, input: string, out: Streams): () => void {
  const restorers: (() => void)[] = [];
  const replace = <T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void => {
    const had = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
    restorers.push(() => (had ? Object.defineProperty(target, key, had) : delete target[key]));
  };
  for (const name of ['stdout', 'stderr'] as const) {
    const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      out[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (callback) queueMicrotask(callback);
      return true;
    };
    replace(process[name], 'write', write as typeof process.stdout.write);
    replace(process[name], 'isTTY', false);
  }
  // As a pipe the child's stdin would be: the bytes given, then its end; not a terminal.
  replace(process, 'stdin', Readable.from([Buffer.from(input)]) as unknown as typeof process.stdin);
  const toOut = (...args: unknown[]): void => void (out.stdout += `${format(...args)}\n`);
  const toErr = (...args: unknown[]): void => void (out.stderr += `${format(...args)}\n`);
  for (const method of ['log', 'info', 'debug'] as const) replace(console, method, toOut);
  for (const method of ['error', 'warn', 'trace'] as const) replace(console, method, toErr);
  replace(process, 'exit', ((code?: number) => {
    throw new CliExit(code ?? 0);
  }) as typeof process.exit);
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  restorers.push(() => (process.exitCode = exitCode));
  for (const [key, value] of Object.entries(env)) {
    const had = Object.hasOwn(process.env, key) ? process.env[key] : undefined;
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
    restorers.push(() => (had === undefined ? delete process.env[key] : (process.env[key] = had)));
  }
  const signals = (['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, process.listeners(signal)] as const);
  restorers.push(() => {
    // A command that stopped without disposing of its Ctrl-C handler would leave it on the test process.
    for (const [signal, before] of signals)
      for (const listener of process.listeners(signal)) if (!before.includes(listener)) process.off(signal, listener);
  });
  return () => restorers.reverse().forEach((restore) => restore());
}

let busy = false;

/** Whether a call can run here now: one at a time, since the process's output is lent to it. */
export function inProcessFree(): boolean {
  return !busy;
}

/**
 * @example const { code, stdout, stderr } = await runCliInProcess(['inspect', model, '--json']);
 */
export async function runCliInProcess(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  if (busy) throw new Error('runCliInProcess: another call is running in this process');
  busy = true;
  const out: Streams = { stdout: '', stderr: '' };
  let giveBack: (() => void) | undefined;
  let code: number;
  try {
    giveBack = lend(options.env ?? {}, options.input ?? '', out);
    await createProgram().parseAsync(['node', 'craneml', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CliExit) code = error.code;
    else {
      // What Node prints for an uncaught error before it exits with 1.
      out.stderr += `${error instanceof Error ? error.stack : String(error)}\n`;
      code = 1;
    }
  } finally {
    giveBack?.();
    busy = false;
  }
  return { code, ...out };
}
