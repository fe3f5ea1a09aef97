import type { TLoanHistoryAction } from '@loanbook/domain/loans/state-machine';
import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatBusinessDate, formatMoney, formatRate, formatTerm, humanize } from '../lib/format';
import { historyActionColor, historyActionLabel } from '../lib/vocabulary';
import { DateTime } from './date-time';
import { EmptyMessage } from './query-state';

type TJsonValue = string | number | boolean | null;

export interface THistoryEntryLike {
  version: number;
  action: TLoanHistoryAction;
  at: string;
  actor: { id: string; username: string; role: string };
  changes: Record<string, { from: TJsonValue; to: TJsonValue }>;
}

/** How each recorded loan field is labelled and shown; the order is the order of the rows. */
const FIELDS: Record<
  string,
  {
    label: string;
    kind: 'money' | 'rate' | 'term' | 'status' | 'user' | 'time' | 'date' | 'days' | 'text';
  }
> = {
  status: { label: 'Status', kind: 'status' },
  productCode: { label: 'Product', kind: 'text' },
  principal: { label: 'Amount', kind: 'money' },
  termMonths: { label: 'Term', kind: 'term' },
  annualRatePercent: { label: 'Interest rate', kind: 'rate' },
  monthlyInstallment: { label: 'Monthly installment', kind: 'money' },
  totalInterest: { label: 'Total interest', kind: 'money' },
  totalPayable: { label: 'Total payable', kind: 'money' },
  customerId: { label: 'Customer', kind: 'user' },
  agentId: { label: 'Agent', kind: 'user' },
  rejectionReason: { label: 'Rejection reason', kind: 'text' },
  decidedById: { label: 'Decided by', kind: 'user' },
  decidedAt: { label: 'Decided at', kind: 'time' },
  lateFee: { label: 'Late fee', kind: 'money' },
  lateFeeGraceDays: { label: 'Late fee grace', kind: 'days' },
  disbursedOn: { label: 'Paid out on', kind: 'date' },
  principalOutstanding: { label: 'Principal outstanding', kind: 'money' },
  nextDueOn: { label: 'Next due on', kind: 'date' },
  nextDueAmount: { label: 'Next due amount', kind: 'money' },
  totalPaid: { label: 'Total paid', kind: 'money' },
  closedOn: { label: 'Closed on', kind: 'date' },
  transactionId: { label: 'Transaction', kind: 'text' },
};

const FIELD_ORDER = Object.keys(FIELDS);

/** Fields in a stable, meaningful order: the known ones as listed above, then any others by name. */
export function orderedFields(changes: Record<string, unknown>): string[] {
  const known = FIELD_ORDER.filter((field) => field in changes);
  const unknown = Object.keys(changes)
    .filter((field) => !(field in FIELDS))
    .sort();
  return [...known, ...unknown];
}

function Value({ field, value, names }: { field: string; value: TJsonValue; names: Record<string, string> }) {
  if (value === null || value === '') {
    return (
      <Text span c="dimmed" aria-label="none">
        —
      </Text>
    );
  }
  const text = String(value);
  switch (FIELDS[field]?.kind) {
    case 'money':
      return <>{formatMoney(text)}</>;
    case 'rate':
      return <>{formatRate(text)}</>;
    case 'term':
      return <>{typeof value === 'number' ? formatTerm(value) : text}</>;
    case 'status':
      return <>{humanize(text)}</>;
    case 'user':
      return <>{names[text] ?? `#${text.slice(0, 8)}`}</>;
    case 'time':
      return <DateTime iso={text} />;
    case 'date':
      return <time dateTime={text}>{formatBusinessDate(text)}</time>;
    case 'days':
      return <>{text === '1' ? '1 day' : `${text} days`}</>;
    default:
      return <>{text}</>;
  }
}

function EntryTitle({ entry }: { entry: THistoryEntryLike }): ReactNode {
  return (
    <Group gap="xs" wrap="wrap">
      <Badge color={historyActionColor(entry.action)} variant="dot" radius="sm" maw="100%">
        {historyActionLabel(entry.action)}
      </Badge>
      <Text size="sm" className="wrap-anywhere">
        by <strong>{entry.actor.username}</strong> ({entry.actor.role})
      </Text>
      <Text size="sm" c="dimmed">
        <DateTime iso={entry.at} />
      </Text>
    </Group>
  );
}

/**
 * A loan's history as a readable, field-by-field diff: for each change who did it (user and role), when,
 * and each field's value before and after, formatted like the rest of the app. `names` maps user ids in
 * the changes (customer, agent, decided by) to usernames.
 */
export function HistoryDiff({
  entries,
  names = {},
}: {
  entries: readonly THistoryEntryLike[];
  names?: Record<string, string>;
}) {
  if (entries.length === 0) return <EmptyMessage title="No history recorded yet" />;
  const allNames = { ...names };
  for (const entry of entries) allNames[entry.actor.id] ??= entry.actor.username;
  return (
    <Stack
      gap="sm"
      component="ol"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label="Loan history"
    >
      {entries.map((entry) => {
        const fields = orderedFields(entry.changes);
        const isCreation = entry.action === 'CREATED';
        return (
          <Card
            component="li"
            key={entry.version}
            withBorder
            padding="sm"
            data-testid="history-entry"
            data-action={entry.action}
          >
            <EntryTitle entry={entry} />
            {fields.length > 0 && (
              <Table.ScrollContainer minWidth={360} mt="xs">
                <Table withRowBorders={false} verticalSpacing={4} fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Field</Table.Th>
                      {!isCreation && <Table.Th scope="col">Before</Table.Th>}
                      <Table.Th scope="col">{isCreation ? 'Value' : 'After'}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {fields.map((field) => {
                      const change = entry.changes[field];
                      if (!change) return null;
                      return (
                        <Table.Tr key={field} data-field={field}>
                          <Table.Th scope="row" fw={500}>
                            {FIELDS[field]?.label ?? field}
                          </Table.Th>
                          {!isCreation && (
                            <Table.Td data-role="from">
                              <Text span td="line-through" c="dimmed" size="sm">
                                <Value field={field} value={change.from} names={allNames} />
                              </Text>
                            </Table.Td>
                          )}
                          <Table.Td data-role="to">
                            {!isCreation && (
                              <Text span c="dimmed" mr={6} aria-hidden>
                                →
                              </Text>
                            )}
                            <Value field={field} value={change.to} names={allNames} />
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}
