import { ZLoanReject } from '@loanbook/domain/loans/schemas';
import type { ButtonProps } from '@mantine/core';
import { DecisionButtons } from '../../components/decision-buttons';
import { Money } from '../../components/money';
import { formatRate, formatTerm } from '../../lib/format';
import { notify } from '../../lib/notify';
import type { TLoanView } from '../../lib/trpc';
import { useLoanMutations } from './use-loan-mutations';

/**
 * The admin's decision on a pending loan, the same in the approvals list and on the loan's page: approve
 * after a summary of what is lent, or reject with a reason the customer sees.
 */
export function LoanDecisionButtons({
  loan,
  size,
  named = false,
}: {
  loan: TLoanView;
  size?: ButtonProps['size'];
  /** Name the loan in the buttons' accessible names (in a list, where many rows have the same buttons). */
  named?: boolean;
}) {
  const { approve, reject } = useLoanMutations();
  const subject = `${loan.customer.username}'s ${loan.productName}`;
  return (
    <DecisionButtons
      subject={named ? subject : undefined}
      size={size}
      approve={{
        title: 'Approve this loan?',
        message: (
          <>
            {loan.customer.username} borrows <Money value={loan.principal} /> over{' '}
            {formatTerm(loan.termMonths)} at {formatRate(loan.annualRatePercent)} a year. A decision is final.
          </>
        ),
        confirmLabel: 'Approve loan',
        onConfirm: async () => {
          await approve.mutateAsync({ loanId: loan.id });
          notify({ color: 'green', title: 'Loan approved', message: subject });
        },
      }}
      reject={{
        title: `Reject ${subject}`,
        description: 'The customer sees this reason.',
        confirmLabel: 'Reject loan',
        reasonSchema: ZLoanReject.shape.reason,
        onConfirm: async (reason) => {
          await reject.mutateAsync({ loanId: loan.id, reason });
          notify({ color: 'red', title: 'Loan rejected', message: subject });
        },
      }}
    />
  );
}
