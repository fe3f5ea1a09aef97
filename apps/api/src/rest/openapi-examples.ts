import type { TUser, ZLoginResult, ZUserPage } from '@loanbook/domain/accounts';
import type { THistoryEntry, TLoan, TLoanDetail, TQuote, ZLoanPage } from '@loanbook/domain/loans';
import { computeLoanFigures } from '@loanbook/domain/money';
import { encodeCursor } from '@loanbook/domain/pagination';
import type { TLoanProduct } from '@loanbook/domain/products';
import {
  computePosition,
  quotePayoff,
  quoteWriteOff,
  replayLedger,
  type TLedgerInput,
  type TLedgerTransaction,
  type TLoanTransaction,
  type TPortfolioSummary,
  type TPosting,
  validatePosting,
} from '@loanbook/domain/servicing';
import type { z } from 'zod';
import { NEW_PRODUCT_EXAMPLE } from '../modules/products/loan-products.router';
import { EXAMPLE_IDS } from './route';

/*
 * The success examples of the OpenAPI document, one per procedure: one story, told with the domain's own
 * functions so that every figure agrees with every other (the schedule with the quote, the position and
 * the payoff with the transactions). alice applies for a 12-month HOME loan of 10,000.00 at 6.90 %;
 * bob.agent forwards it; an admin approves it; it is disbursed on 2026-03-05, bob.agent records the first
 * installment on 2026-04-05, and the servicing examples look at it on 2026-04-20. Written by hand, a
 * figure would drift from the rules the first time one changed; test/openapi-lint.test.ts validates
 * each example against the schema it illustrates.
 */

const ADMIN_ID = '5c4b3a29-1807-4f6e-9d5c-4b3a29180706';
const DISBURSEMENT_ID = '7e6d5c4b-3a29-4180-8f6e-5d4c3b2a1908';
const POSTING_ID = '3f2e1d0c-9b8a-4776-a554-43322110ffee';
const TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5YThiN2M2ZC01ZTRmLTRhM2ItOGMyZC0xZTBmOWE4YjdjNmQifQ.' +
  'c2lnbmF0dXJlLW9mLXRoZS1leGFtcGxlLXRva2Vu';

const alice: TUser = {
  id: EXAMPLE_IDS.customer,
  username: 'alice',
  email: 'alice@example.com',
  phone: null,
  role: 'customer',
  status: 'ACTIVE',
  createdAt: '2026-03-02T09:15:00.000Z',
};
const bob: TUser = {
  id: EXAMPLE_IDS.agent,
  username: 'bob.agent',
  email: 'bob@example.com',
  phone: '+44 20 7946 0018',
  role: 'agent',
  status: 'APPROVED',
  createdAt: '2026-02-20T08:00:00.000Z',
};
const ref = ({ id, username }: { id: string; username: string }) => ({ id, username });
const admin = { id: ADMIN_ID, username: 'admin' };

const HOME: TLoanProduct = {
  code: 'HOME',
  name: 'Home loan',
  annualRatePercent: '6.90',
  minAmount: '10000.00',
  maxAmount: '2000000.00',
  minTermMonths: 12,
  maxTermMonths: 360,
  active: true,
  lateFee: '25.00',
  lateFeeGraceDays: 5,
};

/** The quote of an amount and a term of the HOME product, as `loans.quote` answers it. */
const quoteOf = (principal: string, termMonths: number): TQuote => ({
  productCode: HOME.code,
  annualRatePercent: HOME.annualRatePercent,
  principal,
  termMonths,
  ...computeLoanFigures({ principal, annualRatePercent: HOME.annualRatePercent, termMonths }),
});
const QUOTE = quoteOf('10000.00', 12);

const DISBURSED_ON = '2026-03-05';
const REPAID_ON = '2026-04-05';
const AS_OF = '2026-04-20';

const terms = {
  principal: QUOTE.principal,
  annualRatePercent: QUOTE.annualRatePercent,
  termMonths: QUOTE.termMonths,
  lateFee: HOME.lateFee,
  lateFeeGraceDays: HOME.lateFeeGraceDays,
};
const disbursement: TLedgerTransaction = {
  id: DISBURSEMENT_ID,
  type: 'DISBURSEMENT',
  amount: QUOTE.principal,
  valueDate: DISBURSED_ON,
  seq: 1,
};
const repayment: TLedgerTransaction = {
  id: EXAMPLE_IDS.transaction,
  type: 'REPAYMENT',
  amount: QUOTE.monthlyInstallment,
  valueDate: REPAID_ON,
  seq: 2,
};
const LEDGER_INPUT: TLedgerInput = {
  terms,
  disbursedOn: DISBURSED_ON,
  transactions: [disbursement, repayment],
};
const ledger = replayLedger(LEDGER_INPUT, { asOf: AS_OF });
/** The loan's posted columns the day it was disbursed. */
const disbursed = replayLedger({ ...LEDGER_INPUT, transactions: [disbursement] }, { asOf: DISBURSED_ON });

