import { SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { UserList } from './user-list';

type TRoleFilter = 'all' | 'customer' | 'agent' | 'admin';

export function UsersScreen() {
  const [role, setRole] = useState<TRoleFilter>('all');
  return (
    <>
      <PageHeader title="Users" description="Every account: customers, agents and admins." />
      <SegmentedControl
        aria-label="Role"
        mb="md"
        value={role}
        onChange={(next) =>
          setRole(next === 'customer' || next === 'agent' || next === 'admin' ? next : 'all')
        }
        data={[
          { value: 'all', label: 'All' },
          { value: 'customer', label: 'Customers' },
          { value: 'agent', label: 'Agents' },
          { value: 'admin', label: 'Admins' },
        ]}
      />
      <UserList
        source={{ procedure: 'users', input: role === 'all' ? {} : { role } }}
        caption="Users"
        empty="No accounts with this role."
        showRole
      />
    </>
  );
}
