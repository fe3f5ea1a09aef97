import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/page-header';
import { LoanList } from '../loans/loan-list';

export function MyLoansScreen() {
  return (
    <>
      <PageHeader
        title="My loans"
        description="Every loan you have applied for, newest first."
        actions={<ButtonLink to="/apply">Apply for a loan</ButtonLink>}
      />
      <LoanList
        input={{ sort: 'desc', dateField: 'createdAt' }}
        caption="My loans"
        columns={['agent', 'created']}
        empty="You have not applied for a loan yet. Get a quote and apply in a minute."
        exportName="my-loans"
      />
    </>
  );
}
