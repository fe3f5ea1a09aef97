import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/page-header';
import { LoanList } from '../loans/loan-list';
import { NextPayments } from '../servicing/next-payments';

export function MyLoansScreen() {
  return (
    <>
      <PageHeader
        title="My loans"
        description="Every loan you have applied for, newest first."
        actions={<ButtonLink to="/apply">Apply for a loan</ButtonLink>}
      />
      <NextPayments />
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
