import { z } from 'zod';
import { ZMoneyInput, ZMoneyOutput, ZRatePercentOutput } from '../money/schemas';
import { ZPageInput, zPage } from '../pagination';
import { GRACE_DAYS_RANGE, ZProductCode } from '../products/schemas';
import { LATE_BUCKETS } from '../servicing/constants';
import { DAYS_PAST_DUE_RANGE, ZBusinessDate } from '../servicing/schemas';
import { zText } from '../text';
import { LOAN_HISTORY_ACTIONS, LOAN_STATUSES } from './state-machine';

const ZTermMonths = z.number().int('Term must be a whole number of months').min(1).max(600);

/*
 * The documented ranges of integers (zod metadata, copied into the OpenAPI document): the term's from its
 * rule; a version is a PostgreSQL `integer` column counting from 1.
 */
const TERM_RANGE = { minimum: ZTermMonths.minValue, maximum: ZTermMonths.maxValue };
const VERSION_RANGE = { minimum: 1, maximum: 2_147_483_647 };

export const ZLoanTerms = z
  .object({ productCode: ZProductCode, amount: ZMoneyInput, termMonths: ZTermMonths })
  .strict();
export type TLoanTerms = z.infer<typeof ZLoanTerms>;

export const ZQuoteInput = ZLoanTerms;
export const ZLoanApply = ZLoanTerms;
export const ZOpenForCustomer = ZLoanTerms.extend({ customerId: z.uuid() }).strict();

export const ZLoanId = z.object({ loanId: z.uuid() }).strict();
export const ZLoanReject = z.object({ loanId: z.uuid(), reason: zText(1, 500) }).strict();

export const ZLoanUpdate = z
  .object({
    loanId: z.uuid(),
    expectedVersion: z.number().int().min(1).meta(VERSION_RANGE),
    amount: ZMoneyInput.optional(),
    termMonths: ZTermMonths.optional(),
    productCode: ZProductCode.optional(),
  })
  .strict()
  .refine((v) => v.amount !== undefined || v.termMonths !== undefined || v.productCode !== undefined, {
    message: 'Change at least one of amount, termMonths or productCode',
    path: ['amount'],
  });
export type TLoanUpdate = z.infer<typeof ZLoanUpdate>;

export const ZLoanStatus = z.enum(LOAN_STATUSES);

export const ZLoanListInput = ZPageInput.extend({
  status: z.array(ZLoanStatus).min(1).max(LOAN_STATUSES.length).optional(),
  productCode: ZProductCode.optional(),
  customerId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  dateField: z.enum(['createdAt', 'updatedAt']).default('createdAt'),
  from: ZBusinessDate.optional(),
  to: ZBusinessDate.optional(),
  /** Active loans in arrears (days past due as of today): any, or one bucket (the collections queue). */
  arrears: z.enum(['ANY', ...LATE_BUCKETS]).optional(),
  /** By `dateField`, or `daysPastDue`: active loans, the longest overdue first. */
  sort: z.enum(['asc', 'desc', 'daysPastDue']).default('desc'),
})
  .strict()
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: '`from` must not be after `to`',
    path: ['to'],
  });
export type TLoanListInput = z.infer<typeof ZLoanListInput>;

const ZScheduleRow = z.object({
  period: z.number().int().meta(TERM_RANGE),
  installment: ZMoneyOutput,
  interest: ZMoneyOutput,
  principal: ZMoneyOutput,
  balance: ZMoneyOutput,
});

export const ZQuote = z.object({
  productCode: z.string(),
  annualRatePercent: ZRatePercentOutput,
  principal: ZMoneyOutput,
  termMonths: z.number().int().meta(TERM_RANGE),
  monthlyInstallment: ZMoneyOutput,
  totalInterest: ZMoneyOutput,
  totalPayable: ZMoneyOutput,
  schedule: z.array(ZScheduleRow),
});
export type TQuote = z.infer<typeof ZQuote>;

const ZUserRef = z.object({ id: z.string(), username: z.string() });

export const ZLoan = z.object({
  id: z.string(),
  status: ZLoanStatus,
  productCode: z.string(),
  productName: z.string(),
  principal: ZMoneyOutput,
  annualRatePercent: ZRatePercentOutput,
  termMonths: z.number().int().meta(TERM_RANGE),
  monthlyInstallment: ZMoneyOutput,
  totalInterest: ZMoneyOutput,
  totalPayable: ZMoneyOutput,
  customer: ZUserRef,
  agent: ZUserRef.nullable(),
  rejectionReason: z.string().nullable(),
  decidedBy: ZUserRef.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().meta(VERSION_RANGE),
  /** The product's late fee and grace days when the loan was priced. */
  lateFee: ZMoneyOutput,
  lateFeeGraceDays: z.number().int().meta(GRACE_DAYS_RANGE),
  /** Servicing (null before disbursement). */
  disbursedOn: z.iso.date().nullable(),
  closedOn: z.iso.date().nullable(),
  principalOutstanding: ZMoneyOutput.nullable(),
  /** The oldest installment not fully paid: its due date and what is still owed on it (no fees). */
  nextDueOn: z.iso.date().nullable(),
  nextDueAmount: ZMoneyOutput.nullable(),
  totalPaid: ZMoneyOutput,
  /** As of today: today − the oldest unpaid due date when that is past, else 0; null before disbursement. */
  daysPastDue: z.number().int().nonnegative().meta(DAYS_PAST_DUE_RANGE).nullable(),
});
export type TLoan = z.infer<typeof ZLoan>;

export const ZLoanDetail = ZLoan.extend({ schedule: z.array(ZScheduleRow) });
export type TLoanDetail = z.infer<typeof ZLoanDetail>;

export const ZLoanPage = zPage(ZLoan);

const ZJsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ZHistoryEntry = z.object({
  version: z.number().int().meta(VERSION_RANGE),
  action: z.enum(LOAN_HISTORY_ACTIONS),
  at: z.iso.datetime(),
  actor: z.object({ id: z.string(), username: z.string(), role: z.string() }),
  changes: z.record(z.string(), z.object({ from: ZJsonValue, to: ZJsonValue })),
});
export type THistoryEntry = z.infer<typeof ZHistoryEntry>;
