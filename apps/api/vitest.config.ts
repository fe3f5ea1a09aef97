import { defineConfig } from 'vitest/config';

/**
 * Every test that touches a database runs twice: once on PGlite (in memory) and once on PostgreSQL
 * (a fresh database per test file). TEST_DATABASE_URL points at a server where we may create databases.
 */
const shared = {
  include: ['test/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'pglite', env: { TEST_DB: 'pglite' } } },
      { test: { ...shared, name: 'postgres', env: { TEST_DB: 'postgres' } } },
    ],
  },
});
