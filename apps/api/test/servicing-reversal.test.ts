import { describe, expect, it } from 'vitest';
import {
  activeLoan,
  expectLoanMatchesReplay,
  newKey,
  refusalOf,
  useServicingFixture,
} from './support/servicing';

/**
 * docs/servicing.md §4 (reversal, write-off) and the history rows of every posting, through the
 * procedures. Figures by hand in the comments; the 1,200.00 at 12 % over 3 months loan disbursed
 * 2026-01-10 (EMI 408.03; 12.00 / 396.03, 8.04 / 399.99, 4.04 / 403.98; due 02-10, 03-10, 04-10; fee
 * 25.00 on dueOn + 6 days). After each scenario the loan's persisted columns must equal a replay.
 */

const { fixture, as, admin } = useServicingFixture();
const DISBURSED = '2026-01-10';

const smallLoan = () => activeLoan(as, DISBURSED);
const repay = (loanId: string, amount: string, paidOn: string) =>
  admin().loans.repay({ loanId, amount, paidOn, idempotencyKey: newKey('repay') });
const payoff = (loanId: string, amount: string, paidOn: string) =>
  admin().loans.payoff({ loanId, amount, paidOn, idempotencyKey: newKey('payoff') });
const reverse = (loanId: string, transactionId: string) =>
  admin().loans.reverseTransaction({ loanId, transactionId, reason: 'Entered on the wrong loan' });

