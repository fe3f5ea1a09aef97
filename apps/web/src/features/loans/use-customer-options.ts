import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';

export interface TCustomerOption {
  value: string;
  label: string;
}

type TCustomerPage = { items: readonly { id: string; username: string; email: string }[] } | undefined;

/**
 * Options for a searchable customer picker, loaded from `customers.list` as the person types. Customers
 * seen once stay known, so the chosen one keeps its name when the search text changes. What was seen is
 * state, updated when a new page of results arrives (React's "adjust state when a prop changes"), never
 * a ref written during render.
 */
export function useCustomerOptions(selectedId: string | null | undefined) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const customers = useQuery(trpc.customers.list.queryOptions({ search: debounced || undefined, limit: 20 }));
  const [seen, setSeen] = useState<{ page: TCustomerPage; labels: ReadonlyMap<string, string> }>({
    page: undefined,
    labels: new Map(),
  });
  let labels = seen.labels;
  if (customers.data !== seen.page) {
    const next = new Map(seen.labels);
    for (const customer of customers.data?.items ?? []) {
      next.set(customer.id, `${customer.username} (${customer.email})`);
    }
    labels = next;
    setSeen({ page: customers.data, labels: next });
  }
  const options: TCustomerOption[] = (customers.data?.items ?? []).map((customer) => ({
    value: customer.id,
    label: labels.get(customer.id) ?? customer.username,
  }));
  if (selectedId && !options.some((option) => option.value === selectedId)) {
    options.unshift({
      value: selectedId,
      label: labels.get(selectedId) ?? `Customer #${selectedId.slice(0, 8)}`,
    });
  }
  return { options, setSearch, isLoading: customers.isPending };
}
