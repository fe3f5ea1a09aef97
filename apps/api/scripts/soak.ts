/**
 * `pnpm soak`: the long concurrency run — N clients through the loan lifecycle and the money postings
 * (repayments, prepayments, payoffs, reversals, write-offs, idempotent resends) over HTTP (tRPC and REST)
 * against PostgreSQL, then the loan-book and ledger invariants (test/support/invariants.ts). Prints the
 * figures.
 *
 *   pnpm soak                                   60 s, 16 clients, on PostgreSQL (TEST_DATABASE_URL)
 *   pnpm soak -- --seconds 300 --clients 32
 *   TEST_DB=pglite pnpm soak                    the embedded database instead
 */
import { parseArgs } from 'node:util';
import { percentile } from '../test/support/invariants';

// `pnpm soak -- --seconds 5` passes the `--` along; drop it.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--')),
  options: {
    seconds: { type: 'string', default: process.env.SOAK_SECONDS ?? '60' },
    clients: { type: 'string', default: process.env.SOAK_CLIENTS ?? '16' },
  },
});
process.env.TEST_DB ??= 'postgres';
// Imported after TEST_DB is settled: the test database helper reads it.
const { startHardenedServer } = await import('../test/support/fuzz');
const { ledgerViolations, loanBookViolations, postingSummary, runLoad } = await import(
  '../test/support/invariants'
);

const seconds = Number(values.seconds);
const clients = Number(values.clients);
const server = await startHardenedServer();
const { restRoutes } = await import('../src/rest/routes');
console.log(
  `soak: ${clients} clients for ${seconds} s on ${process.env.TEST_DB === 'postgres' ? 'PostgreSQL' : 'PGlite'}, tRPC and REST`,
);
let exitCode = 0;
try {
  const started = Date.now();
  const figures = await runLoad(server, {
    clients,
    durationMs: seconds * 1000,
    restRoutes: restRoutes(),
    servicingLoans: Math.max(6, clients),
  });
  const elapsed = (Date.now() - started) / 1000;
  const violations = [
    ...(await loanBookViolations(server.db, figures.claims)),
    ...(await ledgerViolations(server, figures)),
  ];
  const [loans] = await server.db
    .fork()
    .getConnection()
    .execute<{ loans: number; history: number; disbursed: number; transactions: number }[]>(
      `select (select count(*) from loans)::int as loans,
              (select count(*) from history_entries where entity_type = 'loan')::int as history,
              (select count(*) from loans where disbursed_on is not null)::int as disbursed,
              (select count(*) from loan_transactions)::int as transactions`,
    );
  console.log(
    `soak: ${figures.operations} operations in ${elapsed.toFixed(1)} s (${(figures.operations / elapsed).toFixed(1)}/s)`,
  );
  console.log(
    `soak: latency p50 ${percentile(figures.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(figures.latenciesMs, 99).toFixed(0)} ms`,
  );
  console.log(
    `soak: ${figures.claims.length} successful changes; ${loans?.loans} loans with ${loans?.history} history rows`,
  );
  console.log(`soak: ${postingSummary(figures)}`);
  console.log(
    `soak: ${loans?.disbursed} disbursed loans with ${loans?.transactions} ledger transactions, each replayed to its columns`,
  );
  for (const [outcome, count] of Object.entries(figures.outcomes).sort())
    console.log(`  ${outcome.padEnd(28)} ${count}`);
  console.log(
    `soak: 5xx: ${figures.serverErrors}, network errors: ${figures.networkErrors}, postings in doubt: ${figures.inDoubt.length}, invariant violations: ${violations.length}`,
  );
  for (const violation of violations.slice(0, 20)) console.log(`  VIOLATION ${violation}`);
  if (figures.serverErrors || figures.networkErrors || figures.inDoubt.length || violations.length)
    exitCode = 1;
} finally {
  await server.close();
}
process.exit(exitCode);