describe('reversal', () => {
  it('reverses a payoff back to ACTIVE, and refuses to reverse a repayment a payoff depends on', async () => {
    const loan = await smallLoan();
    const repayment = await repay(loan.id, '408.03', '2026-02-10');
    // 803.97 + 803.97 · 0.01 · 14 / 28 = 803.97 + 4.02 = 807.99 on 2026-02-24.
    const paidOff = await payoff(loan.id, '807.99', '2026-02-24');
    expect((await admin().loans.get({ loanId: loan.id })).status).toBe('PAID_OFF');

    // Without the repayment the payoff of 2026-02-24 would have to be 1212.00 + 4.02 + fee: it no longer
    // matches, so the reversal is refused and names the payoff.
    const refused = await refusalOf(reverse(loan.id, repayment.id));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('PAYOFF');
    expect(refused.message).toContain(paidOff.id);
    expect(await admin().loans.transactions({ loanId: loan.id })).toHaveLength(3);

    const before = await admin().loans.get({ loanId: loan.id });
    const reversal = await reverse(loan.id, paidOff.id);
    expect(reversal).toMatchObject({
      type: 'REVERSAL',
      amount: '807.99',
      reverses: paidOff.id,
      reversedBy: null,
      recordedBy: { id: fixture.user('admin').id, role: 'admin' },
    });
    const { loan: reopened, transactions } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(reopened).toMatchObject({
      status: 'ACTIVE',
      closedOn: null,
      principalOutstanding: '803.97',
      totalPaid: '408.03',
      nextDueOn: '2026-03-10',
      nextDueAmount: '408.03',
    });
    expect(reopened.version).toBe(before.version + 1);
    expect(transactions.find((t) => t.id === paidOff.id)?.reversedBy).toBe(reversal.id);
    const history = await admin().loans.history({ loanId: loan.id });
    expect(history.at(-1)).toMatchObject({
      action: 'REVERSED',
      changes: { status: { from: 'PAID_OFF', to: 'ACTIVE' } },
    });

    // Not twice; now the repayment can go too.
    expect((await refusalOf(reverse(loan.id, paidOff.id))).code).toBe('CONFLICT');
    await reverse(loan.id, repayment.id);
    const { loan: untouched } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(untouched).toMatchObject({
      status: 'ACTIVE',
      principalOutstanding: '1200.00',
      totalPaid: '0.00',
      nextDueOn: '2026-02-10',
      nextDueAmount: '408.03',
    });
  });

  it('refuses to reverse a disbursement, a reversal or an unknown transaction; agents cannot reverse', async () => {
    const loan = await smallLoan();
    const repayment = await repay(loan.id, '100.00', '2026-02-10');
    const [disbursement] = await admin().loans.transactions({ loanId: loan.id });
    expect((await refusalOf(reverse(loan.id, disbursement?.id ?? ''))).code).toBe('CONFLICT');
    expect(
      (
        await refusalOf(
          as('agent').loans.reverseTransaction({
            loanId: loan.id,
            transactionId: repayment.id,
            reason: 'No',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const reversal = await reverse(loan.id, repayment.id);
    expect((await refusalOf(reverse(loan.id, reversal.id))).code).toBe('CONFLICT');
    expect((await refusalOf(reverse(loan.id, crypto.randomUUID()))).code).toBe('NOT_FOUND');
    expect(await admin().loans.transactions({ loanId: loan.id })).toHaveLength(3);
    await expectLoanMatchesReplay(admin(), loan.id);
  });

  it('reverses a final repayment back to ACTIVE', async () => {
    const loan = await smallLoan();
    // Everything on the schedule on 2026-02-10: 408.03 + 408.03 + 408.02 = 1224.08.
    const repayment = await repay(loan.id, '1224.08', '2026-02-10');
    expect(repayment.allocation).toEqual({
      principal: '1200.00',
      interest: '24.08', // 12.00 + 8.04 + 4.04
      fees: '0.00',
      accruedInterest: '0.00',
    });
    expect((await expectLoanMatchesReplay(admin(), loan.id)).loan).toMatchObject({
      status: 'PAID_OFF',
      closedOn: '2026-02-10',
      principalOutstanding: '0.00',
      nextDueOn: null,
    });
    expect((await admin().loans.history({ loanId: loan.id })).at(-1)).toMatchObject({
      action: 'REPAID',
      changes: { status: { from: 'ACTIVE', to: 'PAID_OFF' } },
    });
    await reverse(loan.id, repayment.id);
    expect((await expectLoanMatchesReplay(admin(), loan.id)).loan).toMatchObject({
      status: 'ACTIVE',
      closedOn: null,
      principalOutstanding: '1200.00',
      totalPaid: '0.00',
    });
  });

  it('reverses a prepayment: the schedule is the approved one again', async () => {
    const loan = await smallLoan();
    await repay(loan.id, '408.03', '2026-02-10');
    // 100.00 on 2026-02-20 (s = 02-10, e = 03-10, 28 days; d − s = 10, e − d = 18), B = 803.97:
    // round_half_up((803.97 · 10 + 703.97 · 18) · 0.01 / 28) = (8039.70 + 12671.46) · 0.01 / 28
    // = 7.3968 → 7.40; TERM: 2: 7.40 / 400.63 → 303.34; 3: 3.0334 → 3.03 / 303.34.
    const prepayment = await admin().loans.prepay({
      loanId: loan.id,
      amount: '100.00',
      paidOn: '2026-02-20',
      idempotencyKey: newKey('prepay'),
    });
    const after = await admin().loans.position({ loanId: loan.id, asOf: '2026-02-24' });
    expect(after.installments.map((i) => [i.interest, i.principal])).toEqual([
      ['12.00', '396.03'],
      ['7.40', '400.63'],
      ['3.03', '303.34'],
    ]);
    // Payoff on 2026-02-24 in the period of the prepayment. Interest accrues day by day on the principal
    // outstanding: 803.97 for 10 days, 703.97 for 4: (803.97 · 10 + 703.97 · 4) · 0.01 / 28
    // = (8039.70 + 2815.88) · 0.01 / 28 = 3.8770 → 3.88; total 703.97 + 3.88 = 707.85. (The §4 formula
    // B · r · (d − s) / (e − s) read with B = 703.97 would give 3.52: see the report.)
    expect(await admin().loans.payoffQuote({ loanId: loan.id, on: '2026-02-24' })).toMatchObject({
      principal: '703.97',
      accruedInterest: '3.88',
      total: '707.85',
    });

    // Without installment 1's repayment the prepayment of 02-20 would come while 408.03 is overdue: the
    // repayment cannot be reversed first, and the refusal names the prepayment.
    const [, repayment] = await admin().loans.transactions({ loanId: loan.id });
    const refused = await refusalOf(reverse(loan.id, repayment?.id ?? ''));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(prepayment.id);

    await reverse(loan.id, prepayment.id);
    const restored = await admin().loans.position({ loanId: loan.id, asOf: '2026-02-24' });
    expect(restored.installments.map((i) => [i.interest, i.principal])).toEqual([
      ['12.00', '396.03'],
      ['8.04', '399.99'],
      ['4.04', '403.98'],
    ]);
    expect((await expectLoanMatchesReplay(admin(), loan.id)).loan.principalOutstanding).toBe('803.97');
  });
});

describe('write-off', () => {
  it('records the unpaid fees, the unpaid interest of due installments and all unpaid principal', async () => {
    const loan = await smallLoan();
    const repayment = await repay(loan.id, '408.03', '2026-02-10');
    const writeOff = await admin().loans.writeOff({
      loanId: loan.id,
      reason: 'Borrower untraceable',
      writtenOffOn: '2026-03-20',
    });
    // On 2026-03-20: installment 2 (due 03-10) unpaid past its fee date 03-16 → fee 25.00 and interest
    // 8.04; installment 3 is not due (its 4.04 is never charged); principal 399.99 + 403.98 = 803.97.
    // Total 25.00 + 8.04 + 803.97 = 837.01.
    expect(writeOff).toMatchObject({ type: 'WRITE_OFF', amount: '837.01', valueDate: '2026-03-20' });
    expect(writeOff.allocation).toEqual({
      principal: '803.97',
      interest: '8.04',
      fees: '25.00',
      accruedInterest: '0.00',
    });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(row).toMatchObject({
      status: 'WRITTEN_OFF',
      closedOn: '2026-03-20',
      principalOutstanding: '0.00',
      nextDueOn: null,
      nextDueAmount: null,
      totalPaid: '408.03',
      daysPastDue: 0,
    });
    expect(await admin().loans.position({ loanId: loan.id })).toMatchObject({
      status: 'WRITTEN_OFF',
      principalOutstanding: '0.00',
      daysPastDue: 0,
      nextDue: null,
    });
    // Closed: no reversal, no second write-off, no quote.
    expect((await refusalOf(reverse(loan.id, repayment.id))).code).toBe('CONFLICT');
    expect((await refusalOf(admin().loans.writeOff({ loanId: loan.id, reason: 'Again' }))).code).toBe(
      'CONFLICT',
    );
    expect((await refusalOf(admin().loans.payoffQuote({ loanId: loan.id }))).code).toBe('CONFLICT');
    expect(await admin().loans.transactions({ loanId: loan.id })).toHaveLength(3);
  });
});

describe('history', () => {
  it('writes DISBURSED, REPAID, PREPAID, PAID_OFF, REVERSED and WRITTEN_OFF rows, one per posting', async () => {
    const loan = await smallLoan();
    const repayment = await as('agent').loans.repay({
      loanId: loan.id,
      amount: '408.03',
      paidOn: '2026-02-10',
      idempotencyKey: newKey(),
    });
    const prepayment = await as('agent').loans.prepay({
      loanId: loan.id,
      amount: '100.00',
      paidOn: '2026-02-20',
      idempotencyKey: newKey(),
    });
    // On 2026-03-10 (installment 2's due date): its 7.40 + 400.63 (see the prepayment case above) and
    // installment 3's principal 303.34; nothing accrued in period 3 yet: 7.40 + 400.63 + 303.34 = 711.37.
    const quote = await admin().loans.payoffQuote({ loanId: loan.id, on: '2026-03-10' });
    expect(quote).toMatchObject({
      principal: '703.97',
      interest: '7.40',
      accruedInterest: '0.00',
      total: '711.37',
    });
    const paidOff = await payoff(loan.id, '711.37', '2026-03-10');
    const reversal = await reverse(loan.id, paidOff.id);
    // Written off on 2026-03-20: installment 2 unpaid past its fee date → fee 25.00 + interest 7.40;
    // principal 400.63 + 303.34 = 703.97; total 736.37.
    const writeOff = await admin().loans.writeOff({
      loanId: loan.id,
      reason: 'Fraud',
      writtenOffOn: '2026-03-20',
    });
    expect(writeOff).toMatchObject({ amount: '736.37' });
    expect(writeOff.allocation).toMatchObject({ fees: '25.00', interest: '7.40', principal: '703.97' });

    const history = await as('customer').loans.history({ loanId: loan.id });
    expect(history.map((entry) => entry.action)).toEqual([
      'CREATED',
      'FORWARDED',
      'APPROVED',
      'DISBURSED',
      'REPAID',
      'PREPAID',
      'PAID_OFF',
      'REVERSED',
      'WRITTEN_OFF',
    ]);
    expect(history.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [, , , disbursed, repaid, prepaid, paidOffRow, reversed, writtenOff] = history;
    const adminActor = { id: fixture.user('admin').id, role: 'admin' };
    const agentActor = { id: fixture.user('agent').id, role: 'agent' };
    expect(disbursed).toMatchObject({
      actor: adminActor,
      changes: { status: { from: 'APPROVED', to: 'ACTIVE' }, disbursedOn: { from: null, to: DISBURSED } },
    });
    expect(repaid).toMatchObject({
      actor: agentActor,
      changes: { transactionId: { to: repayment.id }, totalPaid: { from: '0.00', to: '408.03' } },
    });
    expect(prepaid).toMatchObject({ actor: agentActor, changes: { transactionId: { to: prepayment.id } } });
    expect(paidOffRow).toMatchObject({
      actor: adminActor,
      changes: { status: { from: 'ACTIVE', to: 'PAID_OFF' }, closedOn: { from: null, to: '2026-03-10' } },
    });
    expect(reversed).toMatchObject({ changes: { transactionId: { to: reversal.id } } });
    expect(writtenOff).toMatchObject({
      actor: adminActor,
      changes: { status: { from: 'ACTIVE', to: 'WRITTEN_OFF' }, transactionId: { to: writeOff.id } },
    });
    const { loan: row } = await expectLoanMatchesReplay(admin(), loan.id);
    expect(row.version).toBe(9);
  });
});
