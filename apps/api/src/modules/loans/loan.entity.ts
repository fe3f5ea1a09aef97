import { LOAN_STATUSES } from '@loanbook/domain/loans';
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { versionedProperties } from '../../db/versioned-properties';
import { LoanProduct } from '../products/loan-product.entity';
import { User } from '../users/user.entity';

/** A loan application and, once decided, the loan. Money columns are `numeric`, mapped to strings. */
export const Loan = defineEntity({
  name: 'Loan',
  tableName: 'loans',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    status: p.enum([...LOAN_STATUSES]),
    product: () => p.manyToOne(LoanProduct).fieldName('product_code'),
    principal: p.decimal().precision(14).scale(2),
    annualRatePercent: p.decimal().precision(7).scale(3),
    termMonths: p.integer(),
    monthlyInstallment: p.decimal().precision(14).scale(2),
    totalInterest: p.decimal().precision(14).scale(2),
    totalPayable: p.decimal().precision(14).scale(2),
    customer: () => p.manyToOne(User),
    agent: () => p.manyToOne(User).nullable(),
    rejectionReason: p.string().length(500).nullable(),
    decidedBy: () => p.manyToOne(User).nullable(),
    decidedAt: p.datetime().nullable(),
    ...versionedProperties(),
  },
});

export type ILoan = InferEntity<typeof Loan>;
