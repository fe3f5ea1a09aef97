import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { versionedProperties } from '../../db/versioned-properties';

/** A loan product. Its rate is copied onto each loan when the loan is priced (a snapshot). */
export const LoanProduct = defineEntity({
  name: 'LoanProduct',
  tableName: 'loan_products',
  properties: {
    code: p.string().length(20).primary(),
    name: p.string().length(80),
    annualRatePercent: p.decimal().precision(7).scale(3),
    minAmount: p.decimal().precision(14).scale(2),
    maxAmount: p.decimal().precision(14).scale(2),
    minTermMonths: p.integer(),
    maxTermMonths: p.integer(),
    active: p.boolean().default(true),
    /** Charged once on an installment still unpaid after its due date plus the grace days (may be 0.00). */
    lateFee: p.decimal().precision(14).scale(2).default('0.00'),
    lateFeeGraceDays: p.integer().default(5),
    ...versionedProperties(),
  },
});

export type ILoanProduct = InferEntity<typeof LoanProduct>;
