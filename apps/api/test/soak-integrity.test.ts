import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../src/rest/routes';
import { testDatabaseKind } from './support/db';
import { startHardenedServer, type THardenedServer } from './support/fuzz';
import {
  ledgerViolations,
  loanBookViolations,
  percentile,
  postingSummary,
  runLoad,
  type TLoadFigures,
} from './support/invariants';

/**
 * Concurrency and load integrity: N clients drive the loan lifecycle and post money (repayments,
 * prepayments, payoffs, reversals, idempotent resends) at once over real HTTP (tRPC and REST), colliding
 * on a small pool of loans, then the loan book and the ledger are checked. CI runs a few seconds
 * (SOAK_MS); `pnpm soak` runs the long version against PostgreSQL (scripts/soak.ts).
 */
const DURATION_MS = Number(process.env.SOAK_MS ?? 3_000);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);

let server: THardenedServer;
let figures: TLoadFigures;
beforeAll(async () => {
  server = await startHardenedServer();
});
afterAll(() => server?.close());

const count = (prefix: string, ...statuses: number[]) =>
  Object.entries(figures.outcomes)
    .filter(([key]) => key.startsWith(prefix) && statuses.some((status) => key.endsWith(` ${status}`)))
    .reduce((sum, [, n]) => sum + n, 0);

describe(`concurrent lifecycle and servicing load on ${testDatabaseKind()}`, () => {
  it(`${CLIENTS} clients for ${DURATION_MS} ms: no 5xx, no lost update or posting, history and ledger complete`, async () => {
    figures = await runLoad(server, {
      clients: CLIENTS,
      durationMs: DURATION_MS,
      minOperations: 250,
      maxDurationMs: 30_000,
      restRoutes: restRoutes(),
    });
    const violations = await loanBookViolations(server.db, figures.claims);
    const ledger = await ledgerViolations(server, figures);
    console.info(
      `soak: ${figures.operations} operations, ${figures.claims.length} changes, ${postingSummary(figures)}, ` +
        `p99 ${percentile(figures.latenciesMs, 99).toFixed(0)} ms, violations: ${violations.length} + ${ledger.length}, ` +
        `outcomes ${JSON.stringify(figures.outcomes)}`,
    );
    expect(figures.serverErrors).toBe(0);
    expect(figures.networkErrors).toBe(0);
    expect(figures.inDoubt).toEqual([]);
    expect(violations).toEqual([]);
    expect(ledger).toEqual([]);
    // The load did what it is for: many changes, and collisions the API refused as conflicts.
    expect(count('loans.create', 200, 201)).toBeGreaterThan(3);
    expect(count('loans.update', 200)).toBeGreaterThan(0);
    expect(count('loans.forward', 200)).toBeGreaterThan(0);
    expect(count('loans.approve', 200) + count('loans.reject', 200)).toBeGreaterThan(0);
    expect(count('loans.', 409)).toBeGreaterThan(0);
    // … and money moved: repayments acknowledged, and keys resent (each answered with the original: the
    // ledger check above).
    expect(figures.postings.filter((ack) => ack.type === 'REPAYMENT').length).toBeGreaterThan(3);
    expect(figures.retries.sequential + figures.retries.concurrent).toBeGreaterThan(0);
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

  it('the ledger check catches a lost posting, a key acknowledged twice and columns that drifted from the ledger', async () => {
    expect(await ledgerViolations(server, figures)).toEqual([]);
    const [acked] = figures.postings.filter((ack) => ack.key !== null);
    if (!acked) throw new Error('the load acknowledged no posting');
    const lost = { ...acked, transactionId: crypto.randomUUID() };
    const twice = { ...acked, via: 'retry' as const, transactionId: crypto.randomUUID() };
    expect(await ledgerViolations(server, { ...figures, postings: [...figures.postings, lost] })).toEqual(
      expect.arrayContaining([expect.stringContaining(`${lost.transactionId} (loan ${acked.loanId}`)]),
    );
    expect(await ledgerViolations(server, { ...figures, postings: [...figures.postings, twice] })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`key ${acked.loanId}/${acked.key} was acknowledged as 2`)),
      ]),
    );
    // A column moved without a posting (as a half-applied posting would leave it).
    const connection = server.db.fork().getConnection();
    await connection.execute('update loans set total_paid = total_paid + 1 where id = ?', [acked.loanId]);
    try {
      const drifted = await ledgerViolations(server, figures);
      expect(drifted).toEqual([
        expect.stringMatching(new RegExp(`loan ${acked.loanId}: totalPaid .* ≠ replay`)),
      ]);
    } finally {
      await connection.execute('update loans set total_paid = total_paid - 1 where id = ?', [acked.loanId]);
    }
    expect(await ledgerViolations(server, figures)).toEqual([]);
  });
});
