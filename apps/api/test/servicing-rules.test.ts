import { describe, expect, it } from 'vitest';
import {
  activeLoan,
  addDays,
  approvedLoan,
  expectLoanMatchesReplay,
  newKey,
  postedColumns,
  refusalOf,
  SMALL_TERMS,
  todayUtc,
  useServicingFixture,
} from './support/servicing';

/**
 * The servicing rules that refuse (docs/servicing.md §2, §4; api-contract.md): bad input is a 400 and an
 * illegal state a 409 with NOTHING posted (same transactions, same loan version and columns); idempotency
 * keys; who may read and who may post. The loan: 1,200.00 at 12 % over 3 months disbursed 2026-01-10
 * (EMI 408.03, installments due 02-10, 03-10, 04-10; 1224.08 owed on the schedule in all).
 */

const { fixture, as, admin } = useServicingFixture();
const DISBURSED = '2026-01-10';

const smallLoan = () => activeLoan(as, DISBURSED);

/** Runs a refused call and checks that the loan's ledger, version and columns did not move. */
async function refusedWithNothingPosted(loanId: string, call: () => Promise<unknown>) {
  const before = await admin().loans.get({ loanId });
  const countBefore = (await admin().loans.transactions({ loanId })).length;
  const refusal = await refusalOf(call());
  const after = await admin().loans.get({ loanId });
  expect(await admin().loans.transactions({ loanId })).toHaveLength(countBefore);
  expect(after.version).toBe(before.version);
  expect(postedColumns(after)).toEqual(postedColumns(before));
  if (after.disbursedOn) await expectLoanMatchesReplay(admin(), loanId);
  return refusal;
}

const repayInput = (loanId: string, extra: Record<string, unknown> = {}) => ({
  loanId,
  amount: '408.03',
  paidOn: '2026-02-10',
  idempotencyKey: newKey(),
  ...extra,
});
// Deliberately bad inputs go through an untyped door.
const repayAny = (input: Record<string, unknown>, who: 'admin' | 'agent' = 'admin') =>
  as(who).loans.repay(input as Parameters<ReturnType<typeof as>['loans']['repay']>[0]);

describe('bad input: 400 with nothing posted', () => {
  it.each([
    ['zero', { amount: '0' }, 'amount'],
    ['zero as a number', { amount: 0 }, 'amount'],
    ['negative', { amount: '-5.00' }, 'amount'],
    ['three decimals', { amount: '10.001' }, 'amount'],
    ['three decimals as a number', { amount: 10.001 }, 'amount'],
    ['a date in the future', { paidOn: addDays(todayUtc(), 1) }, 'paidOn'],
    ['a date before the disbursement', { paidOn: '2026-01-09' }, 'paidOn'],
    ['a date that is not a calendar date', { paidOn: '2026-02-30' }, 'paidOn'],
    ['no idempotency key', { idempotencyKey: undefined }, 'idempotencyKey'],
    ['a 3-character idempotency key', { idempotencyKey: 'abc' }, 'idempotencyKey'],
  ])('refuses %s', async (_name, change, field) => {
    const loan = await smallLoan();
    const refusal = await refusedWithNothingPosted(loan.id, () => repayAny(repayInput(loan.id, change)));
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(Object.keys(refusal.fieldErrors)).toContain(field);
  });

  it('refuses an overpayment, naming the largest amount and pointing to payoff', async () => {
    const loan = await smallLoan();
    // 408.03 + 408.03 + 408.02 = 1224.08 is all that is owed on 2026-02-10 (no fee yet).
    const refusal = await refusedWithNothingPosted(loan.id, () =>
      repayAny(repayInput(loan.id, { amount: '1224.09' })),
    );
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.message).toContain('1224.08');
    expect(refusal.message).toMatch(/payoff/i);
    expect(refusal.fieldErrors.amount?.join(' ')).toContain('1224.08');
  });

  it('refuses a prepayment of all the scheduled principal, naming the most it can be', async () => {
    const loan = await smallLoan();
    // On 2026-01-20 installment 1 is the next due; B = 1200.00, so at most 1199.99.
    const refusal = await refusedWithNothingPosted(loan.id, () =>
      admin().loans.prepay({
        loanId: loan.id,
        amount: '1200.00',
        paidOn: '2026-01-20',
        idempotencyKey: newKey(),
      }),
    );
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.message).toContain('1199.99');
  });

  it('refuses a disbursement in the future or twice, and one of a loan that is not APPROVED', async () => {
    const approved = await approvedLoan(as);
    const future = await refusedWithNothingPosted(approved.id, () =>
      admin().loans.disburse({ loanId: approved.id, disbursedOn: addDays(todayUtc(), 1) }),
    );
    expect(future.code).toBe('BAD_REQUEST');
    expect(Object.keys(future.fieldErrors)).toContain('disbursedOn');
    await admin().loans.disburse({ loanId: approved.id, disbursedOn: DISBURSED });
    const twice = await refusedWithNothingPosted(approved.id, () =>
      admin().loans.disburse({ loanId: approved.id, disbursedOn: DISBURSED }),
    );
    expect(twice.code).toBe('CONFLICT');
    const fresh = await as('customer').loans.create(SMALL_TERMS);
    expect(
      (await refusedWithNothingPosted(fresh.id, () => admin().loans.disburse({ loanId: fresh.id }))).code,
    ).toBe('CONFLICT');
  });
});

