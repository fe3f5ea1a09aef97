import '@mantine/charts/styles.css';
import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { Alert, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { DateTime } from '../../components/date-time';
import { PageHeader } from '../../components/page-header';
import { EmptyMessage, QueryState } from '../../components/query-state';
import { formatMoney, humanize } from '../../lib/format';
import { useTRPCClient } from '../../lib/trpc';
import { PORTFOLIO_QUERY_KEY } from '../loans/use-loan-mutations';
import { fetchPortfolioLoans, PORTFOLIO_MAX_LOANS, STATUSES, summarizePortfolio } from './portfolio';

const STATUS_COLOR: Record<(typeof STATUSES)[number], string> = {
  NEW: 'blue.6',
  PENDING: 'orange.6',
  APPROVED: 'green.7',
  REJECTED: 'red.7',
  WITHDRAWN: 'gray.5',
};
const PRODUCT_COLORS = [
  'indigo.6',
  'teal.6',
  'grape.6',
  'yellow.7',
  'cyan.7',
  'pink.6',
  'lime.7',
  'orange.7',
];

const count = new Intl.NumberFormat();
/** Axis ticks only: chart geometry needs numbers; every figure shown as text is formatted exactly. */
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

function Kpi({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={`kpi-${label.toLowerCase().replaceAll(' ', '-')}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

function ChartCard({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="figure" m={0}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <div role="img" aria-label={summary}>
        {children}
      </div>
      <Text component="figcaption" size="xs" c="dimmed" mt="xs">
        {summary}
      </Text>
    </Card>
  );
}

/** The portfolio at a glance: loans by status and product, approvals over time, approval rate. */
export function DashboardScreen() {
  const client = useTRPCClient();
  const portfolio = useQuery({
    queryKey: PORTFOLIO_QUERY_KEY,
    queryFn: async () => {
      const { loans, isTruncated } = await fetchPortfolioLoans(client);
      return summarizePortfolio(loans, isTruncated);
    },
    staleTime: 30_000,
  });

  return (
    <>
      <PageHeader
        title="Portfolio dashboard"
        description="Loans by status and product, amounts approved over time and the approval rate."
        actions={
          <Button
            variant="default"
            size="xs"
            onClick={() => void portfolio.refetch()}
            loading={portfolio.isFetching}
          >
            Refresh
          </Button>
        }
      />
      <QueryState
        query={portfolio}
        loadingLabel="Reading the loan book"
        isEmpty={(data) => data.loanCount === 0}
        empty={<EmptyMessage title="No loans yet">Charts appear once customers apply.</EmptyMessage>}
      >
        {(data) => (
          <Stack gap="lg">
            {data.isTruncated && (
              <Alert color="orange" role="status">
                Based on the {PORTFOLIO_MAX_LOANS.toLocaleString()} most recently created loans
                {data.since && (
                  <>
                    {' '}
                    (since <DateTime iso={data.since} dateOnly />)
                  </>
                )}
                .
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Kpi label="Loans" value={count.format(data.loanCount)} />
              <Kpi label="Approved amount" value={formatMoney(data.approvedAmount)} />
              <Kpi
                label="Awaiting decision"
                value={formatMoney(data.pendingAmount)}
                hint="Principal of pending loans"
              />
              <Kpi
                label="Approval rate"
                value={data.approvalRate === null ? '—' : `${data.approvalRate}%`}
                hint="Approved out of decided loans"
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <ChartCard
                title="Loans by status"
                summary={data.byStatus.map((row) => `${humanize(row.status)}: ${row.count}`).join(', ')}
              >
                <DonutChart
                  data={data.byStatus
                    .filter((row) => row.count > 0)
                    .map((row) => ({
                      name: humanize(row.status),
                      value: row.count,
                      color: STATUS_COLOR[row.status],
                    }))}
                  withLabels
                  withLabelsLine
                  labelsType="value"
                  withTooltip
                  mx="auto"
                />
              </ChartCard>
              <ChartCard
                title="Loans by product and status"
                summary={data.byProduct
                  .map((row) => `${row.product}: ${STATUSES.reduce((sum, status) => sum + row[status], 0)}`)
                  .join(', ')}
              >
                <BarChart
                  h={260}
                  data={data.byProduct}
                  dataKey="product"
                  type="stacked"
                  withLegend
                  series={STATUSES.map((status) => ({
                    name: status,
                    label: humanize(status),
                    color: STATUS_COLOR[status],
                  }))}
                />
              </ChartCard>
              <ChartCard
                title="Amount approved per month"
                summary={
                  data.approvedByMonth.length === 0
                    ? 'No loan approved yet'
                    : data.approvedByMonth.map((row) => `${row.month}: ${formatMoney(row.amount)}`).join(', ')
                }
              >
                <BarChart
                  h={260}
                  data={data.approvedByMonth.map((row) => ({ month: row.month, amount: Number(row.amount) }))}
                  dataKey="month"
                  series={[{ name: 'amount', label: 'Approved amount', color: 'green.7' }]}
                  valueFormatter={(value) => compact.format(value)}
                />
              </ChartCard>
              <ChartCard
                title="Approval rate per month"
                summary={
                  data.approvalRateByMonth.length === 0
                    ? 'No loan decided yet'
                    : data.approvalRateByMonth
                        .map(
                          (row) =>
                            `${row.month}: ${row.rate ?? '—'}% of ${row.approved + row.rejected} decided`,
                        )
                        .join(', ')
                }
              >
                <LineChart
                  h={260}
                  data={data.approvalRateByMonth.map((row) => ({
                    month: row.month,
                    rate: Number(row.rate ?? 0),
                  }))}
                  dataKey="month"
                  series={[{ name: 'rate', label: 'Approval rate', color: 'blue.8' }]}
                  yAxisProps={{ domain: [0, 100] }}
                  unit="%"
                />
              </ChartCard>
              <ChartCard
                title="Applications per month and product"
                summary={data.createdByMonth
                  .map(
                    (row) =>
                      `${row.month}: ${data.productCodes.map((code) => `${code} ${String(row[code] ?? 0)}`).join(', ')}`,
                  )
                  .join('; ')}
              >
                <BarChart
                  h={260}
                  data={data.createdByMonth}
                  dataKey="month"
                  type="stacked"
                  withLegend
                  series={data.productCodes.map((code, index) => ({
                    name: code,
                    color: PRODUCT_COLORS[index % PRODUCT_COLORS.length] ?? 'gray.6',
                  }))}
                />
              </ChartCard>
            </SimpleGrid>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
