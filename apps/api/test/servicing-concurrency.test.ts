import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import {
  activeLoan,
  approvedLoan,
  expectLoanMatchesReplay,
  newKey,
  useServicingFixture,
} from './support/servicing';

/**
 * Postings racing on one loan (docs/servicing.md §4: "Two transactions posted at once on one loan never
 * both apply to the same state: one waits or gets a 409, and the ledger always equals a replay of its
 * transactions"). Every call goes through its own caller on its own EntityManager fork, like one HTTP
 * request each. On PostgreSQL the transactions overlap for real (a pool, row locks); on PGlite they share
 * one connection. After every race the loan's persisted columns must equal a replay of its ledger.
 *
 * The loan: 1,200.00 at 12 % over 3 months disbursed 2026-01-10 (EMI 408.03; 1224.08 owed in all).
 */

const { as, admin } = useServicingFixture();

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'fulfilled'
    ? 'fulfilled'
    : result.reason instanceof TRPCError
      ? result.reason.code
      : String(result.reason);

const historyActions = async (loanId: string) =>
  (await admin().loans.history({ loanId })).map((entry) => entry.action);

describe('concurrent postings on one loan', () => {
  it('applies ten repayments at once exactly once each', async () => {
    const loan = await activeLoan(as, '2026-01-10');
    // Ten of 50.00, five by the admin and five by the loan's agent, on ten different value dates.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        as(i % 2 === 0 ? 'admin' : 'agent').loans.repay({
          loanId: loan.id,
          amount: '50.00',
          paidOn: `2026-02-${String(10 + i).padStart(2, '0')}`,
          idempotencyKey: newKey(`race${i}`),
        }),
      ),
    );
    expect(results.map(codeOf)).toEqual(Array(10).fill('fulfilled'));
    const { loan: row, transactions } = await expectLoanMatchesReplay(admin(), loan.id);
    const repayments = transactions.filter((t) => t.type === 'REPAYMENT');
    expect(repayments).toHaveLength(10);
    expect(new Set(repayments.map((t) => t.id)).size).toBe(10);
    // 10 · 50.00 = 500.00. By the end of grace (02-15) only six, 300.00 < 408.03, were paid, so installment
    // 1 is charged 25.00 on 02-16. 500.00 = 25.00 + 12.00 + 396.03 (installment 1) + 8.04 + 58.93
    // (installment 2) → principal 396.03 + 58.93 = 454.96 paid, 1200.00 − 454.96 = 745.04 outstanding.
    expect(row).toMatchObject({ totalPaid: '500.00', principalOutstanding: '745.04', status: 'ACTIVE' });
    const allocated = repayments.reduce(
      (sum, t) =>
        sum +
        Math.round(
          (Number(t.allocation.principal) + Number(t.allocation.interest) + Number(t.allocation.fees)) * 100,
        ),
      0,
    );
    expect(allocated).toBe(50_000);
    expect((await historyActions(loan.id)).filter((action) => action === 'REPAID')).toHaveLength(10);
    expect(row.version).toBe(4 + 10); // created, forwarded, approved, disbursed + ten postings
  });

  it('posts once for ten postings with one idempotency key at once, and answers all ten with it', async () => {
    const loan = await activeLoan(as, '2026-01-10');
    const key = newKey('same');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        as(i % 2 === 0 ? 'admin' : 'agent').loans.repay({
          loanId: loan.id,
          amount: '408.03',
          paidOn: '2026-02-10',
          idempotencyKey: key,
        }),
      ),
    );
    expect(results.map(codeOf)).toEqual(Array(10).fill('fulfilled'));
    const ids = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.id] : []));
    expect(new Set(ids).size).toBe(1);
    const { loan: row, transactions } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(transactions.map((t) => t.type)).toEqual(['DISBURSEMENT', 'REPAYMENT']);
    expect(transactions[1]?.id).toBe(ids[0]);
    expect(row).toMatchObject({ totalPaid: '408.03', principalOutstanding: '803.97' });
    expect((await historyActions(loan.id)).filter((action) => action === 'REPAID')).toHaveLength(1);
  });

  it('never applies a repayment and a write-off to the same state', async () => {
    for (let round = 0; round < 6; round++) {
      const loan = await activeLoan(as, '2026-01-10');
      const [repaid, writtenOff] = await Promise.allSettled([
        as('agent').loans.repay({
          loanId: loan.id,
          amount: '408.03',
          paidOn: '2026-02-10',
          idempotencyKey: newKey('vs'),
        }),
        admin().loans.writeOff({ loanId: loan.id, reason: 'Race', writtenOffOn: '2026-03-20' }),
      ]);
      if (!repaid || !writtenOff) throw new Error('two results expected');
      // The write-off always applies (a repayment never makes it impossible); the repayment either came
      // first or is refused as the loan is written off.
      expect(codeOf(writtenOff)).toBe('fulfilled');
      expect(['fulfilled', 'CONFLICT']).toContain(codeOf(repaid));
      const { loan: row, transactions } = await expectLoanMatchesReplay(admin(), loan.id);
      expect(row.status).toBe('WRITTEN_OFF');
      const writeOff = transactions.find((t) => t.type === 'WRITE_OFF');
      if (repaid.status === 'fulfilled') {
        // Repayment first: 803.97 principal + 8.04 interest + 25.00 fee of installment 2 = 837.01.
        expect(transactions.map((t) => t.type)).toEqual(['DISBURSEMENT', 'REPAYMENT', 'WRITE_OFF']);
        expect(writeOff?.amount).toBe('837.01');
        expect(row.totalPaid).toBe('408.03');
      } else {
        // Written off alone on 03-20: 1200.00 + 12.00 + 8.04 + 2 · 25.00 = 1270.04.
        expect(transactions.map((t) => t.type)).toEqual(['DISBURSEMENT', 'WRITE_OFF']);
        expect(writeOff?.amount).toBe('1270.04');
        expect(row.totalPaid).toBe('0.00');
      }
    }
  });

  it('serialises a payoff and a repayment: the loser is refused, the winner is the ledger', async () => {
    for (let round = 0; round < 4; round++) {
      const loan = await activeLoan(as, '2026-01-10');
      // On its due date 02-10: 12.00 + 1200.00 = 1212.00 closes the loan.
      const results = await Promise.allSettled([
        admin().loans.payoff({
          loanId: loan.id,
          amount: '1212.00',
          paidOn: '2026-02-10',
          idempotencyKey: newKey(),
        }),
        as('agent').loans.repay({
          loanId: loan.id,
          amount: '408.03',
          paidOn: '2026-02-10',
          idempotencyKey: newKey(),
        }),
      ]);
      const codes = results.map(codeOf);
      // Payoff first: the repayment finds the loan PAID_OFF. Repayment first: the payoff quote is now
      // 803.97, so 1212.00 is refused. Never both.
      expect(codes.filter((code) => code === 'fulfilled')).toHaveLength(1);
      expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(1);
      const { transactions } = await expectLoanMatchesReplay(admin(), loan.id);
      expect(transactions).toHaveLength(2);
    }
  });

  it('disburses once when two admins disburse at once', async () => {
    const approved = await approvedLoan(as);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        admin().loans.disburse({ loanId: approved.id, disbursedOn: '2026-01-10' }),
      ),
    );
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'fulfilled']);
    const { transactions } = await expectLoanMatchesReplay(admin(), approved.id);
    expect(transactions.map((t) => t.type)).toEqual(['DISBURSEMENT']);
    expect((await historyActions(approved.id)).filter((action) => action === 'DISBURSED')).toHaveLength(1);
  });

  it('writes off once and reverses once when asked twice at once', async () => {
    const loan = await activeLoan(as, '2026-01-10');
    const repayment = await admin().loans.repay({
      loanId: loan.id,
      amount: '408.03',
      paidOn: '2026-02-10',
      idempotencyKey: newKey(),
    });
    const reversals = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        admin().loans.reverseTransaction({ loanId: loan.id, transactionId: repayment.id, reason: 'Twice' }),
      ),
    );
    expect(reversals.map(codeOf).sort()).toEqual(['CONFLICT', 'CONFLICT', 'fulfilled']);
    const writeOffs = await Promise.allSettled(
      Array.from({ length: 3 }, () => admin().loans.writeOff({ loanId: loan.id, reason: 'Gone' })),
    );
    expect(writeOffs.map(codeOf).sort()).toEqual(['CONFLICT', 'CONFLICT', 'fulfilled']);
    const { transactions } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(transactions.map((t) => t.type)).toEqual(['DISBURSEMENT', 'REPAYMENT', 'REVERSAL', 'WRITE_OFF']);
  });
});
