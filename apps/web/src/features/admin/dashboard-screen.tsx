import { Button, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ButtonLink } from '../../components/links';
import { Money } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { EmptyMessage, QueryState } from '../../components/query-state';
import { formatBusinessDate, formatMoney, humanize } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { BarChart, DonutChart } from './charts';
import { formatShare, type TPortfolioView, toPortfolioView } from './portfolio';

const STATUS_COLOR: Record<TPortfolioView['byStatus'][number]['status'], string> = {
  NEW: 'blue.6',
  PENDING: 'orange.6',
  APPROVED: 'green.7',
  REJECTED: 'red.7',
  WITHDRAWN: 'gray.5',
  ACTIVE: 'teal.7',
  PAID_OFF: 'lime.7',
  WRITTEN_OFF: 'grape.7',
};
const BAND_COLOR = ['teal.6', 'orange.6', 'red.8'] as const;

const count = new Intl.NumberFormat();
/** Axis ticks only: chart geometry needs numbers; every figure shown as text is formatted exactly. */
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

function Kpi({
  label,
  testId,
  value,
  hint,
}: {
  label: string;
  testId: string;
  value: ReactNode;
  hint: string;
}) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={`kpi-${testId}`}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}

/**
 * A chart with its figures as a table: the chart is drawn for the eye (inert: hidden from screen readers,
 * which read the table instead, and from the tab order), the table holds the exact values.
 */
function ChartCard({
  title,
  chart,
  table,
  testId,
}: {
  title: string;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
    >
      <Title order={2} size="h4" mb="xs" id={`${testId}-title`}>
        {title}
      </Title>
      {/* `inert`: out of the tab order and the accessibility tree; the table below is what is read. */}
      <div inert>{chart}</div>
      <Table.ScrollContainer minWidth={280} mt="sm">
        {table}
      </Table.ScrollContainer>
    </Card>
  );
}

function FigureTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
}) {
  return (
    <Table verticalSpacing={4} fz="sm" striped captionSide="top">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {head.map((cell, index) => (
            <Table.Th key={cell} scope="col" ta={index === 0 ? undefined : 'right'}>
              {cell}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key} data-row={row.key}>
            {row.cells.map((cell, index) =>
              index === 0 ? (
                <Table.Th key={index} scope="row" fw={400}>
                  {cell}
                </Table.Th>
              ) : (
                <Table.Td key={index} ta="right">
                  {cell}
                </Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The portfolio at a glance, computed by the database (`portfolio.summary`): principal outstanding, PAR 30
 * and PAR 90, the approval rate, loans and amounts by status and product, money out and in per month, and
 * the arrears split of what is outstanding. Every chart has its table.
 */
export function DashboardScreen() {
  const trpc = useTRPC();
  // Always current when opened: the figures change with every decision and posting.
  const summary = useQuery({ ...trpc.portfolio.summary.queryOptions({}), staleTime: 0 });
  const products = useQuery(trpc.loanProducts.list.queryOptions());
  const names = new Map((products.data ?? []).map((product) => [product.code, product.name]));

  return (
    <>
      <PageHeader
        title="Portfolio dashboard"
        description="The whole book, computed by the database: what is outstanding, what is late, money out and in."
        actions={
          <>
            <ButtonLink to="/collections" variant="default" size="xs">
              Collections queue
            </ButtonLink>
            <Button
              variant="default"
              size="xs"
              onClick={() => void summary.refetch()}
              loading={summary.isFetching}
            >
              Refresh
            </Button>
          </>
        }
      />
      <QueryState
        query={summary}
        loadingLabel="Reading the loan book"
        isEmpty={(data) => data.byStatus.length === 0}
        empty={<EmptyMessage title="No loans yet">Figures appear once customers apply.</EmptyMessage>}
      >
        {(data) => <Dashboard view={toPortfolioView(data, names)} />}
      </QueryState>
    </>
  );
}

function Dashboard({ view }: { view: TPortfolioView }) {
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        As of {formatBusinessDate(view.asOf)} · {count.format(view.loanCount)} loans
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Kpi
          label="Principal outstanding"
          testId="principal-outstanding"
          value={<Money value={view.principalOutstanding} />}
          hint="Unpaid principal of active loans"
        />
        <Kpi
          label="PAR 30"
          testId="par-30"
          value={formatShare(view.par30)}
          hint="Share of it in loans over 30 days late"
        />
        <Kpi
          label="PAR 90"
          testId="par-90"
          value={formatShare(view.par90)}
          hint="Share of it in loans over 90 days late"
        />
        <Kpi
          label="Approval rate"
          testId="approval-rate"
          value={formatShare(view.approvalRate)}
          hint="Approved out of decided loans"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ChartCard
          title="Loans by status"
          testId="chart-status"
          chart={
            <DonutChart
              height={220}
              withLabels
              data={view.byStatus
                .filter((row) => row.count > 0)
                .map((row) => ({
                  name: humanize(row.status),
                  value: row.count,
                  color: STATUS_COLOR[row.status],
                }))}
            />
          }
          table={
            <FigureTable
              caption="Loans and principal by status"
              head={['Status', 'Loans', 'Principal']}
              rows={view.byStatus.map((row) => ({
                key: row.status,
                cells: [humanize(row.status), count.format(row.count), formatMoney(row.principal)],
              }))}
            />
          }
        />
        <ChartCard
          title="By product"
          testId="chart-product"
          chart={
            <BarChart
              height={240}
              data={view.byProduct.map((row) => ({
                product: row.name,
                principal: Number(row.principal),
                outstanding: Number(row.principalOutstanding),
              }))}
              dataKey="product"
              valueFormatter={(value) => compact.format(value)}
              series={[
                { name: 'principal', label: 'Principal lent', color: 'indigo.6' },
                { name: 'outstanding', label: 'Outstanding', color: 'teal.7' },
              ]}
            />
          }
          table={
            <FigureTable
              caption="Loans, principal and principal outstanding by product"
              head={['Product', 'Loans', 'Principal', 'Outstanding']}
              rows={view.byProduct.map((row) => ({
                key: row.productCode,
                cells: [
                  row.name,
                  count.format(row.count),
                  formatMoney(row.principal),
                  formatMoney(row.principalOutstanding),
                ],
              }))}
            />
          }
        />
        <ChartCard
          title="Disbursed and collected per month"
          testId="chart-months"
          chart={
            <BarChart
              height={240}
              data={view.months.map((row) => ({
                month: row.label,
                disbursed: Number(row.disbursed),
                collected: Number(row.collected),
              }))}
              dataKey="month"
              valueFormatter={(value) => compact.format(value)}
              series={[
                { name: 'disbursed', label: 'Disbursed', color: 'indigo.6' },
                { name: 'collected', label: 'Collected', color: 'teal.7' },
              ]}
            />
          }
          table={
            <FigureTable
              caption="Money paid out and collected per month (last 12 months)"
              head={['Month', 'Disbursed', 'Collected']}
              rows={view.months.map((row) => ({
                key: row.month,
                cells: [row.label, formatMoney(row.disbursed), formatMoney(row.collected)],
              }))}
            />
          }
        />
        <ChartCard
          title="Arrears"
          testId="chart-arrears"
          chart={
            <DonutChart
              height={220}
              data={view.arrears.map((band, index) => ({
                name: band.label,
                value: Number(band.share),
                color: BAND_COLOR[index] ?? 'gray.6',
              }))}
            />
          }
          table={
            <FigureTable
              caption="Share of the principal outstanding by days past due"
              head={['Days past due', 'Share']}
              rows={view.arrears.map((band) => ({
                key: band.key,
                cells: [band.label, formatShare(band.share)],
              }))}
            />
          }
        />
      </SimpleGrid>
    </Stack>
  );
}
