/** A test file's own temp folder holding the CLI's conversion cache: conversions run here, and go with the folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runCli, type CliResult } from './cli.ts';

export interface CachedCli {
  /** The real CLI, CRANEML_CACHE_DIR in the folder. */
  cli(args: string[]): Promise<CliResult>;
  /** A path in the folder. */
  path(name: string): string;
}

/**
 * Makes the folder before the file's tests (named `prefix` + random) and removes it after them.
 * @example const work = cliWithOwnCache('craneml-catboost-', 20 * 60_000); await work.cli(['inspect', file]);
 */
export function cliWithOwnCache(prefix: string, timeoutMs: number): CachedCli {
  let tmp = '';
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });
  return {
    cli: (args) => runCli(args, { timeoutMs, env: { CRANEML_CACHE_DIR: path.join(tmp, 'cache') } }),
    path: (name) => path.join(tmp, name),
  };
}
