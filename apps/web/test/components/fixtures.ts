import type { THistoryEntryView, TLoanDetailView } from '../../src/lib/trpc';

export const CUSTOMER_ID = '0b7a4a52-3333-4333-8333-333333333333';
export const AGENT_ID = '0b7a4a52-4444-4444-8444-444444444444';
export const LOAN_ID = '0b7a4a52-5555-4555-8555-555555555555';

/** A loan as `loans.get` returns it (NEW, no agent yet), with fields overridable. */
export function loanDetail(overrides: Partial<TLoanDetailView> = {}): TLoanDetailView {
  return {
    id: LOAN_ID,
    status: 'NEW',
    productCode: 'CAR',
    productName: 'Car loan',
    principal: '30000.00',
    annualRatePercent: '7.50',
    termMonths: 48,
    monthlyInstallment: '725.37',
    totalInterest: '4817.76',
    totalPayable: '34817.76',
    customer: { id: CUSTOMER_ID, username: 'walkagent_mx4aha53' },
    agent: null,
    rejectionReason: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    version: 1,
    lateFee: '25.00',
    lateFeeGraceDays: 5,
    disbursedOn: null,
    closedOn: null,
    principalOutstanding: null,
    nextDueOn: null,
    nextDueAmount: null,
    totalPaid: '0.00',
    daysPastDue: null,
    schedule: [
      { period: 1, installment: '725.37', interest: '187.50', principal: '537.87', balance: '29462.13' },
    ],
    ...overrides,
  };
}

export const CREATED: THistoryEntryView = {
  version: 1,
  action: 'CREATED',
  at: '2026-03-01T09:00:00.000Z',
  actor: { id: CUSTOMER_ID, username: 'walkagent_mx4aha53', role: 'customer' },
  changes: { status: { from: null, to: 'NEW' } },
};
