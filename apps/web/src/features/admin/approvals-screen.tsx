import { PageHeader } from '../../components/page-header';
import { LoanDecisionButtons } from '../loans/loan-decision';
import { LoanList } from '../loans/loan-list';

/** Loans forwarded by agents, oldest first, each approved or rejected (with a reason) in place. */
export function ApprovalsScreen() {
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
        actions={(loan) => <LoanDecisionButtons loan={loan} size="compact-sm" named />}
      />
    </>
  );
}
