import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { type TSignedInName, usePrincipals } from './support/principals';

/**
 * Concurrent changes of one loan. Each call goes through its own caller (its own EntityManager fork, like
 * one HTTP request each). On PostgreSQL the transactions really overlap (a pool of connections, row locks);
 * on PGlite, which has a single connection, the flushes are serialized but the reads still interleave, so
 * the optimistic version check is what stands between them and a lost update. The invariants hold on both,
 * so the file runs on both.
 */

const fixture = usePrincipals();

const as = (name: TSignedInName) => fixture.api.as(fixture.user(name));

const sql = <T>(query: string, params: unknown[] = []) =>
  fixture.api.db.fork().getConnection().execute<T[]>(query, params);

const historyActions = async (loanId: string) =>
  (
    await sql<{ action: string }>(
      "select action from history_entries where entity_type = 'loan' and entity_id = ? order by version",
      [loanId],
    )
  ).map((row) => row.action);

const loanRow = async (loanId: string) => {
  const [row] = await sql<{ status: string; version: number; principal: string }>(
    'select status, version, principal from loans where id = ?',
    [loanId],
  );
  if (!row) throw new Error(`no loan ${loanId}`);
  return row;
};

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' && result.reason instanceof TRPCError ? result.reason.code : result.status;

const newLoan = () => as('customer').loans.create({ productCode: 'HOME', amount: '10000', termMonths: 12 });

describe('concurrent edits of one loan', () => {
  it('lets exactly one of 8 parallel edits with the same expectedVersion win; the others are CONFLICT', async () => {
    const loan = await newLoan();
    const amounts = Array.from({ length: 8 }, (_, i) => `${11000 + i * 1000}.00`);
    const results = await Promise.allSettled(
      amounts.map((amount, i) =>
        as(i % 2 === 0 ? 'agent' : 'otherAgent').loans.update({
          loanId: loan.id,
          expectedVersion: 1,
          amount,
        }),
      ),
    );

    const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [amounts[i]] : []));
    expect(winners).toHaveLength(1);
    expect(results.map(codeOf).sort()).toEqual([...Array(7).fill('CONFLICT'), 'fulfilled']);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(String(result.reason.message)).toMatch(/changed|reload/i);
      }
    }

    // The winner's edit is the loan's state; its history has exactly one UPDATED row.
    const row = await loanRow(loan.id);
    expect(row).toMatchObject({ status: 'NEW', version: 2, principal: winners[0] });
    expect(await historyActions(loan.id)).toEqual(['CREATED', 'UPDATED']);
    const [updated] = (await as('admin').loans.history({ loanId: loan.id })).slice(1);
    expect(updated?.changes.principal).toEqual({ from: '10000.00', to: winners[0] });
  });

  it('never approves a loan with an edit recorded after its approval, over 20 approve/edit races', async () => {
    const rounds = 20;
    const loans = [];
    for (let i = 0; i < rounds; i++) {
      const loan = await newLoan();
      loans.push(await as('agent').loans.forward({ loanId: loan.id }));
    }

    let approvedCount = 0;
    let editedCount = 0;
    for (const [round, loan] of loans.entries()) {
      // Alternate which call starts first so both orders are exercised.
      const approve = () => as('admin').loans.approve({ loanId: loan.id });
      const edit = () => as('agent').loans.update({ loanId: loan.id, expectedVersion: 2, amount: '15000' });
      const [approval, edition] =
        round % 2 === 0
          ? await Promise.allSettled([approve(), edit()])
          : await Promise.allSettled([edit(), approve()]).then(([e, a]) => [a, e] as const);
      if (!approval || !edition) throw new Error('missing settled result');

      // Whichever lost was refused as a conflict, never with a 500 or silently.
      for (const result of [approval, edition]) {
        if (result.status === 'rejected') expect(codeOf(result), `round ${round}`).toBe('CONFLICT');
      }
      const succeeded = [approval, edition].filter((result) => result.status === 'fulfilled').length;
      expect(succeeded, `round ${round}`).toBeGreaterThanOrEqual(1);

      const actions = await historyActions(loan.id);
      const row = await loanRow(loan.id);
      expect(actions.length, `round ${round}: one history row per successful change`).toBe(2 + succeeded);
      expect(row.version).toBe(actions.length);
      if (approval.status === 'fulfilled') {
        approvedCount += 1;
        expect(row.status).toBe('APPROVED');
        const approvedAt = actions.indexOf('APPROVED');
        expect(actions.slice(approvedAt + 1), `round ${round}: ${actions.join(' → ')}`).toEqual([]);
      } else {
        expect(row.status).toBe('PENDING');
      }
      if (edition.status === 'fulfilled') {
        editedCount += 1;
        // An edit that succeeded is part of the loan, approved or not: no lost update.
        expect(row.principal).toBe('15000.00');
        expect(actions).toContain('UPDATED');
      } else {
        expect(row.principal).toBe('10000.00');
        expect(actions).not.toContain('UPDATED');
      }
    }
    expect(approvedCount + editedCount).toBeGreaterThanOrEqual(rounds);
  });

  it('refuses a second concurrent decision: approve racing reject leaves exactly one decision', async () => {
    for (let round = 0; round < 10; round++) {
      const loan = await as('agent').loans.forward({ loanId: (await newLoan()).id });
      const results = await Promise.allSettled([
        as('admin').loans.approve({ loanId: loan.id }),
        as('admin').loans.reject({ loanId: loan.id, reason: 'Racing decision' }),
      ]);
      expect(results.map(codeOf).sort(), `round ${round}`).toEqual(['CONFLICT', 'fulfilled']);
      const row = await loanRow(loan.id);
      const actions = await historyActions(loan.id);
      expect(actions).toHaveLength(3);
      expect(actions[2]).toBe(row.status);
      expect(row.version).toBe(3);
    }
  });
});
