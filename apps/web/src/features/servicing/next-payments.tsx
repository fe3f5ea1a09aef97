import type { TPosition } from '@loanbook/domain/servicing/schemas';
import { Alert, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '../../components/links';
import { Money } from '../../components/money';
import { formatBusinessDate } from '../../lib/format';
import { type TLoanView, useTRPC, useTRPCClient } from '../../lib/trpc';
import { inChunks } from './chunks';
import { overdueTotal, todayUtc } from './model';
import { daysText } from './servicing-labels';

/**
 * The borrower's active loans at a glance, above their list of loans: each one's next payment (date and
 * amount) and, when it is late, a clear warning with the days past due and the amount overdue (late fees
 * included, from the loan's position today).
 */
export function NextPayments() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const active = useQuery(
    trpc.loans.list.queryOptions({ status: ['ACTIVE'], sort: 'asc', dateField: 'createdAt', limit: 100 }),
  );
  const loans = active.data?.items ?? [];
  const positions = useQuery({
    queryKey: ['servicing', 'my-positions', loans.map((loan) => loan.id)],
    queryFn: async () => {
      const asOf = todayUtc();
      const found = await inChunks(loans, (loan) => client.loans.position.query({ loanId: loan.id, asOf }));
      return new Map(loans.map((loan, index) => [loan.id, found[index] as TPosition]));
    },
    enabled: loans.length > 0,
  });
  if (loans.length === 0) return null;
  return (
    <Stack gap="sm" mb="lg" component="section" aria-labelledby="next-payments-title">
      <Title order={2} size="h4" id="next-payments-title">
        Your payments
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {loans.map((loan) => (
          <NextPaymentCard key={loan.id} loan={loan} position={positions.data?.get(loan.id)} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function NextPaymentCard({ loan, position }: { loan: TLoanView; position: TPosition | undefined }) {
  const isLate = (loan.daysPastDue ?? 0) > 0;
  return (
    <Card withBorder padding="md" data-testid="next-payment-card" data-loan-id={loan.id}>
      <Group justify="space-between" gap="xs" mb="xs">
        <AnchorLink to="/loans/$loanId" params={{ loanId: loan.id }} fw={600} className="wrap-anywhere">
          {loan.productName}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          #{loan.id.slice(0, 8)}
        </Text>
      </Group>
      {isLate && (
        <Alert color="red" title="Payment overdue" mb="xs" data-testid="overdue-warning">
          <Text size="sm">
            {daysText(loan.daysPastDue ?? 0)} past due.{' '}
            {position ? (
              <>
                Overdue now:{' '}
                <strong>
                  <Money value={overdueTotal(position)} />
                </strong>
                {position.feesOverdue !== '0.00' && (
                  <>
                    {' '}
                    (including <Money value={position.feesOverdue} /> late fees)
                  </>
                )}
                . Please pay it as soon as you can.
              </>
            ) : (
              'Please pay what is overdue as soon as you can.'
            )}
          </Text>
        </Alert>
      )}
      <Text size="sm" data-testid="next-payment">
        {position?.nextDue ? (
          <>
            Next payment:{' '}
            <strong>
              <Money value={position.nextDue.amount} />
            </strong>{' '}
            on {formatBusinessDate(position.nextDue.dueOn)}
          </>
        ) : !isLate && loan.nextDueOn && loan.nextDueAmount ? (
          <>
            Next payment:{' '}
            <strong>
              <Money value={loan.nextDueAmount} />
            </strong>{' '}
            on {formatBusinessDate(loan.nextDueOn)}
          </>
        ) : position ? (
          'Every installment has fallen due.'
        ) : (
          'Working out your next payment…'
        )}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        Still owed: <Money value={loan.principalOutstanding ?? '0.00'} /> principal
      </Text>
    </Card>
  );
}
