import { Group, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSignedIn } from '../../app/use-session';
import { DateTime } from '../../components/date-time';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { EmptyMessage, QueryState } from '../../components/query-state';
import { useTRPC } from '../../lib/trpc';
import { useCursorPages } from '../../lib/use-cursor-pages';

/** Customers, searchable, with links to their loans and (for agents) to open a loan for them. */
export function CustomersScreen() {
  const { user } = useSignedIn();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const pages = useCursorPages(debounced);
  const customers = useQuery({
    ...trpc.customers.list.queryOptions({ search: debounced || undefined, cursor: pages.cursor, limit: 20 }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader title="Customers" description="Everyone who borrows from us." />
      <TextInput
        label="Search customers"
        placeholder="Username or email"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        mb="md"
        maw={420}
      />
      <QueryState
        query={customers}
        loadingLabel="Loading customers"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <EmptyMessage title="No customers">
            {debounced ? 'Nobody matches this search.' : undefined}
          </EmptyMessage>
        }
      >
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped aria-label="Customers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Username</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">Phone</Table.Th>
                    <Table.Th scope="col">Joined</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((customer) => (
                    <Table.Tr key={customer.id}>
                      <Table.Td fw={600}>{customer.username}</Table.Td>
                      <Table.Td>{customer.email}</Table.Td>
                      <Table.Td>{customer.phone ?? '—'}</Table.Td>
                      <Table.Td>
                        <DateTime iso={customer.createdAt} dateOnly />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <AnchorLink to="/loans" search={{ customerId: customer.id }} size="sm">
                            Loans
                          </AnchorLink>
                          {user.role === 'agent' && (
                            <ButtonLink
                              to="/open-loan"
                              search={{ customerId: customer.id }}
                              size="compact-xs"
                              variant="default"
                            >
                              Open a loan
                            </ButtonLink>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager pages={pages} nextCursor={page.nextCursor} isFetching={customers.isFetching} />
          </>
        )}
      </QueryState>
    </>
  );
}
