import type { THistoryEntry, TLoan } from '@loanbook/domain/loans';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { type TSignedInName, usePrincipals } from './support/principals';

/**
 * Every loan transition through the procedures, allowed and refused, with the history each one leaves.
 * Expected money figures were computed independently (Python `decimal`, half-up per period), not with the
 * domain code under test.
 */

const fixture = usePrincipals();

const who = fixture.user;
const as = (name: TSignedInName) => fixture.api.as(who(name));

const sql = <T>(query: string, params: unknown[] = []) =>
  fixture.api.db.fork().getConnection().execute<T[]>(query, params);

/** The loan's database row and its history rows: both must be untouched by a refused request. */
async function snapshot(loanId: string) {
  const [loan] = await sql<Record<string, unknown>>('select * from loans where id = ?', [loanId]);
  const history = await sql<Record<string, unknown>>(
    "select * from history_entries where entity_type = 'loan' and entity_id = ? order by version",
    [loanId],
  );
  return { loan, history };
}

const HOME_10K_12 = { productCode: 'HOME', amount: '10000', termMonths: 12 } as const;

const applyFor = (customer: 'customer' | 'otherCustomer' = 'customer', terms: object = HOME_10K_12) =>
  as(customer).loans.create(terms as typeof HOME_10K_12);
const newLoan = () => applyFor();
const pendingLoan = async () => {
  const loan = await newLoan();
  return as('agent').loans.forward({ loanId: loan.id });
};
const approvedLoan = async () => as('admin').loans.approve({ loanId: (await pendingLoan()).id });
const rejectedLoan = async () =>
  as('admin').loans.reject({ loanId: (await pendingLoan()).id, reason: 'Affordability check failed' });
const withdrawnLoan = async () => as('customer').loans.withdraw({ loanId: (await newLoan()).id });

const historyOf = (loanId: string) => as('admin').loans.history({ loanId });
const actorOf = (name: TSignedInName) => {
  const principal = who(name);
  return { id: principal.id, username: principal.username, role: principal.role };
};

describe('loans.create', () => {
  it('creates a NEW loan at version 1, priced at the product rate, with one CREATED history row', async () => {
    const loan = await newLoan();
    expect(loan).toMatchObject({
      status: 'NEW',
      productCode: 'HOME',
      productName: 'Home loan',
      principal: '10000.00',
      annualRatePercent: '6.90',
      termMonths: 12,
      monthlyInstallment: '864.81',
      totalInterest: '377.67',
      totalPayable: '10377.67',
      customer: { id: who('customer').id, username: who('customer').username },
      agent: null,
      decidedBy: null,
      decidedAt: null,
      rejectionReason: null,
      version: 1,
    });

    const history = await historyOf(loan.id);
    expect(history).toHaveLength(1);
    const [created] = history;
    expect(created).toMatchObject({ version: 1, action: 'CREATED', actor: actorOf('customer') });
    expect(created?.changes).toMatchObject({
      status: { from: null, to: 'NEW' },
      productCode: { from: null, to: 'HOME' },
      principal: { from: null, to: '10000.00' },
      termMonths: { from: null, to: 12 },
      monthlyInstallment: { from: null, to: '864.81' },
      totalPayable: { from: null, to: '10377.67' },
      customerId: { from: null, to: who('customer').id },
    });
    // Unchanged (null → null) fields are not listed.
    expect(created?.changes).not.toHaveProperty('agentId');
    expect(created?.changes).not.toHaveProperty('decidedAt');
  });

  it("shows its customer the schedule, consistent with the loan's totals", async () => {
    const loan = await newLoan();
    const detail = await as('customer').loans.get({ loanId: loan.id });
    expect(detail.schedule).toHaveLength(12);
    expect(detail.schedule[0]).toEqual({
      period: 1,
      installment: '864.81',
      interest: '57.50',
      principal: '807.31',
      balance: '9192.69',
    });
    expect(detail.schedule.at(-1)).toEqual({
      period: 12,
      installment: '864.76',
      interest: '4.94',
      principal: '859.82',
      balance: '0.00',
    });
    const sum = (key: 'installment' | 'principal' | 'interest') =>
      detail.schedule.reduce((total, row) => total.plus(row[key]), new Decimal(0)).toFixed(2);
    expect(sum('installment')).toBe(detail.totalPayable);
    expect(sum('interest')).toBe(detail.totalInterest);
    expect(sum('principal')).toBe(detail.principal);
  });
});

