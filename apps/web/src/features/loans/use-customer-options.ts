import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTRPC } from '../../lib/trpc';

export interface TCustomerOption {
  value: string;
  label: string;
}

/**
 * Options for a searchable customer picker, loaded from `customers.list` as the person types. Customers
 * seen once stay known, so the chosen one keeps its name when the search text changes.
 */
export function useCustomerOptions(selectedId: string | null | undefined) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const known = useRef(new Map<string, string>());
  const customers = useQuery(trpc.customers.list.queryOptions({ search: debounced || undefined, limit: 20 }));
  for (const customer of customers.data?.items ?? []) {
    known.current.set(customer.id, `${customer.username} (${customer.email})`);
  }
  const options: TCustomerOption[] = (customers.data?.items ?? []).map((customer) => ({
    value: customer.id,
    label: known.current.get(customer.id) ?? customer.username,
  }));
  if (selectedId && !options.some((option) => option.value === selectedId)) {
    options.unshift({
      value: selectedId,
      label: known.current.get(selectedId) ?? `Customer #${selectedId.slice(0, 8)}`,
    });
  }
  return { options, setSearch, isLoading: customers.isPending };
}
