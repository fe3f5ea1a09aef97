import type { TLoan } from '@loanbook/domain/loans';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TPrincipal } from '../src/modules/auth/principal';
import {
  activeLoan,
  addDays,
  addMonths,
  approvedLoan,
  daysFrom,
  expectLoanMatchesReplay,
  newKey,
  PRODUCT_12,
  postedColumns,
  SMALL_TERMS,
  todayUtc,
  useServicingFixture,
} from './support/servicing';

/**
 * Where loans stand, as lists and dashboards read it without replaying (docs/servicing.md §5, §6): the
 * servicing fields of `Loan` after each step, `daysPastDue` as of today, and the collections queue
 * (`loans.list({ arrears, sort: 'daysPastDue' })`): buckets, worst first, keyset pages. The loan: 1,200.00
 * at 12 % over 3 months (EMI 408.03; 12.00 / 396.03, 8.04 / 399.99, 4.04 / 403.98).
 */

const { fixture, as, admin } = useServicingFixture();

const servicingFields = (loan: TLoan) => ({
  ...postedColumns(loan),
  disbursedOn: loan.disbursedOn,
  daysPastDue: loan.daysPastDue,
  lateFee: loan.lateFee,
  lateFeeGraceDays: loan.lateFeeGraceDays,
});

describe('the servicing fields of a loan', () => {
  it('are null before disbursement and follow every posting', async () => {
    const created = await as('customer').loans.create(SMALL_TERMS);
    const unserviced = {
      status: 'NEW',
      closedOn: null,
      principalOutstanding: null,
      nextDueOn: null,
      nextDueAmount: null,
      totalPaid: '0.00',
      disbursedOn: null,
      daysPastDue: null,
      lateFee: '25.00',
      lateFeeGraceDays: 5,
    };
    expect(servicingFields(await as('customer').loans.get({ loanId: created.id }))).toEqual(unserviced);
    await as('agent').loans.forward({ loanId: created.id });
    const approved = await admin().loans.approve({ loanId: created.id });
    expect(servicingFields(approved)).toEqual({ ...unserviced, status: 'APPROVED' });

    const disbursed = await admin().loans.disburse({ loanId: created.id, disbursedOn: '2026-01-10' });
    const expected = {
      ...unserviced,
      status: 'ACTIVE',
      disbursedOn: '2026-01-10',
      principalOutstanding: '1200.00',
      nextDueOn: '2026-02-10',
      nextDueAmount: '408.03',
      daysPastDue: daysFrom('2026-02-10', todayUtc()),
    };
    expect(servicingFields(disbursed)).toEqual(expected);
    expect(servicingFields(await as('customer').loans.get({ loanId: created.id }))).toEqual(expected);
    expect(disbursed.version).toBe(approved.version + 1);

    // 500.00 on 02-10: installment 1 (12.00 + 396.03), then 91.97 ahead on installment 2 (8.04 + 83.93).
    await admin().loans.repay({
      loanId: created.id,
      amount: '500.00',
      paidOn: '2026-02-10',
      idempotencyKey: newKey(),
    });
    const repaid = await as('customer').loans.get({ loanId: created.id });
    expect(servicingFields(repaid)).toEqual({
      ...expected,
      principalOutstanding: '720.04', // 1200.00 − 396.03 − 83.93
      nextDueOn: '2026-03-10',
      nextDueAmount: '316.06', // 408.03 − 91.97
      totalPaid: '500.00',
      daysPastDue: daysFrom('2026-03-10', todayUtc()),
    });
    expect(repaid.version).toBe(disbursed.version + 1);

    // 803.97 + 4.02 accrued (803.97 · 0.01 · 14 / 28) − 91.97 credit = 716.02 on 02-24.
    await admin().loans.payoff({
      loanId: created.id,
      amount: '716.02',
      paidOn: '2026-02-24',
      idempotencyKey: newKey(),
    });
    const closed = await as('customer').loans.get({ loanId: created.id });
    expect(servicingFields(closed)).toEqual({
      ...expected,
      status: 'PAID_OFF',
      closedOn: '2026-02-24',
      principalOutstanding: '0.00',
      nextDueOn: null,
      nextDueAmount: null,
      totalPaid: '1216.02',
      daysPastDue: 0,
    });
    expect(closed.version).toBe(repaid.version + 1);
    await expectLoanMatchesReplay(admin(), created.id);
  });

  it('start today when the disbursement date is left out', async () => {
    const loan = await approvedLoan(as);
    const today = todayUtc();
    const disbursed = await admin().loans.disburse({ loanId: loan.id });
    expect(servicingFields(disbursed)).toMatchObject({
      status: 'ACTIVE',
      disbursedOn: today,
      nextDueOn: addMonths(today, 1),
      nextDueAmount: '408.03',
      daysPastDue: 0,
    });
    await expectLoanMatchesReplay(admin(), loan.id);
  });

  it("keep the product's late fee and grace days as they were when the loan was priced", async () => {
    await admin().loanProducts.create({ ...PRODUCT_12, code: 'SRV_SNAPSHOT', name: 'Snapshot' });
    const terms = { ...SMALL_TERMS, productCode: 'SRV_SNAPSHOT' };
    const before = await as('customer').loans.create(terms);
    await admin().loanProducts.update({ code: 'SRV_SNAPSHOT', lateFee: '40.00', lateFeeGraceDays: 10 });
    await as('agent').loans.forward({ loanId: before.id });
    await admin().loans.approve({ loanId: before.id });
    const disbursed = await admin().loans.disburse({ loanId: before.id, disbursedOn: '2026-01-10' });
    expect(disbursed).toMatchObject({ lateFee: '25.00', lateFeeGraceDays: 5 });
    // The snapshot drives the fee: 25.00 on 2026-02-16 (grace 5), not 40.00 on 2026-02-21 (grace 10).
    const p = await admin().loans.position({ loanId: before.id, asOf: '2026-02-16' });
    expect(p.installments[0]?.fee).toBe('25.00');
    const after = await as('customer').loans.create(terms);
    expect(after).toMatchObject({ lateFee: '40.00', lateFeeGraceDays: 10 });
  });
});

