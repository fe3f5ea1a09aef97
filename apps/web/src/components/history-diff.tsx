import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatMoney, formatRate, formatTerm, humanize } from '../lib/format';
import { DateTime } from './date-time';
import { EmptyMessage } from './query-state';

type TJsonValue = string | number | boolean | null;

export interface THistoryEntryLike {
  version: number;
  action: string;
  at: string;
  actor: { id: string; username: string; role: string };
  changes: Record<string, { from: TJsonValue; to: TJsonValue }>;
}

/** How each recorded loan field is labelled and shown; the order is the order of the rows. */
const FIELDS: Record<
  string,
  { label: string; kind: 'money' | 'rate' | 'term' | 'status' | 'user' | 'time' | 'text' }
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
};

const FIELD_ORDER = Object.keys(FIELDS);

const ACTION_TEXT: Record<string, string> = {
  CREATED: 'Applied',
  UPDATED: 'Edited',
  FORWARDED: 'Forwarded to the admin',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
};

const ACTION_COLOR: Record<string, string> = {
  CREATED: 'blue',
  UPDATED: 'violet',
  FORWARDED: 'orange',
  APPROVED: 'green',
  REJECTED: 'red',
  WITHDRAWN: 'gray',
};

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
    default:
      return <>{text}</>;
  }
}

function EntryTitle({ entry }: { entry: THistoryEntryLike }): ReactNode {
  return (
    <Group gap="xs" wrap="wrap">
      <Badge color={ACTION_COLOR[entry.action] ?? 'gray'} variant="dot" radius="sm">
        {ACTION_TEXT[entry.action] ?? humanize(entry.action)}
      </Badge>
      <Text size="sm">
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
