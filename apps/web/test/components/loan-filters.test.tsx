import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { LoanFilters, type TLoanFiltersProps } from '../../src/features/loans/loan-filters';
import {
  parseLoanFilters,
  type TLoanFilters,
  toListInput,
} from '../../src/features/loans/loan-filters-model';

const ME = '0b7a4a52-1111-4111-8111-111111111111';
const CUSTOMER = '0b7a4a52-2222-4222-8222-222222222222';

/** The filters wired like the screen: the value lives in the parent; every change is recorded. */
function Harness({
  initial = {},
  onChange,
}: {
  initial?: TLoanFilters;
  onChange: (next: TLoanFilters) => void;
}) {
  const [value, setValue] = useState<TLoanFilters>(initial);
  const props: TLoanFiltersProps = {
    value,
    onChange: (next) => {
      onChange(next);
      setValue(next);
    },
    products: [
      { value: 'HOME', label: 'Home loan' },
      { value: 'CAR', label: 'Car loan' },
    ],
    customers: [{ value: CUSTOMER, label: 'alice (alice@example.com)' }],
    agentFilter: { kind: 'mine', myId: ME },
  };
  return (
    <MantineProvider>
      <LoanFilters {...props} />
    </MantineProvider>
  );
}

function setUp(initial?: TLoanFilters) {
  const onChange = vi.fn<(next: TLoanFilters) => void>();
  render(<Harness initial={initial} onChange={onChange} />);
  return { onChange, user: userEvent.setup(), last: () => onChange.mock.lastCall?.[0] };
}

describe('LoanFilters', () => {
  it('filters by several statuses, in the canonical order', async () => {
    const { user, last } = setUp();
    const statuses = screen.getByRole('group', { name: 'Status' });
    await user.click(within(statuses).getByRole('checkbox', { name: 'Rejected' }));
    await user.click(within(statuses).getByRole('checkbox', { name: 'Pending' }));
    expect(last()).toEqual({ status: ['PENDING', 'REJECTED'] });
    expect(toListInput(last() ?? {}).status).toEqual(['PENDING', 'REJECTED']);
    await user.click(within(statuses).getByRole('checkbox', { name: 'Rejected' }));
    expect(last()).toEqual({ status: ['PENDING'] });
  });

  it('applies a date range, and refuses one that ends before it starts', () => {
    const { onChange, last } = setUp();
    fireEvent.change(screen.getByLabelText('From (inclusive)'), { target: { value: '2026-03-10' } });
    expect(last()).toEqual({ from: '2026-03-10' });
    onChange.mockClear();
    fireEvent.change(screen.getByLabelText('To (inclusive)'), { target: { value: '2026-03-01' } });
    expect(screen.getByText('The end date must not be before the start date')).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('To (inclusive)'), { target: { value: '2026-03-31' } });
    expect(last()).toEqual({ from: '2026-03-10', to: '2026-03-31' });
    expect(screen.queryByText('The end date must not be before the start date')).toBeNull();
  });

  it('switches the date range to the last-updated time and the order to oldest first', async () => {
    const { user, last } = setUp();
    await user.click(screen.getByText('Last updated'));
    expect(last()).toEqual({ dateField: 'updatedAt' });
    expect(toListInput(last() ?? {})).toMatchObject({ dateField: 'updatedAt', sort: 'desc' });
  });

  it('lets an agent narrow to the loans they forwarded (their own agent id)', async () => {
    const { user, last } = setUp();
    await user.click(screen.getByRole('switch', { name: 'Only loans I forwarded' }));
    expect(last()).toEqual({ agentId: ME });
    await user.click(screen.getByRole('switch', { name: 'Only loans I forwarded' }));
    expect(last()).toEqual({});
  });

  it('clears every filter at once', async () => {
    const { user, last } = setUp({ status: ['NEW'], productCode: 'HOME', from: '2026-01-01' });
    await user.click(screen.getByRole('button', { name: 'Clear all filters' }));
    expect(last()).toEqual({});
    expect((screen.getByLabelText('From (inclusive)') as HTMLInputElement).value).toBe('');
  });
});

describe('parseLoanFilters (URL → filters)', () => {
  it('keeps valid values and drops malformed ones', () => {
    expect(
      parseLoanFilters({
        status: ['PENDING', 'BOGUS', 'NEW'],
        productCode: 'HOME',
        customerId: CUSTOMER,
        agentId: 'not-a-uuid',
        dateField: 'updatedAt',
        from: '2026-02-30',
        to: '2026-03-31',
        sort: 'asc',
      }),
    ).toEqual({
      status: ['NEW', 'PENDING'],
      productCode: 'HOME',
      customerId: CUSTOMER,
      dateField: 'updatedAt',
      to: '2026-03-31',
      sort: 'asc',
    });
  });

  it('turns no filters into the API defaults', () => {
    expect(parseLoanFilters({})).toEqual({});
    expect(toListInput({})).toEqual({ dateField: 'createdAt', sort: 'desc' });
  });
});