/** A NEW loan of alice's with the figures of `quote`, then overridden by `changes`. */
const loanOf = (quote: TQuote, changes: Partial<TLoan>): TLoan => {
  const { schedule: _schedule, ...priced } = quote;
  const { productCode, annualRatePercent, principal, termMonths } = priced;
  return {
    id: EXAMPLE_IDS.loan,
    status: 'NEW',
    productCode,
    productName: HOME.name,
    principal,
    annualRatePercent,
    termMonths,
    monthlyInstallment: priced.monthlyInstallment,
    totalInterest: priced.totalInterest,
    totalPayable: priced.totalPayable,
    customer: ref(alice),
    agent: null,
    rejectionReason: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: '2026-03-02T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    version: 1,
    lateFee: HOME.lateFee,
    lateFeeGraceDays: HOME.lateFeeGraceDays,
    disbursedOn: null,
    closedOn: null,
    principalOutstanding: null,
    nextDueOn: null,
    nextDueAmount: null,
    totalPaid: '0.00',
    daysPastDue: null,
    ...changes,
  };
};

const NEW_LOAN = loanOf(QUOTE, {});
const FORWARDED = {
  status: 'PENDING',
  agent: ref(bob),
  updatedAt: '2026-03-03T11:20:00.000Z',
  version: 2,
} as const;
const PENDING_LOAN = loanOf(QUOTE, FORWARDED);
const DECIDED = {
  decidedBy: admin,
  decidedAt: '2026-03-04T14:30:00.000Z',
  updatedAt: '2026-03-04T14:30:00.000Z',
};
const APPROVED_LOAN = loanOf(QUOTE, { ...FORWARDED, ...DECIDED, status: 'APPROVED', version: 3 });
const ACTIVE_LOAN = loanOf(QUOTE, {
  ...FORWARDED,
  ...DECIDED,
  status: 'ACTIVE',
  updatedAt: '2026-04-05T10:12:00.000Z',
  version: 5,
  disbursedOn: DISBURSED_ON,
  principalOutstanding: ledger.principalOutstanding,
  nextDueOn: ledger.nextDueOn,
  nextDueAmount: ledger.nextDueAmount,
  totalPaid: ledger.totalPaid,
  daysPastDue: 0,
});
const ACTIVE_LOAN_DETAIL: TLoanDetail = { ...ACTIVE_LOAN, schedule: QUOTE.schedule };

const allocationOf = (id: string) => {
  const applied = ledger.applied.find((transaction) => transaction.id === id);
  if (!applied) throw new Error(`The example ledger did not apply ${id}`);
  return applied.allocation;
};

/** A transaction as the API lists it; money postings are recorded by bob.agent, the rest by the admin. */
const listed = (
  transaction: Omit<TLedgerTransaction, 'seq'>,
  allocation: TLoanTransaction['allocation'],
  reference: string | null = null,
): TLoanTransaction => ({
  id: transaction.id,
  loanId: EXAMPLE_IDS.loan,
  type: transaction.type,
  amount: transaction.amount,
  valueDate: transaction.valueDate,
  recordedAt: `${transaction.valueDate}T10:12:00.000Z`,
  recordedBy:
    transaction.type === 'REPAYMENT' || transaction.type === 'PREPAYMENT' || transaction.type === 'PAYOFF'
      ? { ...ref(bob), role: bob.role }
      : { ...admin, role: 'admin' },
  reference,
  reduce: transaction.reduce ?? null,
  allocation,
  reverses: transaction.reverses ?? null,
  reversedBy: null,
});

const REPAYMENT = listed(repayment, allocationOf(repayment.id), 'Bank transfer 4471');

/** A new posting on 2026-04-20, where the domain puts its money (as the service does before storing it). */
const posted = (posting: TPosting & { id: string }) => {
  const { transaction, allocation } = validatePosting(LEDGER_INPUT, posting, AS_OF);
  return listed(transaction, allocation);
};

const NO_ALLOCATION = { principal: '0.00', interest: '0.00', fees: '0.00', accruedInterest: '0.00' };

const page = <T extends { id: string; createdAt: string }>(items: T[], more: boolean) => ({
  items,
  nextCursor: more ? encodeCursor({ at: items.at(-1)?.createdAt ?? '', id: items.at(-1)?.id ?? '' }) : null,
});

const pendingAgent: TUser = { ...bob, status: 'PENDING' };
const userPage = (users: TUser[]): z.infer<typeof ZUserPage> => page(users, false);

const loginResult: z.infer<typeof ZLoginResult> = {
  token: TOKEN,
  expiresAt: '2026-03-02T10:15:00.000Z',
  user: alice,
};

const history: THistoryEntry[] = [
  {
    version: 1,
    action: 'CREATED',
    at: NEW_LOAN.createdAt,
    actor: { ...ref(alice), role: 'customer' },
    changes: {},
  },
  {
    version: 2,
    action: 'FORWARDED',
    at: FORWARDED.updatedAt,
    actor: { ...ref(bob), role: 'agent' },
    changes: { status: { from: 'NEW', to: 'PENDING' }, agent: { from: null, to: bob.username } },
  },
  {
    version: 3,
    action: 'APPROVED',
    at: DECIDED.decidedAt,
    actor: { ...admin, role: 'admin' },
    changes: { status: { from: 'PENDING', to: 'APPROVED' } },
  },
];

