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
    // The product's late fee and grace days when the loan was priced (a snapshot, like the rate).
    lateFee: p.decimal().precision(14).scale(2),
    lateFeeGraceDays: p.integer(),
    // Servicing (docs/servicing.md): changed only when a money transaction is posted, in its database
    // transaction, and always equal to a replay of the loan's transactions. Dates are `YYYY-MM-DD`.
    disbursedOn: p.date().nullable(),
    closedOn: p.date().nullable(),
    principalOutstanding: p.decimal().precision(14).scale(2).nullable(),
    /** Due date of the oldest installment not fully paid (installments are paid in order): arrears. */
    nextDueOn: p.date().nullable(),
    nextDueAmount: p.decimal().precision(14).scale(2).nullable(),
    totalPaid: p.decimal().precision(14).scale(2).default('0.00'),
    /** The transaction that last changed the loan: its history row is named after it (REPAID, …). */
    lastTransactionId: p.uuid().nullable(),
    lastTransactionType: p.string().nullable(),
    ...versionedProperties(),
  },
});

export type ILoan = InferEntity<typeof Loan>;
