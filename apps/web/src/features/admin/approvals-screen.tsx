import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { ConfirmButton } from '../../components/confirm-button';
import { Money } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { ReasonModal } from '../../components/reason-modal';
import { formatTerm } from '../../lib/format';
import { notify } from '../../lib/notify';
import type { TLoanView } from '../../lib/trpc';
import { LoanList } from '../loans/loan-list';
import { useLoanMutations } from '../loans/use-loan-mutations';

/** Loans forwarded by agents, oldest first, each approved or rejected (with a reason) in place. */
export function ApprovalsScreen() {
  const { approve, reject } = useLoanMutations();
  const [rejecting, setRejecting] = useState<TLoanView | null>(null);
  return (
    <>
      <PageHeader
        title="Pending approvals"
        description="Loans an agent prepared and forwarded. Open one for its schedule and history, or decide here."
      />
      <LoanList
        input={{ status: ['PENDING'], sort: 'asc', dateField: 'updatedAt' }}
        caption="Loans awaiting a decision"
        columns={['customer', 'agent', 'updated']}
        empty="Nothing to decide right now."
        exportName="pending-approvals"
        actions={(loan) => (
          <Group gap="xs" wrap="nowrap">
            <ConfirmButton
              size="compact-sm"
              color="green"
              title="Approve this loan?"
              message={
                <>
                  {loan.customer.username} borrows <Money value={loan.principal} /> over{' '}
                  {formatTerm(loan.termMonths)}. A decision is final.
                </>
              }
              confirmLabel="Approve loan"
              aria-label={`Approve ${loan.customer.username}'s ${loan.productName}`}
              onConfirm={async () => {
                await approve.mutateAsync({ loanId: loan.id });
                notify({
                  color: 'green',
                  title: 'Loan approved',
                  message: loan.customer.username,
                });
              }}
            >
              Approve
            </ConfirmButton>
            <Button
              size="compact-sm"
              color="red.9"
              variant="outline"
              aria-label={`Reject ${loan.customer.username}'s ${loan.productName}`}
              onClick={() => setRejecting(loan)}
            >
              Reject
            </Button>
          </Group>
        )}
      />
      <ReasonModal
        opened={rejecting !== null}
        onClose={() => setRejecting(null)}
        title={rejecting ? `Reject ${rejecting.customer.username}'s ${rejecting.productName}` : 'Reject'}
        description="The customer sees this reason."
        confirmLabel="Reject loan"
        onConfirm={async (reason) => {
          if (!rejecting) return;
          await reject.mutateAsync({ loanId: rejecting.id, reason: reason ?? '' });
          notify({ color: 'red', title: 'Loan rejected', message: rejecting.customer.username });
        }}
      />
    </>
  );
}