describe('days past due and the collections queue', () => {
  const today = todayUtc();
  let queueAgent: TPrincipal;
  /** id → days past due as of today, for the queue agent's active loans. */
  const expected = new Map<string, number>();
  let excluded: string[] = [];

  /** A loan of the queue agent whose oldest unpaid installment fell due `dpd` days ago. */
  async function lateLoan(dpd: number) {
    const due = addDays(today, -dpd);
    // Installment k + 1 is due addMonths(D, k + 1); the first k are paid on their due dates. Find a
    // disbursement date D that puts the oldest unpaid due date exactly on `due` (clamping rules some out).
    for (let paid = 0; paid <= 2; paid++) {
      for (let back = 27 * (paid + 1); back <= 31 * (paid + 1) + 1; back++) {
        const disbursedOn = addDays(due, -back);
        if (addMonths(disbursedOn, paid + 1) !== due) continue;
        const loan = await queueLoan(disbursedOn);
        for (let k = 1; k <= paid; k++) {
          await admin().loans.repay({
            loanId: loan.id,
            amount: '408.03',
            paidOn: addMonths(disbursedOn, k),
            idempotencyKey: newKey(),
          });
        }
        expected.set(loan.id, dpd);
        return loan;
      }
    }
    throw new Error(`no disbursement date puts a due date on ${due}`);
  }
  async function queueLoan(disbursedOn: string) {
    const loan = await as('otherCustomer').loans.create(SMALL_TERMS);
    await fixture.api.as(queueAgent).loans.forward({ loanId: loan.id });
    await admin().loans.approve({ loanId: loan.id });
    return admin().loans.disburse({ loanId: loan.id, disbursedOn });
  }
  const queue = async (input: {
    arrears?: 'ANY' | '1-30' | '31-60' | '61-90' | '90+';
    sort?: 'daysPastDue';
  }) =>
    (await admin().loans.list({ agentId: queueAgent.id, limit: 100, ...input })).items.map((loan) => loan.id);
  const worstFirst = (filter: (dpd: number) => boolean) =>
    [...expected]
      .filter(([, dpd]) => filter(dpd))
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => id);

  beforeAll(async () => {
    queueAgent = await fixture.api.createAccount('agent', 'APPROVED');
    for (const dpd of [1, 30, 31, 60, 61, 90, 91, 400]) await lateLoan(dpd);
    // Current: disbursed 10 days ago, first installment due in about three weeks.
    expected.set((await queueLoan(addDays(today, -10))).id, 0);
    // Not active, so never in the queue: paid off, written off, approved but not disbursed.
    const paidOff = await queueLoan('2026-01-10');
    await admin().loans.repay({
      loanId: paidOff.id,
      amount: '1224.08',
      paidOn: '2026-02-10',
      idempotencyKey: newKey(),
    });
    const writtenOff = await queueLoan('2026-01-10');
    await admin().loans.writeOff({ loanId: writtenOff.id, reason: 'Gone', writtenOffOn: '2026-06-01' });
    const approved = await approvedLoan(as, SMALL_TERMS, { customer: 'otherCustomer' });
    excluded = [paidOff.id, writtenOff.id, approved.id];
  });

  it('shows days past due as of today on the loan and in its position', async () => {
    for (const [loanId, dpd] of expected) {
      const loan = await admin().loans.get({ loanId });
      expect(loan.daysPastDue, `loan ${loanId}`).toBe(dpd);
      const p = await admin().loans.position({ loanId });
      const bucket =
        dpd === 0 ? 'CURRENT' : dpd <= 30 ? '1-30' : dpd <= 60 ? '31-60' : dpd <= 90 ? '61-90' : '90+';
      expect([p.daysPastDue, p.arrearsBucket]).toEqual([dpd, bucket]);
      await expectLoanMatchesReplay(admin(), loanId);
    }
  });

  it('files loans in buckets by days past due, bounds included, worst first', async () => {
    expect(await queue({ arrears: '1-30', sort: 'daysPastDue' })).toEqual(
      worstFirst((d) => d >= 1 && d <= 30),
    );
    expect(await queue({ arrears: '31-60', sort: 'daysPastDue' })).toEqual(
      worstFirst((d) => d >= 31 && d <= 60),
    );
    expect(await queue({ arrears: '61-90', sort: 'daysPastDue' })).toEqual(
      worstFirst((d) => d >= 61 && d <= 90),
    );
    expect(await queue({ arrears: '90+', sort: 'daysPastDue' })).toEqual(worstFirst((d) => d >= 91));
    const late = await queue({ arrears: 'ANY', sort: 'daysPastDue' });
    expect(late).toEqual(worstFirst((d) => d >= 1));
    expect(late).toHaveLength(8);
    // Sorted without a bucket: every active loan, the current one last; never a closed or undisbursed one.
    const active = await queue({ sort: 'daysPastDue' });
    expect(active).toEqual(worstFirst(() => true));
    for (const id of excluded) expect(active).not.toContain(id);
    // A bucket in the default order holds the same loans.
    expect((await queue({ arrears: '90+' })).sort()).toEqual(worstFirst((d) => d >= 91).sort());
  });

  it('moves a loan to a better bucket when a repayment is posted', async () => {
    const loan = await lateLoan(45);
    expect(await queue({ arrears: '31-60' })).toContain(loan.id);
    // Installment 1 paid on its due date: the oldest unpaid is installment 2, a month later.
    await admin().loans.repay({
      loanId: loan.id,
      amount: '408.03',
      paidOn: addDays(today, -45),
      idempotencyKey: newKey(),
    });
    const dpd = daysFrom(addMonths(loan.disbursedOn ?? '', 2), today);
    expected.set(loan.id, dpd);
    expect((await admin().loans.get({ loanId: loan.id })).daysPastDue).toBe(dpd);
    expect(await queue({ arrears: '31-60' })).not.toContain(loan.id);
    expect(await queue({ arrears: '1-30', sort: 'daysPastDue' })).toEqual(
      worstFirst((d) => d >= 1 && d <= 30),
    );
    await expectLoanMatchesReplay(admin(), loan.id);
  });

  it('pages the queue by keyset: limit 1, following nextCursor, gives the whole queue once, in order', async () => {
    const all = await queue({ arrears: 'ANY', sort: 'daysPastDue' });
    const paged: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await admin().loans.list({
        agentId: queueAgent.id,
        arrears: 'ANY',
        sort: 'daysPastDue',
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      expect(result.items.length).toBeLessThanOrEqual(1);
      paged.push(...result.items.map((loan) => loan.id));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(paged.length);
  });

  it('shows a customer only their own loans in the queue', async () => {
    const mine = await activeLoan(as, '2026-01-10');
    const seen = (await as('customer').loans.list({ arrears: 'ANY', sort: 'daysPastDue', limit: 100 })).items;
    expect(seen.map((loan) => loan.id)).toContain(mine.id);
    expect(seen.every((loan) => loan.customer.id === fixture.user('customer').id)).toBe(true);
  });
});
