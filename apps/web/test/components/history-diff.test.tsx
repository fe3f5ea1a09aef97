import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HistoryDiff, orderedFields, type THistoryEntryLike } from '../../src/components/history-diff';
import { formatDateTime } from '../../src/lib/format';

const CUSTOMER = '6f1d2c1e-0000-4000-8000-000000000001';
const AGENT = '6f1d2c1e-0000-4000-8000-000000000002';
const ADMIN = '6f1d2c1e-0000-4000-8000-000000000003';

const HISTORY: THistoryEntryLike[] = [
  {
    version: 1,
    action: 'CREATED',
    at: '2026-03-01T09:00:00.000Z',
    actor: { id: CUSTOMER, username: 'alice', role: 'customer' },
    changes: {
      status: { from: null, to: 'NEW' },
      principal: { from: null, to: '25000.00' },
      termMonths: { from: null, to: 36 },
      customerId: { from: null, to: CUSTOMER },
      agentId: { from: null, to: null },
    },
  },
  {
    version: 2,
    action: 'UPDATED',
    at: '2026-03-02T10:30:00.000Z',
    actor: { id: AGENT, username: 'bob', role: 'agent' },
    changes: {
      totalPayable: { from: '29358.44', to: '23486.75' },
      principal: { from: '25000.00', to: '20000.00' },
      monthlyInstallment: { from: '815.51', to: '652.41' },
    },
  },
  {
    version: 3,
    action: 'REJECTED',
    at: '2026-03-03T08:00:00.000Z',
    actor: { id: ADMIN, username: 'carol', role: 'admin' },
    changes: {
      status: { from: 'PENDING', to: 'REJECTED' },
      rejectionReason: { from: null, to: 'Income too low' },
      decidedById: { from: null, to: ADMIN },
      decidedAt: { from: null, to: '2026-03-03T08:00:00.000Z' },
    },
  },
];

function renderHistory(entries = HISTORY) {
  return render(
    <MantineProvider>
      <HistoryDiff entries={entries} names={{ [CUSTOMER]: 'alice', [AGENT]: 'bob' }} />
    </MantineProvider>,
  );
}

const entry = (action: string) => {
  const found = screen.getAllByTestId('history-entry').find((element) => element.dataset.action === action);
  if (!found) throw new Error(`no ${action} entry`);
  return found;
};

const cells = (row: HTMLElement) => ({
  from: row.querySelector('[data-role="from"]')?.textContent ?? null,
  to: row.querySelector('[data-role="to"]')?.textContent ?? null,
});

describe('HistoryDiff', () => {
  it('lists every change, oldest first, with who (user and role) and when', () => {
    renderHistory();
    const entries = screen.getAllByTestId('history-entry');
    expect(entries.map((element) => element.dataset.action)).toEqual(['CREATED', 'UPDATED', 'REJECTED']);
    const edit = entry('UPDATED');
    expect(edit.textContent).toContain('Terms edited');
    expect(edit.textContent).toContain('by bob (agent)');
    const time = edit.querySelector('time');
    expect(time?.getAttribute('dateTime')).toBe('2026-03-02T10:30:00.000Z');
    expect(time?.getAttribute('title')).toContain('2026-03-02T10:30:00.000Z');
    expect(time?.textContent).toBe(formatDateTime('2026-03-02T10:30:00.000Z'));
  });

  it('shows each changed field from → to, formatted, in a stable order', () => {
    renderHistory();
    const edit = entry('UPDATED');
    const rows = within(edit).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual([
      'Amount',
      'Monthly installment',
      'Total payable',
    ]);
    const amount = rows[0];
    if (!amount) throw new Error('no amount row');
    expect(cells(amount).from).toBe('25,000.00');
    expect(cells(amount).to).toContain('20,000.00');
    expect(within(edit).getByRole('columnheader', { name: 'Before' })).toBeTruthy();
  });

  it('shows a creation as the initial values, with people by name and empty values as a dash', () => {
    renderHistory();
    const created = entry('CREATED');
    expect(within(created).queryByRole('columnheader', { name: 'Before' })).toBeNull();
    const byField = (field: string) => created.querySelector(`tr[data-field="${field}"]`) as HTMLElement;
    expect(cells(byField('status')).to).toBe('New');
    expect(cells(byField('termMonths')).to).toBe('36 months');
    expect(cells(byField('customerId')).to).toBe('alice');
    expect(within(byField('agentId')).getByLabelText('none').textContent).toBe('—');
  });

  it('names the decision, its reason and the decider', () => {
    renderHistory();
    const decision = entry('REJECTED');
    const byField = (field: string) => decision.querySelector(`tr[data-field="${field}"]`) as HTMLElement;
    expect(cells(byField('status'))).toEqual({ from: 'Pending', to: expect.stringContaining('Rejected') });
    expect(cells(byField('rejectionReason')).to).toContain('Income too low');
    // The admin is not in `names`, but known as the entry's actor.
    expect(cells(byField('decidedById')).to).toContain('carol');
  });

  it('orders known fields first and unknown ones by name', () => {
    expect(orderedFields({ zeta: 1, principal: 1, alpha: 1, status: 1 })).toEqual([
      'status',
      'principal',
      'alpha',
      'zeta',
    ]);
  });

  it('says so when there is no history', () => {
    renderHistory([]);
    expect(screen.getByText('No history recorded yet')).toBeTruthy();
  });
});
