import { PageHeader } from '../../components/page-header';
import { LoanList } from '../loans/loan-list';

/** New applications waiting for an agent, oldest first so nobody waits longest. */
export function QueueScreen() {
  return (
    <>
      <PageHeader
        title="Work queue"
        description="New applications, oldest first. Open one to check it, correct its terms and forward it."
      />
      <LoanList
        input={{ status: ['NEW'], sort: 'asc', dateField: 'createdAt' }}
        caption="New loan applications"
        columns={['customer', 'created']}
        empty="No new applications. Well done!"
        exportName="work-queue"
      />
    </>
  );
}