describe('loans.openForCustomer', () => {
  it('opens a PENDING loan with the agent as its agent, recorded as CREATED by the agent', async () => {
    const loan = await as('agent').loans.openForCustomer({ customerId: who('customer').id, ...HOME_10K_12 });
    expect(loan).toMatchObject({
      status: 'PENDING',
      customer: { id: who('customer').id },
      agent: { id: who('agent').id, username: who('agent').username },
      version: 1,
    });
    const history = await historyOf(loan.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, action: 'CREATED', actor: actorOf('agent') });
    expect(history[0]?.changes).toMatchObject({
      status: { from: null, to: 'PENDING' },
      agentId: { from: null, to: who('agent').id },
      customerId: { from: null, to: who('customer').id },
    });
    // The customer sees the loan opened on their behalf as their own.
    await expect(as('customer').loans.get({ loanId: loan.id })).resolves.toMatchObject({ id: loan.id });
  });
});

describe('loans.forward', () => {
  it('moves a NEW loan to PENDING, records the agent and writes exactly one FORWARDED row', async () => {
    const loan = await newLoan();
    const forwarded = await as('agent').loans.forward({ loanId: loan.id });
    expect(forwarded).toMatchObject({
      status: 'PENDING',
      agent: { id: who('agent').id, username: who('agent').username },
      version: 2,
    });
    const history = await historyOf(loan.id);
    expect(history.map((entry) => [entry.version, entry.action])).toEqual([
      [1, 'CREATED'],
      [2, 'FORWARDED'],
    ]);
    expect(history[1]?.actor).toEqual(actorOf('agent'));
    expect(history[1]?.changes).toEqual({
      status: { from: 'NEW', to: 'PENDING' },
      agentId: { from: null, to: who('agent').id },
    });
  });
});

describe('loans.update', () => {
  it('re-prices an edited NEW loan and records each changed field from → to', async () => {
    const loan = await newLoan();
    const edited = await as('agent').loans.update({ loanId: loan.id, expectedVersion: 1, amount: '12000' });
    expect(edited).toMatchObject({
      status: 'NEW',
      principal: '12000.00',
      annualRatePercent: '6.90',
      monthlyInstallment: '1037.77',
      totalInterest: '453.22',
      totalPayable: '12453.22',
      // Editing a NEW loan does not claim it: only forwarding does.
      agent: null,
      version: 2,
    });
    const history = await historyOf(loan.id);
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({ version: 2, action: 'UPDATED', actor: actorOf('agent') });
    expect(history[1]?.changes).toEqual({
      principal: { from: '10000.00', to: '12000.00' },
      monthlyInstallment: { from: '864.81', to: '1037.77' },
      totalInterest: { from: '377.67', to: '453.22' },
      totalPayable: { from: '10377.67', to: '12453.22' },
    });
  });

  it("re-prices at the product's current rate; a loan that is not edited keeps its rate snapshot", async () => {
    await as('admin').loanProducts.create({
      code: 'REPRICE',
      name: 'Re-pricing test loan',
      annualRatePercent: '8.00',
      minAmount: '1000',
      maxAmount: '50000',
      minTermMonths: 6,
      maxTermMonths: 60,
    });
    const terms = { productCode: 'REPRICE', amount: '10000', termMonths: 24 };
    const edited = await applyFor('customer', terms);
    const untouched = await applyFor('customer', terms);
    expect(edited).toMatchObject({ annualRatePercent: '8.00', monthlyInstallment: '452.27' });

    await as('admin').loanProducts.update({ code: 'REPRICE', annualRatePercent: '9.50' });

    const repriced = await as('agent').loans.update({
      loanId: edited.id,
      expectedVersion: 1,
      amount: '12000',
    });
    expect(repriced).toMatchObject({
      principal: '12000.00',
      annualRatePercent: '9.50',
      monthlyInstallment: '550.97',
      totalInterest: '1223.37',
      totalPayable: '13223.37',
    });
    const quote = await fixture.api
      .as(null)
      .loans.quote({ productCode: 'REPRICE', amount: '12000', termMonths: 24 });
    expect(quote).toMatchObject({
      annualRatePercent: repriced.annualRatePercent,
      monthlyInstallment: repriced.monthlyInstallment,
      totalPayable: repriced.totalPayable,
    });
    const [, updated] = await historyOf(edited.id);
    expect(updated?.changes).toMatchObject({
      principal: { from: '10000.00', to: '12000.00' },
      annualRatePercent: { from: '8.00', to: '9.50' },
      monthlyInstallment: { from: '452.27', to: '550.97' },
    });

    const snapshotLoan = await as('admin').loans.get({ loanId: untouched.id });
    expect(snapshotLoan).toMatchObject({
      annualRatePercent: '8.00',
      monthlyInstallment: '452.27',
      totalInterest: '854.55',
      totalPayable: '10854.55',
      version: 1,
    });
    // The schedule of the untouched loan still runs at 8 %: 10,000 × 8 / 1200 = 66.67 interest.
    expect(snapshotLoan.schedule[0]).toMatchObject({ interest: '66.67', principal: '385.60' });
  });

  it('re-prices a change of product at the new product rate', async () => {
    const loan = await newLoan();
    const moved = await as('otherAgent').loans.update({
      loanId: loan.id,
      expectedVersion: 1,
      productCode: 'CAR',
    });
    expect(moved).toMatchObject({
      productCode: 'CAR',
      productName: 'Car loan',
      annualRatePercent: '7.25',
      principal: '10000.00',
      monthlyInstallment: '866.42',
      totalPayable: '10397.06',
    });
    const [, updated] = await historyOf(loan.id);
    expect(updated?.changes).toMatchObject({
      productCode: { from: 'HOME', to: 'CAR' },
      annualRatePercent: { from: '6.90', to: '7.25' },
    });
    expect(updated?.changes).not.toHaveProperty('principal');
  });

  it('lets the agent who forwarded a PENDING loan edit it; the loan stays PENDING and theirs', async () => {
    const loan = await pendingLoan();
    const edited = await as('agent').loans.update({ loanId: loan.id, expectedVersion: 2, termMonths: 24 });
    expect(edited).toMatchObject({
      status: 'PENDING',
      termMonths: 24,
      monthlyInstallment: '447.27',
      agent: { id: who('agent').id },
      version: 3,
    });
    const history = await historyOf(loan.id);
    expect(history.map((entry) => entry.action)).toEqual(['CREATED', 'FORWARDED', 'UPDATED']);
    expect(history[2]?.changes.termMonths).toEqual({ from: 12, to: 24 });
  });
});

