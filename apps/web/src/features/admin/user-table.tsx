import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { DateTime } from '../../components/date-time';
import { StatusBadge } from '../../components/status-badge';
import type { TUserView } from '../../lib/trpc';

/** Accounts as a table, with an optional actions column. */
export function UserTable({
  users,
  caption,
  actions,
  showRole = false,
}: {
  users: readonly TUserView[];
  caption: string;
  actions?: (user: TUserView) => ReactNode;
  showRole?: boolean;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Username</Table.Th>
            {showRole && <Table.Th scope="col">Role</Table.Th>}
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Phone</Table.Th>
            <Table.Th scope="col">Registered</Table.Th>
            {actions && <Table.Th scope="col">Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id} data-testid="user-row" data-username={user.username}>
              <Table.Td fw={600}>{user.username}</Table.Td>
              {showRole && <Table.Td>{user.role}</Table.Td>}
              <Table.Td>
                <StatusBadge status={user.status} of="account" />
              </Table.Td>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>{user.phone ?? '—'}</Table.Td>
              <Table.Td>
                <DateTime iso={user.createdAt} />
              </Table.Td>
              {actions && <Table.Td>{actions(user)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
