/** Runs the real `craneml` CLI: in this process when nothing the call needs is a process's own, else as a child process. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { inProcessFree, runCliInProcess } from './cli-in-process.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** A child process is killed after this (default 2 min); a call in this process is bounded by its test's timeout. */
  timeoutMs?: number;
  /** Run it as a child process even when it could run here (what is tested is the process: its bundle, exit, streams). */
  childProcess?: boolean;
}

const bin = path.resolve('bin/craneml.js');

/** Commands that end by themselves and read no terminal: the ones a call may run in this process. */
const IN_PROCESS_COMMANDS = new Set(['inspect', 'init', 'predict', 'schema', 'build', 'run', 'ls', 'stop', 'rm', 'save', 'export']);
/**
 * What this process settles once for every call, so a call that sets it must be a process of its own:
 * where the Docker connection (made once) goes, and CRANEML_DEBUG (read when a module loads, as --debug is from argv).
 */
const PROCESS_WIDE_VARIABLES = [
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CONFIG',
  'DOCKER_CERT_PATH',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CLIENT_TIMEOUT',
  'DOCKER_PATH_PREFIX',
  'HOME',
  'XDG_RUNTIME_DIR',
  'PATH',
  'CRANEML_DEBUG',
  'NODE_OPTIONS',
];

function runsHere(args: string[], options: CliOptions): boolean {
  // CRANEML_TEST_CLI=process runs every call as a child process, to compare the two ways.
  if (process.env.CRANEML_TEST_CLI === 'process' || options.childProcess || !inProcessFree()) return false;
  if (!IN_PROCESS_COMMANDS.has(args[0] ?? '') || args.includes('--debug')) return false;
  return !PROCESS_WIDE_VARIABLES.some((name) => options.env && name in options.env);
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (runsHere(args, options)) return runCliInProcess(args, options);
  return runCliProcess(args, options);
}

/** The CLI as a child process, as a user starts it. */
export function runCliProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
