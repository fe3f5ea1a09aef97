import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type TDatabase } from '../src/db/orm';
import type { TPrincipal } from '../src/modules/auth/principal';
import { createCaller } from '../src/trpc/app-router';
import { createContextInner } from '../src/trpc/context';
import { createTestApi, type TTestApi } from './support/api';
import { testDatabaseKind } from './support/db';

/**
 * Read replicas (DATABASE_REPLICA_URLS, docs/scaling.md): loan lists read from a replica, everything else —
 * the loan detail, the read before a versioned write, the write itself — from the primary. A second
 * database stands in for the replica: it holds a loan the primary does not, so every answer shows which
 * database it came from. PostgreSQL only (PGlite has no replicas).
 */
const isPostgres = testDatabaseKind() === 'postgres';

let primary: TTestApi;
let replica: TTestApi;
let routed: TDatabase;
let agent: TPrincipal;
let customer: TPrincipal;
let replicaOnlyLoanId: string;

beforeAll(async () => {
  if (!isPostgres) return;
  [primary, replica] = await Promise.all([createTestApi(), createTestApi()]);
  if (!primary.db.url || !replica.db.url) throw new Error('the PostgreSQL tier has database URLs');
  // The same accounts on both, as a replica would have them.
  agent = await primary.createAccount('agent', 'APPROVED');
  customer = await primary.createAccount('customer', 'ACTIVE');
  await replica.createAccount('agent', 'APPROVED');
  const replicaCustomer = await replica.createAccount('customer', 'ACTIVE');
  const onReplica = await replica
    .as(replicaCustomer)
    .loans.create({ productCode: 'CAR', amount: '5000', termMonths: 24 });
  replicaOnlyLoanId = onReplica.id;
  routed = await openDatabase({ kind: 'postgres', url: primary.db.url, replicaUrls: [replica.db.url] });
});

afterAll(async () => {
  await routed?.close();
  await Promise.all([primary?.close(), replica?.close()]);
});

const as = (user: TPrincipal) =>
  createCaller(createContextInner({ em: routed.fork(), tokens: primary.tokens, user }));

describe.runIf(isPostgres)('read replicas', () => {
  it('serve loan lists, while writes and the loan detail use the primary', async () => {
    const written = await as(customer).loans.create({
      productCode: 'HOME',
      amount: '20000',
      termMonths: 60,
    });

    // The list comes from the replica: its own loan, not the one just written to the primary.
    const listed = await as(agent).loans.list({ limit: 50 });
    expect(listed.items.map((loan) => loan.id)).toEqual([replicaOnlyLoanId]);

    // Detail and versioned edits read the primary: the new loan is there at once (read-your-writes) …
    await expect(as(agent).loans.get({ loanId: written.id })).resolves.toMatchObject({ version: 1 });
    const edited = await as(agent).loans.update({ loanId: written.id, expectedVersion: 1, amount: '25000' });
    expect(edited).toMatchObject({ version: 2, principal: '25000.00' });
    // … and the replica's loan is not on the primary at all.
    await expect(as(agent).loans.get({ loanId: replicaOnlyLoanId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    // The primary holds the write and its history; the replica never saw a write.
    const onPrimary = await primary.as(agent).loans.list({ limit: 50 });
    expect(onPrimary.items.map((loan) => [loan.id, loan.version])).toEqual([[written.id, 2]]);
    const replicaLoans = await replica.db
      .fork()
      .getConnection()
      .execute<{ id: string }[]>('select id from loans');
    expect(replicaLoans.map((row) => row.id)).toEqual([replicaOnlyLoanId]);
  });
});
