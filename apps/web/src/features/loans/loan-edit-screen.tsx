import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useSignedIn } from '../../app/use-session';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { errorCodeOf } from '../../lib/errors';
import { notify } from '../../lib/notify';
import { type TLoanDetailView, useTRPC } from '../../lib/trpc';
import { canTakeLoanStep } from './loan-permissions';
import { LoanTermsForm } from './loan-terms-form';
import { useLoanMutations } from './use-loan-mutations';

const route = getRouteApi('/agent/loans/$loanId/edit');

/**
 * An agent corrects a loan's product, amount or term with a live quote. The edit carries the version the
 * agent loaded; if someone changed the loan meanwhile the API answers CONFLICT, which is explained here
 * with a button to load the current version (the agent's typing is not silently merged).
 */
export function LoanEditScreen() {
  const { loanId } = route.useParams();
  const trpc = useTRPC();
  const loan = useQuery({ ...trpc.loans.get.queryOptions({ loanId }), refetchOnWindowFocus: false });
  const products = useQuery(trpc.loanProducts.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Edit loan terms"
        actions={
          <AnchorLink to="/loans/$loanId" params={{ loanId }}>
            Back to the loan
          </AnchorLink>
        }
      />
      <QueryState query={loan} loadingLabel="Loading the loan">
        {(data) => (
          <QueryState query={products} loadingLabel="Loading products">
            {(list) => (
              <EditForm key={data.version} loan={data} products={list} onReload={() => loan.refetch()} />
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}

function EditForm({
  loan,
  products,
  onReload,
}: {
  loan: TLoanDetailView;
  products: Parameters<typeof LoanTermsForm>[0]['products'];
  onReload: () => Promise<unknown>;
}) {
  const { user } = useSignedIn();
  const navigate = useNavigate();
  const { update } = useLoanMutations();
  const [isReloading, setReloading] = useState(false);
  const isEditable = canTakeLoanStep('EDIT', loan, user);

  if (!isEditable) {
    return (
      <Alert color="orange" title="This loan cannot be edited by you now" role="alert">
        <Group gap="xs">
          <Text size="sm">It is</Text> <StatusBadge status={loan.status} />
          <Text size="sm">
            {loan.status === 'PENDING' ? `and handled by ${loan.agent?.username ?? 'another agent'}.` : '.'}
          </Text>
        </Group>
      </Alert>
    );
  }

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Editing version {loan.version} of {loan.customer.username}'s {loan.productName.toLowerCase()}. The
        loan is re-priced at the chosen product's current rate.
      </Text>
      <LoanTermsForm
        products={products}
        initial={{ productCode: loan.productCode, amount: loan.principal, termMonths: loan.termMonths }}
        submitLabel="Save changes"
        quoteTitle="Quote"
        onSubmit={async (terms) => {
          const changes = {
            amount: terms.amount !== loan.principal ? terms.amount : undefined,
            termMonths: terms.termMonths !== loan.termMonths ? terms.termMonths : undefined,
            productCode: terms.productCode !== loan.productCode ? terms.productCode : undefined,
          };
          if (
            changes.amount === undefined &&
            changes.termMonths === undefined &&
            changes.productCode === undefined
          ) {
            throw new Error('Nothing changed: adjust the amount, term or product first.');
          }
          await update.mutateAsync({ loanId: loan.id, expectedVersion: loan.version, ...changes });
          notify({ color: 'green', title: 'Loan updated', message: 'The new terms are saved.' });
          void navigate({ to: '/loans/$loanId', params: { loanId: loan.id } });
        }}
        renderSubmitError={(error) =>
          errorCodeOf(error) === 'CONFLICT' ? (
            <Alert
              color="orange"
              title="Someone changed this loan meanwhile"
              role="alert"
              data-testid="edit-conflict"
            >
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  Your changes were not saved, so nothing was overwritten.{' '}
                  {error instanceof Error ? error.message : ''}
                </Text>
                <Button
                  size="xs"
                  loading={isReloading}
                  onClick={() => {
                    setReloading(true);
                    void onReload().finally(() => setReloading(false));
                  }}
                >
                  Reload the current version
                </Button>
              </Stack>
            </Alert>
          ) : undefined
        }
      />
    </Stack>
  );
}
