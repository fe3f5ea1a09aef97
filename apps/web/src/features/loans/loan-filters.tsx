import {
  Button,
  Chip,
  Fieldset,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { humanize } from '../../lib/format';
import {
  compactFilters,
  dateRangeError,
  hasActiveFilters,
  isFilterDate,
  isLoanStatus,
  LOAN_STATUS_OPTIONS,
  type TLoanFilters,
} from './loan-filters-model';

export interface TOption {
  value: string;
  label: string;
}

export interface TLoanFiltersProps {
  value: TLoanFilters;
  onChange: (next: TLoanFilters) => void;
  products: readonly TOption[];
  customers: readonly TOption[];
  /** Called as the person types into the customer search, to load matching customers. */
  onCustomerSearch?: (search: string) => void;
  /**
   * How the agent filter looks: admins pick any agent from a list; an agent toggles "only mine" (agents
   * cannot list other agents).
   */
  agentFilter: { kind: 'list'; agents: readonly TOption[] } | { kind: 'mine'; myId: string };
}

/**
 * Filters for a loan list: status (several), product, customer, agent, and a created/updated date range
 * (days inclusive, UTC). Every change is applied at once, except a date range that ends before it starts,
 * which is explained on the field and not sent.
 */
export function LoanFilters({
  value,
  onChange,
  products,
  customers,
  onCustomerSearch,
  agentFilter,
}: TLoanFiltersProps) {
  // Dates are edited as drafts: half-typed or reversed ranges stay on screen without reaching the URL.
  const [dates, setDates] = useState({ from: value.from ?? '', to: value.to ?? '' });
  const [rangeError, setRangeError] = useState<string | null>(null);

  const update = (patch: Partial<TLoanFilters>) => onChange(compactFilters({ ...value, ...patch }));

  const changeDate = (key: 'from' | 'to', text: string) => {
    const next = { ...dates, [key]: text };
    setDates(next);
    if (text !== '' && !isFilterDate(text)) return;
    const range = { from: next.from || undefined, to: next.to || undefined };
    const error = dateRangeError(range);
    setRangeError(error);
    if (!error) update(range);
  };

  const reset = () => {
    setDates({ from: '', to: '' });
    setRangeError(null);
    onChange({});
  };

  const customerOptions = [...customers];
  if (value.customerId && !customerOptions.some((option) => option.value === value.customerId)) {
    customerOptions.push({ value: value.customerId, label: `Customer #${value.customerId.slice(0, 8)}` });
  }

  return (
    <Fieldset legend="Filters" variant="filled" aria-label="Loan filters">
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={500} id="status-filter-label" mb={4}>
            Status
          </Text>
          <Chip.Group
            multiple
            value={value.status ?? []}
            onChange={(next) => update({ status: next.filter(isLoanStatus) })}
          >
            <Group gap={6} role="group" aria-labelledby="status-filter-label">
              {LOAN_STATUS_OPTIONS.map((status) => (
                <Chip key={status} value={status} size="sm">
                  {humanize(status)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <Select
            label="Product"
            placeholder="All products"
            data={products as TOption[]}
            value={value.productCode ?? null}
            onChange={(next) => update({ productCode: next ?? undefined })}
            clearable
          />
          <Select
            label="Customer"
            placeholder="Any customer — type to search"
            data={customerOptions}
            value={value.customerId ?? null}
            onChange={(next) => update({ customerId: next ?? undefined })}
            onSearchChange={onCustomerSearch}
            searchable
            clearable
            nothingFoundMessage="No matching customer"
          />
          {agentFilter.kind === 'list' ? (
            <Select
              label="Agent"
              placeholder="Any agent"
              data={agentFilter.agents as TOption[]}
              value={value.agentId ?? null}
              onChange={(next) => update({ agentId: next ?? undefined })}
              searchable
              clearable
            />
          ) : (
            <Switch
              mt={{ base: 0, sm: 'xl' }}
              label="Only loans I forwarded"
              checked={value.agentId === agentFilter.myId}
              onChange={(event) =>
                update({ agentId: event.currentTarget.checked ? agentFilter.myId : undefined })
              }
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="date-field-label">
              Date range applies to
            </Text>
            <SegmentedControl
              aria-labelledby="date-field-label"
              data={[
                { value: 'createdAt', label: 'Created' },
                { value: 'updatedAt', label: 'Last updated' },
              ]}
              value={value.dateField ?? 'createdAt'}
              onChange={(next) => update({ dateField: next === 'updatedAt' ? 'updatedAt' : undefined })}
            />
          </Stack>
          <TextInput
            type="date"
            label="From (inclusive)"
            value={dates.from}
            onChange={(event) => changeDate('from', event.currentTarget.value)}
          />
          <TextInput
            type="date"
            label="To (inclusive)"
            value={dates.to}
            error={rangeError}
            onChange={(event) => changeDate('to', event.currentTarget.value)}
          />
          <Select
            label="Order"
            data={[
              { value: 'desc', label: 'Newest first' },
              { value: 'asc', label: 'Oldest first' },
            ]}
            value={value.sort ?? 'desc'}
            onChange={(next) => update({ sort: next === 'asc' ? 'asc' : undefined })}
            allowDeselect={false}
          />
        </SimpleGrid>
        {hasActiveFilters(value) && (
          <Group>
            <Button variant="subtle" size="compact-sm" onClick={reset}>
              Clear all filters
            </Button>
          </Group>
        )}
      </Stack>
    </Fieldset>
  );
}
