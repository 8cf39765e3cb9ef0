import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**', 'test/bench/**'],
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
