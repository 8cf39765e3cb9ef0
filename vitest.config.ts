/** The test suite in tiers (vitest projects): `vitest run` runs them all, `--project <tier>` one. */
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { TIERS, type Tier } from './test/helpers/tiers.ts';

// What every tier shares. Not inherited through `extends`, which would run the global set-up once per tier.
const shared = {
  exclude: ['node_modules/**', 'test/bench/**'],
  setupFiles: ['test/setup-file-temp.ts'],
  testTimeout: 60_000,
  hookTimeout: 180_000,
  // expect.poll waits for what a browser or a server does; 1 s (vitest's default) is a race at CI's load.
  expect: { poll: { timeout: 15_000 } },
  restoreMocks: true,
  unstubEnvs: true,
  pool: 'forks' as const,
  // A worker keeps its module graph from one test file to the next: importing playwright, zod, sharp and
  // the core again for each file took 40% of the unit tier's CPU and a quarter of the browser tier's.
  isolate: false,
};

// What a tier adds: the unit tier's rule (no child process) kept by a tool, not by review.
const byTier: Partial<Record<Tier, Partial<typeof shared>>> = {
  unit: { setupFiles: [...shared.setupFiles, 'test/helpers/unit-tier-setup.ts'] },
  browser: { setupFiles: [...shared.setupFiles, 'test/helpers/browser-tier-setup.ts'] },
  // Its files replace the electron module each with a fake of their own (vi.mock), which needs a module graph per file.
  electron: { isolate: true },
  // Each accuracy test reads 400 to 2,000 pictures: up to a minute on a quiet machine, more under load.
  accuracy: { testTimeout: 300_000 },
};

const projects: TestProjectInlineConfiguration[] = Object.entries(TIERS).map(([name, folders]) => ({
  test: { ...shared, ...byTier[name as Tier], name, include: folders.map((folder) => `${folder}/**/*.test.ts`) },
}));

export default defineConfig({
  test: {
    projects,
    // Once for the whole run: Docker reachable or skipped by name, and the leak check (the run and each
    // test file get their own temp directory, and the run fails naming what a test file left there or in Docker).
    globalSetup: ['test/global-setup.ts'],
    // The suite is CPU-bound on two cores (idle 8% with two workers), but a file waiting on Docker or
    // Swarm leaves a core free: three workers took 630 s against 709-758 s with two (idle 3%). Four
    // saved about 9 s on clean clones (383.5 s against 392.4 on average) but the busier cores made a
    // timing test fail (web-mode-survives: the 413 came after 17.8 MB of a 34 MB upload), so three.
    maxWorkers: 3,
    fileParallelism: true,
  },
});
