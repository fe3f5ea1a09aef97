import { Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useElementSize, useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { DateTime } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { Money } from '../../components/money';
import { StatusBadge } from '../../components/status-badge';
import { formatRate, formatTerm } from '../../lib/format';
import type { TLoanView } from '../../lib/trpc';

export type TLoanColumn = 'customer' | 'agent' | 'created' | 'updated';

/** Below this width of the list, a table would scroll sideways: each loan becomes a card instead. */
const CARD_LAYOUT_BELOW_PX = 720;

interface TLoanTableProps {
  loans: readonly TLoanView[];
  columns?: readonly TLoanColumn[];
  actions?: (loan: TLoanView) => ReactNode;
  caption: string;
}

/**
 * Loans as a table where there is room, as a list of cards where there is not (a phone, a narrow
 * window). In both, each loan's first link opens it (keyboard users tab through the links) and carries
 * `data-testid="loan-row"`. The table keeps to the content width of a 1280 px screen with the navigation
 * open: second lines (the installment under the amount, the rate under the term, the agent under the
 * customer) instead of more columns.
 */
export function LoanTable(props: TLoanTableProps) {
  const { ref, width } = useElementSize();
  // Before the list is measured (and where it cannot be), the viewport decides.
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const isNarrow = width > 0 ? width < CARD_LAYOUT_BELOW_PX : isPhone;
  return (
    <div ref={ref} data-layout={isNarrow ? 'cards' : 'table'}>
      {isNarrow ? <LoanCards {...props} /> : <LoanRows {...props} />}
    </div>
  );
}

function LoanLink({ loan }: { loan: TLoanView }) {
  return (
    <AnchorLink to="/loans/$loanId" params={{ loanId: loan.id }} fw={600} className="wrap-anywhere">
      {loan.productName}
    </AnchorLink>
  );
}

function People({ loan, columns }: { loan: TLoanView; columns: readonly TLoanColumn[] }) {
  const hasCustomer = columns.includes('customer');
  const hasAgent = columns.includes('agent');
  return (
    <>
      {hasCustomer && <Text size="sm">{loan.customer.username}</Text>}
      {hasAgent && (
        <Text size={hasCustomer ? 'xs' : 'sm'} c={hasCustomer ? 'dimmed' : undefined}>
          {loan.agent ? `${hasCustomer ? 'Agent ' : ''}${loan.agent.username}` : 'No agent yet'}
        </Text>
      )}
    </>
  );
}

const peopleHeading = (columns: readonly TLoanColumn[]): string | null => {
  const hasCustomer = columns.includes('customer');
  const hasAgent = columns.includes('agent');
  if (hasCustomer && hasAgent) return 'Customer · agent';
  if (hasCustomer) return 'Customer';
  if (hasAgent) return 'Agent';
  return null;
};

function LoanDate({ loan, columns }: { loan: TLoanView; columns: readonly TLoanColumn[] }) {
  if (columns.includes('updated')) return <DateTime iso={loan.updatedAt} />;
  if (columns.includes('created')) return <DateTime iso={loan.createdAt} />;
  return null;
}

const dateHeading = (columns: readonly TLoanColumn[]): string | null =>
  columns.includes('updated') ? 'Updated' : columns.includes('created') ? 'Created' : null;

function LoanRows({ loans, columns = ['customer', 'agent', 'created'], actions, caption }: TLoanTableProps) {
  const people = peopleHeading(columns);
  const date = dateHeading(columns);
  return (
    <Table.ScrollContainer minWidth={CARD_LAYOUT_BELOW_PX}>
      <Table striped highlightOnHover verticalSpacing="xs" horizontalSpacing="xs" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Loan</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
            <Table.Th scope="col">Term</Table.Th>
            {people && <Table.Th scope="col">{people}</Table.Th>}
            {date && <Table.Th scope="col">{date}</Table.Th>}
            {actions && <Table.Th scope="col">Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loans.map((loan) => (
            <Table.Tr key={loan.id} data-testid="loan-row" data-loan-id={loan.id} data-status={loan.status}>
              <Table.Td>
                <LoanLink loan={loan} />
                <Text size="xs" c="dimmed">
                  #{loan.id.slice(0, 8)}
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={loan.status} />
              </Table.Td>
              <Table.Td ta="right">
                <Money value={loan.principal} />
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  <Money value={loan.monthlyInstallment} /> a month
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {formatTerm(loan.termMonths)}
                <Text size="xs" c="dimmed">
                  {formatRate(loan.annualRatePercent)} a year
                </Text>
              </Table.Td>
              {people && (
                <Table.Td className="wrap-anywhere">
                  <People loan={loan} columns={columns} />
                </Table.Td>
              )}
              {date && (
                <Table.Td fz="sm">
                  <LoanDate loan={loan} columns={columns} />
                </Table.Td>
              )}
              {actions && <Table.Td>{actions(loan)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CardFigure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0} miw={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" className="wrap-anywhere">
        {children}
      </Text>
    </Stack>
  );
}

function LoanCards({ loans, columns = ['customer', 'agent', 'created'], actions, caption }: TLoanTableProps) {
  const date = dateHeading(columns);
  return (
    <Stack component="ul" gap="sm" aria-label={caption} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {loans.map((loan) => (
        <Card
          component="li"
          key={loan.id}
          withBorder
          padding="sm"
          data-testid="loan-row"
          data-loan-id={loan.id}
          data-status={loan.status}
        >
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={0} miw={0}>
              <LoanLink loan={loan} />
              <Text size="xs" c="dimmed">
                #{loan.id.slice(0, 8)}
              </Text>
            </Stack>
            <StatusBadge status={loan.status} />
          </Group>
          <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} mt="xs">
            <CardFigure label="Amount">
              <Money value={loan.principal} />
            </CardFigure>
            <CardFigure label="Monthly">
              <Money value={loan.monthlyInstallment} />
            </CardFigure>
            <CardFigure label="Term · rate">
              {formatTerm(loan.termMonths)} · {formatRate(loan.annualRatePercent)}
            </CardFigure>
            {date && (
              <CardFigure label={date}>
                <LoanDate loan={loan} columns={columns} />
              </CardFigure>
            )}
            {columns.includes('customer') && (
              <CardFigure label="Customer">{loan.customer.username}</CardFigure>
            )}
            {columns.includes('agent') && (
              <CardFigure label="Agent">{loan.agent?.username ?? 'No agent yet'}</CardFigure>
            )}
          </SimpleGrid>
          {actions && (
            <Group mt="sm" gap="xs">
              {actions(loan)}
            </Group>
          )}
        </Card>
      ))}
    </Stack>
  );
}
