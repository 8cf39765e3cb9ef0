/** The suite's tiers (vitest projects) and the folders each runs; one place for vitest.config.ts and the Docker check. */

/**
 * unit: in-process only (no Docker, no child process: unit-tier-setup.ts fails a file starting one), under a minute.
 * accuracy: in-process measurements of the model and codec on held-out data (minutes, not a unit test).
 * runtime: child processes and local servers (the CLI, the model servers; a few build a Python image).
 * docker: the daemon itself. browser: Debian's Chromium. electron: the main process, preload and
 * packaging, without Electron.
 */
export const TIERS = {
  unit: ['test/unit'],
  accuracy: ['test/accuracy'],
  runtime: ['test/runtime', 'test/runtime-python', 'test/contract', 'test/cli', 'test/process', 'test/helpers'],
  docker: ['test/docker', 'test/swarm'],
  browser: ['test/renderer', 'test/e2e', 'test/web'],
  electron: ['test/electron'],
} as const satisfies Record<string, readonly string[]>;

export type Tier = keyof typeof TIERS;

/** The tiers whose files never reach for Docker: a run of only these needs no daemon. */
export const TIERS_WITHOUT_DOCKER: readonly string[] = ['unit', 'accuracy', 'electron'] satisfies Tier[];
