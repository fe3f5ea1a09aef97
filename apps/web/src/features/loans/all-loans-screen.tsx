import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useSignedIn } from '../../app/use-session';
import { PageHeader } from '../../components/page-header';
import { useTRPC } from '../../lib/trpc';
import { LoanFilters, type TOption } from './loan-filters';
import { type TLoanFilters, toListInput } from './loan-filters-model';
import { LoanList } from './loan-list';
import { useCustomerOptions } from './use-customer-options';

const route = getRouteApi('/staff/loans');

/** Every loan, filtered by the URL's search parameters, for agents and admins. */
export function AllLoansScreen() {
  const filters = route.useSearch();
  const navigate = route.useNavigate();
  const { user } = useSignedIn();
  const trpc = useTRPC();
  const customers = useCustomerOptions(filters.customerId);

  const products = useQuery(trpc.loanProducts.list.queryOptions());
  const agents = useQuery({
    ...trpc.agents.list.queryOptions({ limit: 100 }),
    enabled: user.role === 'admin',
  });

  const productOptions: TOption[] = (products.data ?? []).map((product) => ({
    value: product.code,
    label: product.name,
  }));
  const agentOptions: TOption[] = (agents.data?.items ?? []).map((agent) => ({
    value: agent.id,
    label: agent.username,
  }));

  const setFilters = (next: TLoanFilters) => void navigate({ search: next, replace: true });

  return (
    <>
      <PageHeader title="All loans" description="Filter, page through and export the loan book." />
      <LoanFilters
        value={filters}
        onChange={setFilters}
        products={productOptions}
        customers={customers.options}
        onCustomerSearch={customers.setSearch}
        agentFilter={
          user.role === 'admin' ? { kind: 'list', agents: agentOptions } : { kind: 'mine', myId: user.id }
        }
      />
      <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
        <LoanList
          input={toListInput(filters)}
          caption="Loans matching the filters"
          columns={['customer', 'agent', filters.dateField === 'updatedAt' ? 'updated' : 'created']}
          empty="No loan matches these filters."
          exportName="loans"
        />
      </div>
    </>
  );
}