const loanPage: z.infer<typeof ZLoanPage> = page([ACTIVE_LOAN], true);

const payoffQuote = quotePayoff(LEDGER_INPUT, AS_OF);
const writeOffTotal = quoteWriteOff(LEDGER_INPUT, AS_OF).total;

const portfolio: TPortfolioSummary = {
  asOf: '2026-11-30',
  byStatus: [
    { status: 'ACTIVE', count: 1, principal: QUOTE.principal },
    { status: 'PENDING', count: 0, principal: '0.00' },
  ],
  byProduct: [
    {
      productCode: HOME.code,
      count: 1,
      principal: QUOTE.principal,
      principalOutstanding: ledger.principalOutstanding,
    },
  ],
  principalOutstanding: ledger.principalOutstanding,
  par30: '0.0000',
  par90: '0.0000',
  disbursedByMonth: [{ month: '2026-03', amount: QUOTE.principal }],
  collectedByMonth: [{ month: '2026-04', amount: REPAYMENT.amount }],
  approvalRate: '1.0000',
};

/** The example of each procedure's success response, by procedure path. */
export function successExamples(): ReadonlyMap<string, unknown> {
  const examples: Record<string, unknown> = {
    'auth.registerCustomer': alice,
    'auth.registerAgent': pendingAgent,
    'auth.login': loginResult,
    'auth.me': alice,
    'auth.changePassword': { ok: true },
    'users.list': userPage([bob]),
    'customers.list': userPage([alice]),
    'agents.list': userPage([pendingAgent]),
    'agents.approve': bob,
    'agents.reject': { ...bob, status: 'REJECTED' },
    'agents.suspend': { ...bob, status: 'SUSPENDED' },
    'agents.reinstate': bob,
    'loanProducts.list': [HOME],
    // The route's request example, as the service stores it: defaults filled in, active.
    'loanProducts.create': {
      ...NEW_PRODUCT_EXAMPLE,
      active: true,
      lateFee: '0.00',
      lateFeeGraceDays: 5,
    } satisfies TLoanProduct,
    'loanProducts.update': { ...HOME, annualRatePercent: '6.50' } satisfies TLoanProduct,
    'loans.quote': QUOTE,
    'loans.create': NEW_LOAN,
    'loans.openForCustomer': PENDING_LOAN,
    'loans.forward': PENDING_LOAN,
    // The route's request example: 12,000.00 over 18 months, version 2 → 3.
    'loans.update': loanOf(quoteOf('12000.00', 18), {
      ...FORWARDED,
      updatedAt: '2026-03-03T15:45:00.000Z',
      version: 3,
    }),
    'loans.withdraw': loanOf(QUOTE, { ...FORWARDED, status: 'WITHDRAWN', version: 3 }),
    'loans.approve': APPROVED_LOAN,
    'loans.reject': loanOf(QUOTE, {
      ...FORWARDED,
      ...DECIDED,
      status: 'REJECTED',
      rejectionReason: 'Income does not cover the installment',
      version: 3,
    }),
    'loans.get': ACTIVE_LOAN_DETAIL,
    'loans.history': history,
    'loans.list': loanPage,
    'loans.disburse': loanOf(QUOTE, {
      ...FORWARDED,
      ...DECIDED,
      status: 'ACTIVE',
      updatedAt: `${DISBURSED_ON}T09:00:00.000Z`,
      version: 4,
      disbursedOn: DISBURSED_ON,
      principalOutstanding: disbursed.principalOutstanding,
      nextDueOn: disbursed.nextDueOn,
      nextDueAmount: disbursed.nextDueAmount,
      totalPaid: disbursed.totalPaid,
      daysPastDue: 0,
    }),
    'loans.repay': REPAYMENT,
    'loans.prepay': posted({
      id: POSTING_ID,
      type: 'PREPAYMENT',
      amount: '1000.00',
      valueDate: AS_OF,
      reduce: 'TERM',
    }),
    'loans.payoffQuote': payoffQuote,
    'loans.payoff': posted({ id: POSTING_ID, type: 'PAYOFF', amount: payoffQuote.total, valueDate: AS_OF }),
    'loans.reverseTransaction': listed(
      { ...repayment, id: POSTING_ID, type: 'REVERSAL', reverses: repayment.id },
      NO_ALLOCATION,
    ),
    'loans.writeOff': posted({ id: POSTING_ID, type: 'WRITE_OFF', amount: writeOffTotal, valueDate: AS_OF }),
    'loans.position': computePosition(LEDGER_INPUT, AS_OF),
    'loans.transactions': [
      listed(disbursement, allocationOf(disbursement.id), 'Transfer to account ending 0042'),
      REPAYMENT,
    ],
    'portfolio.summary': portfolio,
  };
  return new Map(Object.entries(examples));
}
