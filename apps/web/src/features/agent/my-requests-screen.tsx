import { useSignedIn } from '../../app/use-session';
import { PageHeader } from '../../components/page-header';
import { WORDS } from '../../lib/vocabulary';
import { LoanList } from '../loans/loan-list';

/** Loans this agent forwarded or opened (`loans.list({ agentId: me })`), with their decisions. */
export function MyRequestsScreen() {
  const { user } = useSignedIn();
  return (
    <>
      <PageHeader title="My forwarded requests" description={WORDS.myForwarded} />
      <LoanList
        input={{ agentId: user.id, sort: 'desc', dateField: 'updatedAt' }}
        caption="My forwarded requests"
        columns={['customer', 'updated']}
        empty="You have not forwarded any loan yet. Start from the work queue."
        exportName="my-requests"
      />
    </>
  );
}
