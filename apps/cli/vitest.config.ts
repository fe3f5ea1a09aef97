import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The import test starts the API in a child process and imports a 1,000-row book through the CLI;
    // one server at a time, so the two cores are not shared between two of them.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