describe('illegal states: 409 with nothing posted', () => {
  const postings = (loanId: string) => ({
    repay: () => admin().loans.repay(repayInput(loanId, { paidOn: undefined, amount: '10.00' })),
    prepay: () => admin().loans.prepay({ loanId, amount: '10.00', idempotencyKey: newKey() }),
    payoff: () => admin().loans.payoff({ loanId, amount: '10.00', idempotencyKey: newKey() }),
    writeOff: () => admin().loans.writeOff({ loanId, reason: 'Gone' }),
  });

  it.each(['NEW', 'APPROVED', 'PAID_OFF', 'WRITTEN_OFF'] as const)(
    'refuses every posting on a %s loan',
    async (status) => {
      let loanId: string;
      if (status === 'NEW') loanId = (await as('customer').loans.create(SMALL_TERMS)).id;
      else if (status === 'APPROVED') loanId = (await approvedLoan(as)).id;
      else {
        loanId = (await smallLoan()).id;
        if (status === 'PAID_OFF') await admin().loans.repay(repayInput(loanId, { amount: '1224.08' }));
        else await admin().loans.writeOff({ loanId, reason: 'Gone', writtenOffOn: '2026-02-01' });
      }
      expect((await admin().loans.get({ loanId })).status).toBe(status);
      for (const [name, call] of Object.entries(postings(loanId))) {
        const refusal = await refusedWithNothingPosted(loanId, call);
        expect(refusal.code, `${name} on a ${status} loan`).toBe('CONFLICT');
      }
    },
  );

  it('refuses a prepayment while something is overdue, naming it', async () => {
    const loan = await smallLoan();
    const refusal = await refusedWithNothingPosted(loan.id, () =>
      admin().loans.prepay({
        loanId: loan.id,
        amount: '100.00',
        paidOn: '2026-02-11',
        idempotencyKey: newKey(),
      }),
    );
    expect(refusal.code).toBe('CONFLICT');
    // Installment 1: 12.00 + 396.03 = 408.03, due 2026-02-10.
    expect(refusal.message).toContain('408.03');
    expect(refusal.message).toContain('2026-02-10');
  });

  it('refuses a back-dated repayment that makes a later one impossible, naming it', async () => {
    const loan = await smallLoan();
    const later = await admin().loans.repay(repayInput(loan.id, { amount: '400.00', paidOn: '2026-03-01' }));
    // 900.00 on 02-10 leaves 1224.08 − 900.00 = 324.08 owed: the 400.00 of 03-01 no longer fits.
    const refusal = await refusedWithNothingPosted(loan.id, () =>
      admin().loans.repay(repayInput(loan.id, { amount: '900.00', paidOn: '2026-02-10' })),
    );
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toContain(later.id);
  });
});

