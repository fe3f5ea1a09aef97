import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../src/rest/routes';
import { testDatabaseKind } from './support/db';
import { startHardenedServer, type THardenedServer } from './support/fuzz';
import { loanBookViolations, percentile, runLoad } from './support/invariants';

/**
 * Concurrency and load integrity: N clients drive the loan lifecycle at once over real HTTP (tRPC and
 * REST), colliding on a small pool of loans, then the loan book is checked from the database. CI runs a
 * few seconds (SOAK_MS); `pnpm soak` runs the long version against PostgreSQL (scripts/soak.ts).
 */
const DURATION_MS = Number(process.env.SOAK_MS ?? 3_000);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);

let server: THardenedServer;
beforeAll(async () => {
  server = await startHardenedServer();
});
afterAll(() => server?.close());

describe(`concurrent lifecycle load on ${testDatabaseKind()}`, () => {
  it(`${CLIENTS} clients for ${DURATION_MS} ms: no 5xx, no lost update, history complete`, async () => {
    const figures = await runLoad(server, {
      clients: CLIENTS,
      durationMs: DURATION_MS,
      minOperations: 150,
      maxDurationMs: 30_000,
      restRoutes: restRoutes(),
    });
    const violations = await loanBookViolations(server.db, figures.claims);
    console.info(
      `soak: ${figures.operations} operations, ${figures.claims.length} changes, p99 ${percentile(figures.latenciesMs, 99).toFixed(0)} ms, ` +
        `violations: ${violations.length}, outcomes ${JSON.stringify(figures.outcomes)}`,
    );
    expect(figures.serverErrors).toBe(0);
    expect(figures.networkErrors).toBe(0);
    expect(violations).toEqual([]);
    // The load did what it is for: many changes, and collisions the API refused as conflicts.
    const count = (prefix: string, status: number) =>
      Object.entries(figures.outcomes)
        .filter(([key]) => key.startsWith(prefix) && key.endsWith(` ${status}`))
        .reduce((sum, [, n]) => sum + n, 0);
    expect(count('loans.create', 200) + count('loans.create', 201)).toBeGreaterThan(3);
    expect(count('loans.update', 200)).toBeGreaterThan(0);
    expect(count('loans.forward', 200)).toBeGreaterThan(0);
    expect(count('loans.approve', 200) + count('loans.reject', 200)).toBeGreaterThan(0);
    expect(count('loans.', 409)).toBeGreaterThan(0);
  }, 60_000);

  it('the invariant check catches a change written without its history row', async () => {
    const before = await loanBookViolations(server.db);
    expect(before).toEqual([]);
    const connection = server.db.fork().getConnection();
    const [loan] = await connection.execute<{ id: string }[]>(
      "select id from loans where status in ('NEW', 'PENDING') limit 1",
    );
    if (!loan) throw new Error('the load created no open loan');
    // A partial write, as a crash between the two statements would leave it (history is append-only,
    // so the loan row is the one changed behind the API's back).
    await connection.execute(
      'update loans set principal = principal + 1, version = version + 1 where id = ?',
      [loan.id],
    );
    const after = await loanBookViolations(server.db);
    expect(after.some((violation) => violation.includes(loan.id))).toBe(true);
    await connection.execute(
      'update loans set principal = principal - 1, version = version - 1 where id = ?',
      [loan.id],
    );
    expect(await loanBookViolations(server.db)).toEqual([]);
  });
});
