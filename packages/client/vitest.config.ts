import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Packing, installing with npm and compiling take a while; the server starts in a child process.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 180_000 },
});
