import { Button, Table } from '@mantine/core';
import { useState } from 'react';
import { Money } from './money';

export interface TScheduleRowView {
  period: number;
  installment: string;
  interest: string;
  principal: string;
  balance: string;
}

const FIRST_ROWS = 12;

/** The amortization schedule; long schedules show their first year until asked for the rest. */
export function ScheduleTable({ rows, caption }: { rows: readonly TScheduleRowView[]; caption?: string }) {
  const [showAll, setShowAll] = useState(false);
  const visible = showAll ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover captionSide="top" aria-label={caption ?? 'Repayment schedule'}>
          {caption && <Table.Caption>{caption}</Table.Caption>}
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Month</Table.Th>
              <Table.Th scope="col" ta="right">
                Installment
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Interest
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Principal
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Balance
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((row) => (
              <Table.Tr key={row.period}>
                <Table.Td>{row.period}</Table.Td>
                <Table.Td ta="right">
                  <Money value={row.installment} />
                </Table.Td>
                <Table.Td ta="right">
                  <Money value={row.interest} />
                </Table.Td>
                <Table.Td ta="right">
                  <Money value={row.principal} />
                </Table.Td>
                <Table.Td ta="right">
                  <Money value={row.balance} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > FIRST_ROWS && (
        <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setShowAll((value) => !value)}>
          {showAll ? `Show the first ${FIRST_ROWS} months only` : `Show all ${rows.length} months`}
        </Button>
      )}
    </>
  );
}
