import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**', 'test/bench/**'],
    // The leak check: the run and each test file get their own temp directory, and the run fails
    // naming what a test file left there (or in Docker).
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-file-temp.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    restoreMocks: true,
    unstubEnvs: true,
    pool: 'forks',
    // Docker and server tests share one daemon and ports; two cores gain little from parallel files.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
