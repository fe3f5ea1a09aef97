import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { DateTime } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { Money } from '../../components/money';
import { StatusBadge } from '../../components/status-badge';
import { formatRate, formatTerm } from '../../lib/format';
import type { TLoanView } from '../../lib/trpc';

export type TLoanColumn = 'customer' | 'agent' | 'created' | 'updated';

/**
 * Loans as a table: the first cell links to the loan (keyboard users tab through the links), and the
 * table scrolls sideways on a phone rather than squeezing the figures.
 */
export function LoanTable({
  loans,
  columns = ['customer', 'agent', 'created'],
  actions,
  caption,
}: {
  loans: readonly TLoanView[];
  columns?: readonly TLoanColumn[];
  actions?: (loan: TLoanView) => ReactNode;
  caption: string;
}) {
  const has = (column: TLoanColumn) => columns.includes(column);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Loan</Table.Th>
            <Table.Th scope="col" miw={130}>
              Status
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
            <Table.Th scope="col">Term · rate</Table.Th>
            <Table.Th scope="col" ta="right">
              Monthly
            </Table.Th>
            {has('customer') && <Table.Th scope="col">Customer</Table.Th>}
            {has('agent') && <Table.Th scope="col">Agent</Table.Th>}
            {has('created') && <Table.Th scope="col">Created</Table.Th>}
            {has('updated') && <Table.Th scope="col">Updated</Table.Th>}
            {actions && <Table.Th scope="col">Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loans.map((loan) => (
            <Table.Tr key={loan.id} data-testid="loan-row" data-loan-id={loan.id} data-status={loan.status}>
              <Table.Td>
                <AnchorLink to="/loans/$loanId" params={{ loanId: loan.id }} fw={600}>
                  {loan.productName}
                </AnchorLink>
                <Text size="xs" c="dimmed">
                  #{loan.id.slice(0, 8)}
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={loan.status} />
              </Table.Td>
              <Table.Td ta="right">
                <Money value={loan.principal} />
              </Table.Td>
              <Table.Td>
                {formatTerm(loan.termMonths)} · {formatRate(loan.annualRatePercent)}
              </Table.Td>
              <Table.Td ta="right">
                <Money value={loan.monthlyInstallment} />
              </Table.Td>
              {has('customer') && <Table.Td>{loan.customer.username}</Table.Td>}
              {has('agent') && <Table.Td>{loan.agent?.username ?? '—'}</Table.Td>}
              {has('created') && (
                <Table.Td>
                  <DateTime iso={loan.createdAt} />
                </Table.Td>
              )}
              {has('updated') && (
                <Table.Td>
                  <DateTime iso={loan.updatedAt} />
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
