import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // End-to-end files spawn many processes; two cores are busy enough with two files at once.
    maxWorkers: 2,
    minWorkers: 1,
    // On with `--coverage` (as `npm test` runs it). Child processes of the bundle are not counted:
    // the figure is what the in-process layers reach.
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: ['text-summary'],
    },
  },
});
