import { z } from 'zod';
import { DATE_RANGE, ISO_DATE } from '../formats';
import { MONEY_TEXT, ZMoneyInput } from '../money/schemas';
import { TERM_RANGE } from '../products/schemas';
import { zText } from '../text';
import { ARREARS_BUCKETS, SERVICING_STATUSES, TRANSACTION_TYPES } from './constants';
import { daysBetween, isCalendarDate } from './dates';

/** A business date `YYYY-MM-DD`: a real calendar date between 1900-01-01 and 2999-12-31. */
export const ZBusinessDate = z
  .string({ error: 'Date must be written YYYY-MM-DD' })
  .regex(ISO_DATE, { message: 'Date must be written YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, { message: 'Not a calendar date', abort: true })
  // ISO dates with four-digit years order as strings.
  .refine((date) => date >= DATE_RANGE.min && date <= DATE_RANGE.max, 'Date must be between 1900 and 2999');

/** Client-generated key that makes a money posting safe to retry (servicing spec §4). */
export const ZIdempotencyKey = z
  .string({ error: 'Idempotency key is required' })
  .regex(/^[A-Za-z0-9_\-:.]{8,64}$/, 'Idempotency key is 8–64 letters, digits or _ - : .');

export const ZArrearsBucket = z.enum(ARREARS_BUCKETS);
export type TArrearsBucket = z.infer<typeof ZArrearsBucket>;

export const ZServicingStatus = z.enum(SERVICING_STATUSES);
export type TServicingStatus = z.infer<typeof ZServicingStatus>;

export const ZTransactionType = z.enum(TRANSACTION_TYPES);

export const ZPrepaymentEffect = z.enum(['TERM', 'INSTALLMENT']);
export type TPrepaymentEffect = z.infer<typeof ZPrepaymentEffect>;

const ZReference = zText(1, 100);
const ZReason = zText(1, 500);

// ---- inputs ----

export const ZDisburseInput = z
  .object({ loanId: z.uuid(), disbursedOn: ZBusinessDate.optional(), reference: ZReference.optional() })
  .strict();
export type TDisburseInput = z.infer<typeof ZDisburseInput>;

export const ZRepayInput = z
  .object({
    loanId: z.uuid(),
    amount: ZMoneyInput,
    paidOn: ZBusinessDate.optional(),
    reference: ZReference.optional(),
    idempotencyKey: ZIdempotencyKey,
  })
  .strict();
export type TRepayInput = z.infer<typeof ZRepayInput>;

export const ZPrepayInput = ZRepayInput.extend({ reduce: ZPrepaymentEffect.default('TERM') }).strict();
export type TPrepayInput = z.infer<typeof ZPrepayInput>;

export const ZPayoffInput = ZRepayInput;
export type TPayoffInput = z.infer<typeof ZPayoffInput>;

export const ZPayoffQuoteInput = z.object({ loanId: z.uuid(), on: ZBusinessDate.optional() }).strict();
export type TPayoffQuoteInput = z.infer<typeof ZPayoffQuoteInput>;

export const ZReverseInput = z
  .object({ loanId: z.uuid(), transactionId: z.uuid(), reason: ZReason })
  .strict();
export type TReverseInput = z.infer<typeof ZReverseInput>;

export const ZWriteOffInput = z
  .object({ loanId: z.uuid(), reason: ZReason, writtenOffOn: ZBusinessDate.optional() })
  .strict();
export type TWriteOffInput = z.infer<typeof ZWriteOffInput>;

export const ZPositionInput = z.object({ loanId: z.uuid(), asOf: ZBusinessDate.optional() }).strict();
export type TPositionInput = z.infer<typeof ZPositionInput>;

export const ZLoanTransactionsInput = z.object({ loanId: z.uuid() }).strict();
export type TLoanTransactionsInput = z.infer<typeof ZLoanTransactionsInput>;

export const ZPortfolioSummaryInput = z.object({ asOf: ZBusinessDate.optional() }).strict();
export type TPortfolioSummaryInput = z.infer<typeof ZPortfolioSummaryInput>;

// ---- outputs ----

/*
 * The documented ranges of integer outputs (zod metadata, copied into the OpenAPI document): days past
 * due can be no more than the days between the first and the last date Loanbook accepts; an installment
 * number is at most the longest term; a count has no bound but JavaScript's.
 */
export const DAYS_PAST_DUE_RANGE = { minimum: 0, maximum: daysBetween(DATE_RANGE.min, DATE_RANGE.max) };
const INSTALLMENT_NUMBER_RANGE = TERM_RANGE;
const COUNT_RANGE = { minimum: 0 };

/** A money amount as the API returns it: "1234.56". */
const ZMoneyText = z
  .string()
  .regex(MONEY_TEXT)
  .meta({ examples: ['1250.00'] });
/** A share 0–1 with four places: "0.0425". */
const ZShare = z
  .string()
  .regex(/^(0\.\d{4}|1\.0000)$/)
  .meta({ examples: ['0.0425'] });

export const ZAllocation = z.object({
  principal: ZMoneyText,
  interest: ZMoneyText,
  fees: ZMoneyText,
  accruedInterest: ZMoneyText,
});
export type TAllocation = z.infer<typeof ZAllocation>;

export const ZLoanTransaction = z.object({
  id: z.string(),
  loanId: z.string(),
  type: ZTransactionType,
  amount: ZMoneyText,
  valueDate: ZBusinessDate,
  recordedAt: z.iso.datetime(),
  recordedBy: z.object({ id: z.string(), username: z.string(), role: z.string() }),
  reference: z.string().nullable(),
  reduce: ZPrepaymentEffect.nullable(),
  allocation: ZAllocation,
  reverses: z.string().nullable(),
  reversedBy: z.string().nullable(),
});
export type TLoanTransaction = z.infer<typeof ZLoanTransaction>;

export const ZPayoffQuote = z.object({
  on: ZBusinessDate,
  principal: ZMoneyText,
  interest: ZMoneyText,
  fees: ZMoneyText,
  accruedInterest: ZMoneyText,
  credit: ZMoneyText,
  total: ZMoneyText,
});
export type TPayoffQuote = z.infer<typeof ZPayoffQuote>;

export const ZInstallmentState = z.enum(['PAID', 'OVERDUE', 'DUE', 'UPCOMING']);
export type TInstallmentState = z.infer<typeof ZInstallmentState>;

export const ZInstallment = z.object({
  number: z.number().int().meta(INSTALLMENT_NUMBER_RANGE),
  dueOn: ZBusinessDate,
  principal: ZMoneyText,
  interest: ZMoneyText,
  fee: ZMoneyText,
  paidPrincipal: ZMoneyText,
  paidInterest: ZMoneyText,
  paidFee: ZMoneyText,
});
export type TInstallment = z.infer<typeof ZInstallment>;

export const ZPosition = z.object({
  asOf: ZBusinessDate,
  status: ZServicingStatus,
  principalOutstanding: ZMoneyText,
  principalOverdue: ZMoneyText,
  interestOverdue: ZMoneyText,
  feesOverdue: ZMoneyText,
  daysPastDue: z.number().int().min(0).meta(DAYS_PAST_DUE_RANGE),
  arrearsBucket: ZArrearsBucket,
  nextDue: z
    .object({
      number: z.number().int().meta(INSTALLMENT_NUMBER_RANGE),
      dueOn: ZBusinessDate,
      amount: ZMoneyText,
    })
    .nullable(),
  totalPaid: ZMoneyText,
  installments: z.array(ZInstallment.extend({ state: ZInstallmentState })),
});
export type TPosition = z.infer<typeof ZPosition>;

const ZMonthAmount = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), amount: ZMoneyText });

export const ZPortfolioSummary = z.object({
  asOf: ZBusinessDate,
  byStatus: z.array(
    z.object({ status: z.string(), count: z.number().int().meta(COUNT_RANGE), principal: ZMoneyText }),
  ),
  byProduct: z.array(
    z.object({
      productCode: z.string(),
      count: z.number().int().meta(COUNT_RANGE),
      principal: ZMoneyText,
      principalOutstanding: ZMoneyText,
    }),
  ),
  principalOutstanding: ZMoneyText,
  par30: ZShare,
  par90: ZShare,
  disbursedByMonth: z.array(ZMonthAmount),
  collectedByMonth: z.array(ZMonthAmount),
  approvalRate: ZShare,
});
export type TPortfolioSummary = z.infer<typeof ZPortfolioSummary>;
