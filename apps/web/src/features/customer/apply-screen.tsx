import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { notify } from '../../lib/notify';
import { useTRPC } from '../../lib/trpc';
import { LoanTermsForm } from '../loans/loan-terms-form';

/** A customer applies for a loan, seeing the installment and schedule update as they type. */
export function ApplyScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const products = useQuery(trpc.loanProducts.list.queryOptions());
  const apply = useMutation(
    trpc.loans.create.mutationOptions({
      onSuccess: async (loan) => {
        await queryClient.invalidateQueries(trpc.loans.list.pathFilter());
        notify({
          color: 'green',
          title: 'Application sent',
          message: 'We will review it shortly.',
        });
        void navigate({ to: '/loans/$loanId', params: { loanId: loan.id } });
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="Apply for a loan"
        description="Pick a product, an amount and a term: your quote and repayment schedule update as you type."
      />
      <QueryState query={products} loadingLabel="Loading loan products" isEmpty={(list) => list.length === 0}>
        {(list) => (
          <LoanTermsForm products={list} submitLabel="Apply for this loan" onSubmit={apply.mutateAsync} />
        )}
      </QueryState>
    </>
  );
}
