import { historyActionFor, historyActionForTransaction, type TLoanStatus } from '@loanbook/domain/loans';

/**
 * What the history subscriber records for each tracked entity: which properties (under which name in
 * `changes`) and which action a change set stands for. Secrets (password hashes) are never listed.
 */
export interface TTrackedEntity {
  entityType: string;
  /** property name → field name shown in `changes` */
  fields: Record<string, string>;
  actionFor(change: { created: boolean; from: Record<string, unknown>; to: Record<string, unknown> }): string;
}

const AGENT_STATUS_ACTIONS: Record<string, string> = {
  'PENDING>APPROVED': 'APPROVED',
  'PENDING>REJECTED': 'REJECTED',
  'APPROVED>SUSPENDED': 'SUSPENDED',
  'SUSPENDED>APPROVED': 'REINSTATED',
};

export const TRACKED_ENTITIES: Record<string, TTrackedEntity> = {
  Loan: {
    entityType: 'loan',
    fields: {
      status: 'status',
      product: 'productCode',
      principal: 'principal',
      annualRatePercent: 'annualRatePercent',
      termMonths: 'termMonths',
      monthlyInstallment: 'monthlyInstallment',
      totalInterest: 'totalInterest',
      totalPayable: 'totalPayable',
      customer: 'customerId',
      agent: 'agentId',
      rejectionReason: 'rejectionReason',
      decidedBy: 'decidedById',
      decidedAt: 'decidedAt',
      lateFee: 'lateFee',
      lateFeeGraceDays: 'lateFeeGraceDays',
      disbursedOn: 'disbursedOn',
      closedOn: 'closedOn',
      principalOutstanding: 'principalOutstanding',
      nextDueOn: 'nextDueOn',
      nextDueAmount: 'nextDueAmount',
      totalPaid: 'totalPaid',
      lastTransactionId: 'transactionId',
    },
    // A posting names its row after the transaction (REPAID, REVERSED, …); other changes after the status.
    actionFor: ({ created, from, to }) =>
      !created && typeof to.lastTransactionId === 'string'
        ? historyActionForTransaction(String(to.lastTransactionType ?? from.lastTransactionType))
        : historyActionFor(
            created ? null : (from.status as TLoanStatus),
            (to.status ?? from.status) as TLoanStatus,
          ),
  },
  User: {
    entityType: 'user',
    fields: {
      username: 'username',
      email: 'email',
      phone: 'phone',
      role: 'role',
      status: 'status',
      statusReason: 'statusReason',
    },
    actionFor: ({ created, from, to }) => {
      if (created) return 'CREATED';
      if (to.status !== undefined) return AGENT_STATUS_ACTIONS[`${from.status}>${to.status}`] ?? 'UPDATED';
      if (to.passwordHash !== undefined) return 'PASSWORD_CHANGED';
      return 'UPDATED';
    },
  },
  LoanProduct: {
    entityType: 'loanProduct',
    fields: {
      name: 'name',
      annualRatePercent: 'annualRatePercent',
      minAmount: 'minAmount',
      maxAmount: 'maxAmount',
      minTermMonths: 'minTermMonths',
      maxTermMonths: 'maxTermMonths',
      active: 'active',
      lateFee: 'lateFee',
      lateFeeGraceDays: 'lateFeeGraceDays',
    },
    actionFor: ({ created }) => (created ? 'CREATED' : 'UPDATED'),
  },
};
