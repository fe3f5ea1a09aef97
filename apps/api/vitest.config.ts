import { defineConfig } from 'vitest/config';

/**
 * Every test that touches a database runs twice: once on PGlite (in memory) and once on PostgreSQL
 * (a fresh database per test file). TEST_DATABASE_URL points at a server where we may create databases.
 * Tests that touch no database live under test/unit/ and run once, in the 'unit' project.
 */
const UNIT = 'test/unit/**/*.test.ts';
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };
const database = { ...timeouts, include: ['test/**/*.test.ts'], exclude: [UNIT] };

export default defineConfig({
  test: {
    projects: [
      { test: { ...timeouts, name: 'unit', include: [UNIT] } },
      { test: { ...database, name: 'pglite', env: { TEST_DB: 'pglite' } } },
      { test: { ...database, name: 'postgres', env: { TEST_DB: 'postgres' } } },
    ],
  },
});