describe('value dates', () => {
  it('defaults the value date to today, when every fee so far is owed too', async () => {
    const loan = await smallLoan();
    // By today all three fee dates (02-16, 03-16, 04-16) have passed unpaid: 1224.08 + 3 · 25.00 = 1299.08.
    const over = await refusedWithNothingPosted(loan.id, () =>
      admin().loans.repay({ loanId: loan.id, amount: '1299.09', idempotencyKey: newKey() }),
    );
    expect(over.message).toContain('1299.08');
    const paid = await admin().loans.repay({ loanId: loan.id, amount: '1299.08', idempotencyKey: newKey() });
    expect(paid).toMatchObject({ valueDate: todayUtc() });
    expect(paid.allocation).toMatchObject({ fees: '75.00', interest: '24.08', principal: '1200.00' });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(row).toMatchObject({ status: 'PAID_OFF', closedOn: todayUtc(), totalPaid: '1299.08' });
  });

  it('accepts a payment on the disbursement date; refuses a position asked before it', async () => {
    const loan = await smallLoan();
    const posted = await admin().loans.repay(repayInput(loan.id, { amount: '50.00', paidOn: DISBURSED }));
    expect(posted.valueDate).toBe(DISBURSED);
    const early = await refusalOf(as('customer').loans.position({ loanId: loan.id, asOf: '2026-01-09' }));
    expect(early.code).toBe('BAD_REQUEST');
    expect(Object.keys(early.fieldErrors)).toContain('asOf');
    await expectLoanMatchesReplay(admin(), loan.id);
  });

  it('refuses a back-dated payoff or write-off that a later repayment would not survive, naming it', async () => {
    const loan = await smallLoan();
    const later = await admin().loans.repay(repayInput(loan.id, { amount: '408.03', paidOn: '2026-03-01' }));
    // The quote on 02-10 counts only what was paid by then: 12.00 + 1200.00 = 1212.00.
    const quote = await admin().loans.payoffQuote({ loanId: loan.id, on: '2026-02-10' });
    expect(quote.total).toBe('1212.00');
    const payoff = await refusedWithNothingPosted(loan.id, () =>
      admin().loans.payoff(repayInput(loan.id, { amount: quote.total })),
    );
    expect(payoff.code).toBe('CONFLICT');
    expect(payoff.message).toContain(later.id);
    const writeOff = await refusedWithNothingPosted(loan.id, () =>
      admin().loans.writeOff({ loanId: loan.id, reason: 'Gone', writtenOffOn: '2026-02-20' }),
    );
    expect(writeOff.code).toBe('CONFLICT');
    expect(writeOff.message).toContain(later.id);
  });

  it('refuses a write-off dated in the future or before the disbursement', async () => {
    const loan = await smallLoan();
    for (const writtenOffOn of [addDays(todayUtc(), 1), '2026-01-09']) {
      const refusal = await refusedWithNothingPosted(loan.id, () =>
        admin().loans.writeOff({ loanId: loan.id, reason: 'Gone', writtenOffOn }),
      );
      expect(refusal.code).toBe('BAD_REQUEST');
      expect(Object.keys(refusal.fieldErrors)).toContain('writtenOffOn');
    }
  });
});

describe('idempotency keys', () => {
  it('returns the original transaction for the same key and request, and posts nothing', async () => {
    const loan = await smallLoan();
    const input = repayInput(loan.id, { amount: '100.00' });
    const first = await admin().loans.repay(input);
    const version = (await admin().loans.get({ loanId: loan.id })).version;
    const again = await admin().loans.repay(input);
    // The same request with the amount as a number is still the same request.
    const asNumber = await as('admin').loans.repay({ ...input, amount: 100 });
    expect(again).toEqual(first);
    expect(asNumber.id).toBe(first.id);
    expect(await admin().loans.transactions({ loanId: loan.id })).toHaveLength(2);
    expect((await admin().loans.get({ loanId: loan.id })).version).toBe(version);
    await expectLoanMatchesReplay(admin(), loan.id);
  });

  it('returns the original transaction for a retry after the loan closed', async () => {
    const loan = await smallLoan();
    const input = repayInput(loan.id, { amount: '1224.08' });
    const first = await admin().loans.repay(input);
    expect((await admin().loans.get({ loanId: loan.id })).status).toBe('PAID_OFF');
    expect((await admin().loans.repay(input)).id).toBe(first.id);
    expect(await admin().loans.transactions({ loanId: loan.id })).toHaveLength(2);
  });

  it('refuses the same key with a different request (409)', async () => {
    const loan = await smallLoan();
    const input = repayInput(loan.id, { amount: '100.00' });
    await admin().loans.repay(input);
    for (const change of [{ amount: '100.01' }, { paidOn: '2026-02-11' }, { reference: 'CASH-1' }]) {
      const refusal = await refusedWithNothingPosted(loan.id, () =>
        admin().loans.repay({ ...input, ...change }),
      );
      expect(refusal.code).toBe('CONFLICT');
    }
    const prepay = await refusedWithNothingPosted(loan.id, () =>
      admin().loans.prepay({ ...input, paidOn: '2026-01-20' }),
    );
    expect(prepay.code).toBe('CONFLICT');
  });

  it('scopes keys to their loan: the same key on another loan posts there (docs/decisions.md)', async () => {
    const first = await smallLoan();
    const second = await smallLoan();
    const key = newKey('shared');
    const onFirst = await admin().loans.repay(repayInput(first.id, { idempotencyKey: key }));
    const onSecond = await admin().loans.repay(repayInput(second.id, { idempotencyKey: key }));
    expect(onSecond.id).not.toBe(onFirst.id);
    expect(onSecond.loanId).toBe(second.id);
    await expectLoanMatchesReplay(admin(), second.id);
  });

  it.each(['disbursement', 'write-off'])(
    'accepts "%s" as an ordinary client key, and the loan can still be written off',
    async (key) => {
      const loan = await smallLoan();
      const posted = await admin().loans.repay(repayInput(loan.id, { idempotencyKey: key }));
      expect(posted.type).toBe('REPAYMENT');
      const writeOff = await admin().loans.writeOff({
        loanId: loan.id,
        reason: 'Gone',
        writtenOffOn: '2026-03-01',
      });
      expect(writeOff.type).toBe('WRITE_OFF');
      await expectLoanMatchesReplay(admin(), loan.id);
    },
  );

  it('can still reverse a transaction whose id a client used in a key of its own ("reversal:<id>")', async () => {
    const loan = await smallLoan();
    const mistaken = await admin().loans.repay(repayInput(loan.id, { amount: '100.00' }));
    await admin().loans.repay(
      repayInput(loan.id, { amount: '100.00', idempotencyKey: `reversal:${mistaken.id}` }),
    );
    const reversal = await admin().loans.reverseTransaction({
      loanId: loan.id,
      transactionId: mistaken.id,
      reason: 'Cheque bounced',
    });
    expect(reversal).toMatchObject({ type: 'REVERSAL', reverses: mistaken.id });
    await expectLoanMatchesReplay(admin(), loan.id);
  });
});

