import { Notifications } from '@mantine/notifications';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ReactNode, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoanList } from '../../src/features/loans/loan-list';
import { useCustomerOptions } from '../../src/features/loans/use-customer-options';
import type { TLoanListInput } from '../../src/lib/trpc';
import { loanDetail } from './fixtures';
import { fakeApi, renderWithApi } from './render';

const { schedule: _schedule, ...LOAN } = loanDetail({
  status: 'PENDING',
  agent: { id: '0b7a4a52-4444-4444-8444-444444444444', username: 'bob' },
});

/** Links need a router: `Screen` is rendered as the root route's component. */
function routed(Screen: () => ReactNode) {
  const router = createRouter({
    routeTree: createRootRoute({ component: Screen }),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  return <RouterProvider router={router} />;
}

const narrowScreen = (matches: boolean) => {
  vi.spyOn(window, 'matchMedia').mockImplementation(
    (query: string) =>
      ({
        matches,
        media: query,
        onchange: null,
        addEventListener: () => {},
        removeEventListener: () => {},
        addListener: () => {},
        removeListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList,
  );
};

afterEach(() => vi.restoreAllMocks());

const listApi = () => fakeApi({ 'loans.list': () => ({ items: [LOAN], nextCursor: null }) });

describe('LoanList', () => {
  it('shows each loan as a card on a phone, with its figures and actions', async () => {
    narrowScreen(true);
    renderWithApi(
      routed(() => (
        <LoanList
          input={{ status: ['PENDING'] }}
          caption="Loans awaiting a decision"
          columns={['customer', 'agent', 'updated']}
          empty="None"
          actions={() => <button type="button">Decide</button>}
        />
      )),
      listApi().link,
    );
    const list = await screen.findByRole('list', { name: 'Loans awaiting a decision' });
    const card = within(list).getByTestId('loan-row');
    expect(card.tagName).toBe('LI');
    expect(within(card).getByRole('link', { name: 'Car loan' })).toBeTruthy();
    expect(card.textContent).toContain('walkagent_mx4aha53');
    expect(card.textContent).toContain('bob');
    expect(within(card).getByRole('button', { name: 'Decide' })).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('keeps a table on a wide screen, the installment and rate as second lines', async () => {
    narrowScreen(false);
    renderWithApi(
      routed(() => <LoanList input={{}} caption="My loans" columns={['agent', 'created']} empty="None" />),
      listApi().link,
    );
    const table = await screen.findByRole('table', { name: 'My loans' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toEqual(['Loan', 'Status', 'Amount', 'Term', 'Agent', 'Created']);
  });

  it('takes the "CSV exported" toast back when the filter changes', async () => {
    narrowScreen(false);
    URL.createObjectURL = vi.fn(() => 'blob:csv');
    URL.revokeObjectURL = vi.fn();
    // The server's streamed export: a header and one loan.
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () => new Response('"id","status"\r\n"loan-1","PENDING"\r\n', { status: 200 }),
    );
    const user = userEvent.setup();
    const api = listApi();
    function Screen() {
      const [input, setInput] = useState<Omit<TLoanListInput, 'cursor' | 'limit'>>({});
      return (
        <>
          <Notifications />
          <button type="button" onClick={() => setInput({ status: ['REJECTED'] })}>
            Only rejected
          </button>
          <LoanList input={input} caption="All loans" empty="None" exportName="loans" />
        </>
      );
    }
    renderWithApi(routed(Screen), api.link);
    await user.click(await screen.findByRole('button', { name: /Export CSV/ }));
    expect(await screen.findByText('Exported 1 loan.')).toBeTruthy();
    const listed = api.callsTo('loans.list').length;
    await user.click(screen.getByRole('button', { name: 'Only rejected' }));
    await waitFor(() => expect(api.callsTo('loans.list').length).toBeGreaterThan(listed));
    await waitFor(() => expect(screen.queryByText('Exported 1 loan.')).toBeNull());
    expect(screen.getByRole('button', { name: /Export CSV/ })).toBeTruthy();
  });
});

describe('useCustomerOptions', () => {
  it('keeps the chosen customer’s name when the search shows others', async () => {
    const alice = {
      id: '0b7a4a52-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      username: 'alice',
      email: 'alice@example.com',
    };
    const bob = { id: '0b7a4a52-bbbb-4bbb-8bbb-bbbbbbbbbbbb', username: 'bob', email: 'bob@example.com' };
    const person = (customer: typeof alice) => ({
      ...customer,
      phone: null,
      role: 'customer',
      status: 'ACTIVE',
      createdAt: '2026-03-01T09:00:00.000Z',
    });
    const api = fakeApi({
      'customers.list': (input) => ({
        items: (input as { search?: string }).search === 'bo' ? [person(bob)] : [person(alice)],
        nextCursor: null,
      }),
    });
    let search: (text: string) => void = () => {};
    function Picker() {
      const { options, setSearch } = useCustomerOptions(alice.id);
      search = setSearch;
      return (
        <ul>
          {options.map((option) => (
            <li key={option.value}>{option.label}</li>
          ))}
        </ul>
      );
    }
    renderWithApi(<Picker />, api.link);
    expect(await screen.findByText('alice (alice@example.com)')).toBeTruthy();
    act(() => search('bo'));
    expect(await screen.findByText('bob (bob@example.com)')).toBeTruthy();
    expect(screen.getByText('alice (alice@example.com)')).toBeTruthy();
  });
});