describe('loans.withdraw', () => {
  it.each([
    ['NEW', newLoan],
    ['PENDING', pendingLoan],
  ] as const)('lets the customer withdraw their own %s loan', async (status, create) => {
    const loan = await create();
    expect(loan.status).toBe(status);
    const withdrawn = await as('customer').loans.withdraw({ loanId: loan.id });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', version: loan.version + 1 });
    const history = await historyOf(loan.id);
    expect(history.at(-1)).toMatchObject({
      version: loan.version + 1,
      action: 'WITHDRAWN',
      actor: actorOf('customer'),
      changes: { status: { from: status, to: 'WITHDRAWN' } },
    });
    expect(Object.keys(history.at(-1)?.changes ?? {})).toEqual(['status']);
  });
});

describe('loans.approve and loans.reject', () => {
  it('approves a PENDING loan: decidedBy and decidedAt set, one APPROVED row by the admin', async () => {
    const loan = await pendingLoan();
    const before = Date.now();
    const approved = await as('admin').loans.approve({ loanId: loan.id });
    const after = Date.now();
    expect(approved).toMatchObject({
      status: 'APPROVED',
      decidedBy: { id: who('admin').id, username: who('admin').username },
      rejectionReason: null,
      agent: { id: who('agent').id },
      version: 3,
    });
    const decidedAt = Date.parse(approved.decidedAt ?? '');
    expect(decidedAt).toBeGreaterThanOrEqual(before);
    expect(decidedAt).toBeLessThanOrEqual(after);
    const history = await historyOf(loan.id);
    expect(history).toHaveLength(3);
    expect(history[2]).toMatchObject({ version: 3, action: 'APPROVED', actor: actorOf('admin') });
    expect(history[2]?.changes).toEqual({
      status: { from: 'PENDING', to: 'APPROVED' },
      decidedById: { from: null, to: who('admin').id },
      decidedAt: { from: null, to: approved.decidedAt },
    });
  });

  it('rejects a PENDING loan with its reason', async () => {
    const loan = await pendingLoan();
    const rejected = await as('admin').loans.reject({ loanId: loan.id, reason: '  Income not verified ' });
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Income not verified',
      decidedBy: { id: who('admin').id },
      version: 3,
    });
    expect(rejected.decidedAt).not.toBeNull();
    const history = await historyOf(loan.id);
    expect(history[2]).toMatchObject({ version: 3, action: 'REJECTED', actor: actorOf('admin') });
    expect(history[2]?.changes).toMatchObject({
      status: { from: 'PENDING', to: 'REJECTED' },
      rejectionReason: { from: null, to: 'Income not verified' },
      decidedById: { from: null, to: who('admin').id },
    });
  });

  it.each([
    ['no reason', {}],
    ['an empty reason', { reason: '' }],
    ['a blank reason', { reason: '   ' }],
  ])('refuses a rejection with %s (400) and changes nothing', async (_case, extra) => {
    const loan = await pendingLoan();
    const before = await snapshot(loan.id);
    const input = { loanId: loan.id, ...extra } as { loanId: string; reason: string };
    await expect(as('admin').loans.reject(input)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await snapshot(loan.id)).toEqual(before);
  });
});

