import './statement.css';
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ButtonLink } from '../../components/links';
import { Money } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatBusinessDate, formatRate, formatTerm } from '../../lib/format';
import { type TLoanDetailView, useTRPC } from '../../lib/trpc';
import { LedgerTable, OverdueWarning } from './loan-servicing';
import { todayUtc } from './model';
import { downloadStatementCsv } from './statement-csv';

const route = getRouteApi('/signed-in/loans/$loanId/statement');

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} ta="right" component="div" className="wrap-anywhere">
        {children}
      </Text>
    </Group>
  );
}

/**
 * A loan's statement as of today: the borrower and the loan, where it stands, and every transaction with
 * the principal balance after it. Printing it gives a clean document (statement.css: no navigation, no
 * buttons); "Download CSV" gives the same ledger as a file.
 */
export function StatementScreen() {
  const { loanId } = route.useParams();
  const trpc = useTRPC();
  const today = todayUtc();
  const loan = useQuery(trpc.loans.get.queryOptions({ loanId }));
  const transactions = useQuery(trpc.loans.transactions.queryOptions({ loanId }));
  const position = useQuery({
    ...trpc.loans.position.queryOptions({ loanId, asOf: today }),
    enabled: Boolean(loan.data?.disbursedOn),
  });
  return (
    <div className="loan-statement" data-testid="statement">
      {/* On paper the app's header is gone: the statement names its issuer itself. */}
      <Text className="statement-issuer" fw={800} size="lg">
        Loanbook
      </Text>
      <PageHeader
        title="Loan statement"
        description={`As of ${formatBusinessDate(today)}`}
        actions={
          <Group gap="xs" data-print="hide">
            <ButtonLink to="/loans/$loanId" params={{ loanId }} variant="default">
              Back to the loan
            </ButtonLink>
            <Button
              variant="default"
              disabled={!transactions.data}
              onClick={() => transactions.data && downloadStatementCsv({ id: loanId }, transactions.data)}
            >
              Download CSV
            </Button>
            <Button onClick={() => window.print()}>Print</Button>
          </Group>
        }
      />
      <QueryState query={loan} loadingLabel="Loading the loan">
        {(data) => (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Card withBorder padding="sm">
                <Title order={2} size="h5" mb={4}>
                  Loan
                </Title>
                <Line label="Borrower">{data.customer.username}</Line>
                <Line label="Loan">
                  {data.productName} #{data.id.slice(0, 8)}
                </Line>
                <Line label="Status">
                  <StatusBadge status={data.status} />
                </Line>
                <Line label="Amount">
                  <Money value={data.principal} />
                </Line>
                <Line label="Terms">
                  {formatTerm(data.termMonths)} at {formatRate(data.annualRatePercent)},{' '}
                  <Money value={data.monthlyInstallment} /> a month
                </Line>
                <Line label="Disbursed">
                  {data.disbursedOn ? formatBusinessDate(data.disbursedOn) : 'Not yet'}
                </Line>
              </Card>
              <StandingCard loan={data} position={position.data} />
            </SimpleGrid>
            {position.data && <OverdueWarning position={position.data} />}
            <div>
              <Title order={2} size="h5" mb={4}>
                Transactions
              </Title>
              <QueryState query={transactions} loadingLabel="Loading the transactions">
                {(rows) =>
                  rows.length === 0 ? (
                    <Text c="dimmed">No transaction yet.</Text>
                  ) : (
                    <LedgerTable loan={data} transactions={rows} compact />
                  )
                }
              </QueryState>
            </div>
            <Text size="xs" c="dimmed">
              Balance: principal still owed after each transaction. Dates are value dates (UTC).
            </Text>
          </Stack>
        )}
      </QueryState>
    </div>
  );
}

function StandingCard({
  loan,
  position,
}: {
  loan: TLoanDetailView;
  position:
    | {
        principalOutstanding: string;
        totalPaid: string;
        daysPastDue: number;
        nextDue: { dueOn: string; amount: string } | null;
      }
    | undefined;
}) {
  return (
    <Card withBorder padding="sm">
      <Title order={2} size="h5" mb={4}>
        Standing
      </Title>
      <Line label="Principal outstanding">
        <Money value={position?.principalOutstanding ?? loan.principalOutstanding ?? '0.00'} />
      </Line>
      <Line label="Paid so far">
        <Money value={position?.totalPaid ?? loan.totalPaid} />
      </Line>
      <Line label="Next payment">
        {position?.nextDue ? (
          <>
            <Money value={position.nextDue.amount} /> on {formatBusinessDate(position.nextDue.dueOn)}
          </>
        ) : (
          'None'
        )}
      </Line>
      <Line label="Days past due">{position?.daysPastDue ?? loan.daysPastDue ?? 0}</Line>
      {loan.closedOn && <Line label="Closed">{formatBusinessDate(loan.closedOn)}</Line>}
    </Card>
  );
}