describe('who may read and post', () => {
  it("answers another customer's loan with 404 for position, transactions and payoff quote", async () => {
    const loan = await smallLoan();
    const other = as('otherCustomer').loans;
    for (const call of [
      () => other.position({ loanId: loan.id }),
      () => other.transactions({ loanId: loan.id }),
      () => other.payoffQuote({ loanId: loan.id }),
      () => other.history({ loanId: loan.id }),
    ]) {
      expect((await refusalOf(call())).code).toBe('NOT_FOUND');
    }
    // Its own customer and any member of staff see it.
    for (const name of ['customer', 'agent', 'otherAgent', 'admin'] as const) {
      expect(
        (await as(name).loans.position({ loanId: loan.id, asOf: '2026-01-20' })).principalOutstanding,
      ).toBe('1200.00');
      expect(await as(name).loans.transactions({ loanId: loan.id })).toHaveLength(1);
    }
  });

  it('lets no customer post (403), nor an agent who is not the loan’s (403); the loan’s agent and admins can', async () => {
    const loan = await smallLoan();
    const customer = as('customer').loans;
    const forbidden = [
      () => customer.repay(repayInput(loan.id)),
      () =>
        customer.prepay({ loanId: loan.id, amount: '10.00', paidOn: '2026-01-20', idempotencyKey: newKey() }),
      () => customer.payoff(repayInput(loan.id, { amount: '1212.00' })),
      () => customer.writeOff({ loanId: loan.id, reason: 'Mine' }),
      () => customer.disburse({ loanId: loan.id }),
      () => as('otherAgent').loans.repay(repayInput(loan.id)),
      () =>
        as('otherAgent').loans.prepay({
          loanId: loan.id,
          amount: '10.00',
          paidOn: '2026-01-20',
          idempotencyKey: newKey(),
        }),
      () => as('otherAgent').loans.payoff(repayInput(loan.id, { amount: '1212.00' })),
      () => as('agent').loans.writeOff({ loanId: loan.id, reason: 'Mine' }),
      () => as('agent').loans.disburse({ loanId: loan.id }),
      () => as('suspendedAgent').loans.repay(repayInput(loan.id)),
      () => as('pendingAgent').loans.repay(repayInput(loan.id)),
    ];
    for (const [index, call] of forbidden.entries()) {
      expect((await refusedWithNothingPosted(loan.id, call)).code, `call ${index}`).toBe('FORBIDDEN');
    }
    expect((await refusalOf(as('otherAgent').loans.repay(repayInput(crypto.randomUUID())))).code).toBe(
      'NOT_FOUND',
    );

    const byAgent = await as('agent').loans.repay(repayInput(loan.id, { amount: '100.00' }));
    expect(byAgent.recordedBy).toMatchObject({ id: fixture.user('agent').id, role: 'agent' });
    const byAdmin = await admin().loans.repay(
      repayInput(loan.id, { amount: '100.00', paidOn: '2026-02-11' }),
    );
    expect(byAdmin.recordedBy).toMatchObject({ id: fixture.user('admin').id, role: 'admin' });
    await expectLoanMatchesReplay(admin(), loan.id);
  });
});
