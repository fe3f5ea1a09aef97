import { Select, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { notify } from '../../lib/notify';
import { useTRPC } from '../../lib/trpc';
import { WORDS } from '../../lib/vocabulary';
import { LoanTermsForm } from '../loans/loan-terms-form';
import { useCustomerOptions } from '../loans/use-customer-options';
import { useLoanMutations } from '../loans/use-loan-mutations';

const route = getRouteApi('/agent/open-loan');

/** An agent opens an application on a customer's behalf; it starts PENDING with the agent as its agent. */
export function OpenLoanScreen() {
  const { customerId: initialCustomerId } = route.useSearch();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const [customerId, setCustomerId] = useState<string | null>(initialCustomerId ?? null);
  const { options, setSearch } = useCustomerOptions(customerId);
  const products = useQuery(trpc.loanProducts.list.queryOptions());
  const { openForCustomer } = useLoanMutations();

  return (
    <>
      <PageHeader
        title="Open a loan for a customer"
        description="The application goes straight to the lender for a decision, with you as its agent."
      />
      <Stack gap="lg">
        <Select
          label="Customer"
          placeholder="Type to search by username or email"
          data={options}
          value={customerId}
          onChange={setCustomerId}
          onSearchChange={setSearch}
          searchable
          withAsterisk
          nothingFoundMessage="No matching customer"
          maw={480}
        />
        <QueryState query={products} loadingLabel="Loading products">
          {(list) => (
            <LoanTermsForm
              products={list}
              submitLabel="Open and forward the loan"
              quoteTitle="Quote"
              canSubmit={customerId !== null}
              onSubmit={async (terms) => {
                if (!customerId) return;
                const loan = await openForCustomer.mutateAsync({ ...terms, customerId });
                notify({ color: 'green', title: 'Loan opened', message: WORDS.openedForCustomer });
                void navigate({ to: '/loans/$loanId', params: { loanId: loan.id } });
              }}
            />
          )}
        </QueryState>
      </Stack>
    </>
  );
}