type TLoanFactory = () => Promise<TLoan>;

/** [what, the loan it starts from, the refused call, code, message]. */
const REFUSED: ReadonlyArray<[string, TLoanFactory, (loan: TLoan) => Promise<unknown>, string, RegExp]> = [
  [
    'approving a NEW loan',
    newLoan,
    (loan) => as('admin').loans.approve({ loanId: loan.id }),
    'CONFLICT',
    /^Cannot approve a loan that is NEW: only PENDING loans can be decided$/,
  ],
  [
    'rejecting a NEW loan',
    newLoan,
    (loan) => as('admin').loans.reject({ loanId: loan.id, reason: 'no' }),
    'CONFLICT',
    /^Cannot reject a loan that is NEW: only PENDING loans can be decided$/,
  ],
  [
    'approving an APPROVED loan again',
    approvedLoan,
    (loan) => as('admin').loans.approve({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is APPROVED and can no longer be changed$/,
  ],
  [
    'rejecting an APPROVED loan',
    approvedLoan,
    (loan) => as('admin').loans.reject({ loanId: loan.id, reason: 'changed my mind' }),
    'CONFLICT',
    /^This loan is APPROVED and can no longer be changed$/,
  ],
  [
    'approving a REJECTED loan',
    rejectedLoan,
    (loan) => as('admin').loans.approve({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is REJECTED and can no longer be changed$/,
  ],
  [
    'rejecting a REJECTED loan again',
    rejectedLoan,
    (loan) => as('admin').loans.reject({ loanId: loan.id, reason: 'twice' }),
    'CONFLICT',
    /^This loan is REJECTED and can no longer be changed$/,
  ],
  [
    'approving a WITHDRAWN loan',
    withdrawnLoan,
    (loan) => as('admin').loans.approve({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is WITHDRAWN and can no longer be changed$/,
  ],
  [
    'its own agent editing an APPROVED loan',
    approvedLoan,
    (loan) => as('agent').loans.update({ loanId: loan.id, expectedVersion: loan.version, amount: '11000' }),
    'CONFLICT',
    /^This loan is APPROVED and can no longer be changed$/,
  ],
  [
    'its own agent editing a REJECTED loan',
    rejectedLoan,
    (loan) => as('agent').loans.update({ loanId: loan.id, expectedVersion: loan.version, termMonths: 24 }),
    'CONFLICT',
    /^This loan is REJECTED and can no longer be changed$/,
  ],
  [
    'an agent editing a WITHDRAWN loan',
    withdrawnLoan,
    (loan) => as('agent').loans.update({ loanId: loan.id, expectedVersion: loan.version, amount: '11000' }),
    'CONFLICT',
    /^This loan is WITHDRAWN and can no longer be changed$/,
  ],
  [
    "another agent editing an agent's PENDING loan",
    pendingLoan,
    (loan) => as('otherAgent').loans.update({ loanId: loan.id, expectedVersion: 2, amount: '11000' }),
    'CONFLICT',
    /^Only the agent who forwarded this loan can edit it$/,
  ],
  [
    "another agent forwarding an agent's PENDING loan (taking it over)",
    pendingLoan,
    (loan) => as('otherAgent').loans.forward({ loanId: loan.id }),
    'CONFLICT',
    /^This loan was already forwarded by another agent$/,
  ],
  [
    'its agent forwarding a PENDING loan again',
    pendingLoan,
    (loan) => as('agent').loans.forward({ loanId: loan.id }),
    'CONFLICT',
    /^This loan was already forwarded$/,
  ],
  [
    'forwarding an APPROVED loan',
    approvedLoan,
    (loan) => as('otherAgent').loans.forward({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is APPROVED and can no longer be changed$/,
  ],
  [
    'forwarding a WITHDRAWN loan',
    withdrawnLoan,
    (loan) => as('agent').loans.forward({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is WITHDRAWN and can no longer be changed$/,
  ],
  [
    'withdrawing an APPROVED loan',
    approvedLoan,
    (loan) => as('customer').loans.withdraw({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is APPROVED and can no longer be changed$/,
  ],
  [
    'withdrawing a REJECTED loan',
    rejectedLoan,
    (loan) => as('customer').loans.withdraw({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is REJECTED and can no longer be changed$/,
  ],
  [
    'withdrawing a WITHDRAWN loan again',
    withdrawnLoan,
    (loan) => as('customer').loans.withdraw({ loanId: loan.id }),
    'CONFLICT',
    /^This loan is WITHDRAWN and can no longer be changed$/,
  ],
  [
    "a customer withdrawing another customer's NEW loan",
    newLoan,
    (loan) => as('otherCustomer').loans.withdraw({ loanId: loan.id }),
    'NOT_FOUND',
    /^Loan not found$/,
  ],
  [
    "a customer withdrawing another customer's PENDING loan",
    pendingLoan,
    (loan) => as('otherCustomer').loans.withdraw({ loanId: loan.id }),
    'NOT_FOUND',
    /^Loan not found$/,
  ],
  [
    'an edit with a stale expectedVersion',
    async () => {
      const loan = await newLoan();
      return as('agent').loans.update({ loanId: loan.id, expectedVersion: 1, termMonths: 24 });
    },
    (loan) => as('otherAgent').loans.update({ loanId: loan.id, expectedVersion: 1, amount: '11000' }),
    'CONFLICT',
    /^This loan was changed by someone else \(you edited version 1, it is now at version 2\): reload it and try again$/,
  ],
  [
    'an edit with an expectedVersion from the future',
    newLoan,
    (loan) => as('agent').loans.update({ loanId: loan.id, expectedVersion: 5, amount: '11000' }),
    'CONFLICT',
    /you edited version 5, it is now at version 1/,
  ],
  [
    "its own agent's edit of a PENDING loan with a stale expectedVersion",
    pendingLoan,
    (loan) => as('agent').loans.update({ loanId: loan.id, expectedVersion: 1, amount: '11000' }),
    'CONFLICT',
    /you edited version 1, it is now at version 2/,
  ],
];

describe('refused transitions leave the loan and its history untouched', () => {
  it.each(REFUSED)('%s', async (_what, start, call, code, message) => {
    const loan = await start();
    const before = await snapshot(loan.id);
    expect(before.loan).toBeDefined();
    expect(before.history).toHaveLength(loan.version);

    const refusal = call(loan);
    await expect(refusal).rejects.toMatchObject({ code });
    await expect(refusal).rejects.toThrow(message);

    expect(await snapshot(loan.id)).toEqual(before);
  });

  it('answers NOT_FOUND for a loan id that does not exist, for every loan command', async () => {
    const loanId = crypto.randomUUID();
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['forward', () => as('agent').loans.forward({ loanId })],
      ['update', () => as('agent').loans.update({ loanId, expectedVersion: 1, amount: '11000' })],
      ['withdraw', () => as('customer').loans.withdraw({ loanId })],
      ['approve', () => as('admin').loans.approve({ loanId })],
      ['reject', () => as('admin').loans.reject({ loanId, reason: 'no' })],
      ['get', () => as('admin').loans.get({ loanId })],
      ['history', () => as('admin').loans.history({ loanId })],
    ];
    for (const [name, call] of calls) {
      await expect(call(), name).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Loan not found' });
    }
    const [row] = await sql<{ n: number }>(
      'select count(*)::int as n from history_entries where entity_id = ?',
      [loanId],
    );
    expect(row?.n).toBe(0);
  });
});

describe('history', () => {
  it('records a whole life as versions 1..n whose changes chain from → to into the final loan', async () => {
    const loan = await newLoan();
    const steps: Array<() => Promise<TLoan>> = [
      () => as('agent').loans.update({ loanId: loan.id, expectedVersion: 1, amount: '12000' }),
      () => as('otherAgent').loans.update({ loanId: loan.id, expectedVersion: 2, termMonths: 24 }),
      () => as('agent').loans.forward({ loanId: loan.id }),
      () => as('agent').loans.update({ loanId: loan.id, expectedVersion: 4, amount: 15000 }),
      () => as('admin').loans.approve({ loanId: loan.id }),
    ];
    let final = loan;
    for (const step of steps) final = await step();
    expect(final).toMatchObject({
      status: 'APPROVED',
      principal: '15000.00',
      termMonths: 24,
      monthlyInstallment: '670.91',
      totalPayable: '16101.84',
      version: 6,
    });

    const history = await as('customer').loans.history({ loanId: loan.id });
    expect(history.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.map((entry) => [entry.action, entry.actor.role, entry.actor.username])).toEqual([
      ['CREATED', 'customer', who('customer').username],
      ['UPDATED', 'agent', who('agent').username],
      ['UPDATED', 'agent', who('otherAgent').username],
      ['FORWARDED', 'agent', who('agent').username],
      ['UPDATED', 'agent', who('agent').username],
      // Borrowers see admins as the lending team, never by their login name; staff see the name.
      ['APPROVED', 'admin', 'Lending team'],
    ]);
    const asStaff = await as('admin').loans.history({ loanId: loan.id });
    expect(asStaff.at(-1)?.actor.username).toBe(who('admin').username);
    expect(history[1]?.changes.principal).toEqual({ from: '10000.00', to: '12000.00' });
    expect(history[2]?.changes.termMonths).toEqual({ from: 12, to: 24 });
    expect(history[4]?.changes.principal).toEqual({ from: '12000.00', to: '15000.00' });
    const times = history.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(history.every((entry) => entry.at.endsWith('Z'))).toBe(true);

    const home = (await as('customer').loanProducts.list()).find((product) => product.code === 'HOME');
    expect(home).toMatchObject({ lateFee: '25.00', lateFeeGraceDays: 5 });
    // Each `from` is the previous `to`, and replaying every change gives the loan as it is now.
    const state: Record<string, THistoryEntry['changes'][string]['to']> = {};
    for (const entry of history) {
      for (const [field, change] of Object.entries(entry.changes)) {
        expect(change.from, `v${entry.version} ${field}`).toEqual(state[field] ?? null);
        expect(change.to, `v${entry.version} ${field}`).not.toEqual(change.from);
        state[field] = change.to;
      }
    }
    expect(state).toEqual({
      status: final.status,
      productCode: final.productCode,
      principal: final.principal,
      annualRatePercent: final.annualRatePercent,
      termMonths: final.termMonths,
      monthlyInstallment: final.monthlyInstallment,
      totalInterest: final.totalInterest,
      totalPayable: final.totalPayable,
      customerId: final.customer.id,
      agentId: final.agent?.id,
      decidedById: final.decidedBy?.id,
      decidedAt: final.decidedAt,
      // Snapshots of the product's late fee terms, taken when the loan was priced (servicing.md §3).
      lateFee: home?.lateFee,
      lateFeeGraceDays: home?.lateFeeGraceDays,
    });
  });

  it.each([
    ['UPDATE', "update history_entries set action = 'APPROVED'"],
    ['DELETE', 'delete from history_entries'],
    ['TRUNCATE', 'truncate history_entries'],
  ])('is append-only: the database refuses %s', async (operation, statement) => {
    await newLoan();
    const before = await sql<Record<string, unknown>>('select * from history_entries order by id');
    await expect(sql(statement)).rejects.toThrow(
      `history_entries is append-only: ${operation} is not allowed`,
    );
    expect(await sql('select * from history_entries order by id')).toEqual(before);
  });

  // Last in the file: covers every loan the tests above created, refused requests included.
  it("keeps every loan's version equal to its number of history rows, numbered 1..n", async () => {
    const rows = await sql<{ id: string; version: number; versions: number[] }>(
      `select l.id, l.version,
         coalesce((select array_agg(h.version order by h.version) from history_entries h
                   where h.entity_type = 'loan' and h.entity_id = l.id::text), '{}') as versions
       from loans l`,
    );
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) {
      expect(row.versions, row.id).toEqual(Array.from({ length: row.version }, (_, i) => i + 1));
    }
  });
});
