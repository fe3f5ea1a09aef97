import type { TPosition } from '@loanbook/domain/servicing/schemas';
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { theme } from '../../src/app/theme';
import { BarChart, DonutChart, niceScale } from '../../src/features/admin/charts';
import { InstallmentTable, installmentWindow } from '../../src/features/servicing/loan-servicing';

/**
 * A long loan's installments show twelve rows, from just before the first one still open, until "Show
 * all" (docs/web.md "Delivery": hundreds of rows made the loan's page slow on a phone); the dashboard's
 * charts are plain SVG, hidden from assistive technology (their tables are read instead).
 */

type TInstallmentRow = TPosition['installments'][number];

function installments(count: number, paid: number): TInstallmentRow[] {
  return Array.from({ length: count }, (_, index): TInstallmentRow => {
    const isPaid = index < paid;
    return {
      number: index + 1,
      dueOn: `20${String(25 + Math.floor(index / 12)).padStart(2, '0')}-${String((index % 12) + 1).padStart(2, '0')}-15`,
      principal: '100.00',
      interest: '10.00',
      fee: '0.00',
      paidPrincipal: isPaid ? '100.00' : '0.00',
      paidInterest: isPaid ? '10.00' : '0.00',
      paidFee: '0.00',
      state: isPaid ? 'PAID' : index === paid ? 'DUE' : 'UPCOMING',
    };
  });
}

const renderUi = (ui: ReactElement) => render(<MantineProvider theme={theme}>{ui}</MantineProvider>);
const rowNumbers = () =>
  within(screen.getByRole('table', { name: 'Installments' }))
    .getAllByTestId('installment')
    .map((row) => Number(row.querySelector('td')?.textContent));

describe('installments of a long loan', () => {
  it('picks twelve rows from two before the first open installment, within the schedule', () => {
    expect(installmentWindow(installments(6, 2))).toEqual({ start: 0, end: 6 });
    expect(installmentWindow(installments(120, 0))).toEqual({ start: 0, end: 12 });
    expect(installmentWindow(installments(120, 14))).toEqual({ start: 12, end: 24 });
    expect(installmentWindow(installments(120, 119))).toEqual({ start: 108, end: 120 });
    // All paid: the first twelve.
    expect(installmentWindow(installments(120, 120))).toEqual({ start: 0, end: 12 });
  });

  it('shows every installment of a short loan, with no button', () => {
    renderUi(<InstallmentTable installments={installments(6, 2)} />);
    expect(rowNumbers()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it('shows twelve of 120 until "Show all 120 installments" is pressed, with the keyboard too', async () => {
    const user = userEvent.setup();
    renderUi(<InstallmentTable installments={installments(120, 14)} />);
    expect(rowNumbers()).toEqual(Array.from({ length: 12 }, (_, index) => 13 + index));
    expect(screen.getByTestId('installments-shown').textContent).toBe('Installments 13–24 of 120');
    const showAll = screen.getByRole('button', { name: 'Show all 120 installments' });
    expect(showAll.getAttribute('aria-expanded')).toBe('false');
    expect(showAll.getAttribute('aria-controls')).toBe(
      screen.getByRole('table', { name: 'Installments' }).id,
    );
    showAll.focus();
    await user.keyboard('{Enter}');
    expect(rowNumbers()).toHaveLength(120);
    const showFewer = screen.getByRole('button', { name: 'Show fewer installments' });
    expect(showFewer.getAttribute('aria-expanded')).toBe('true');
    await user.click(showFewer);
    expect(rowNumbers()).toHaveLength(12);
  });
});

describe('dashboard charts', () => {
  it('rounds the axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceScale(0)).toEqual({ top: 4, step: 1 });
    expect(niceScale(95_000)).toEqual({ top: 100_000, step: 25_000 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(1)).toEqual({ top: 1, step: 0.25 });
  });

  it('draws one bar per row and series, and a ring slice per non-zero value, hidden from screen readers', () => {
    const { container } = renderUi(
      <>
        <BarChart
          data={[
            { month: 'Jan', disbursed: 100, collected: 40 },
            { month: 'Feb', disbursed: 0, collected: 60 },
          ]}
          dataKey="month"
          series={[
            { name: 'disbursed', label: 'Disbursed', color: 'indigo.6' },
            { name: 'collected', label: 'Collected', color: 'teal.7' },
          ]}
        />
        <DonutChart
          withLabels
          data={[
            { name: 'New', value: 3, color: 'blue.6' },
            { name: 'Rejected', value: 0, color: 'red.7' },
            { name: 'Active', value: 5, color: 'teal.7' },
          ]}
        />
      </>,
    );
    expect(container.querySelectorAll('[data-chart="bars"] rect')).toHaveLength(4);
    expect(container.querySelectorAll('[data-chart="donut"] circle')).toHaveLength(3); // track + 2 slices
    expect([...container.querySelectorAll('.chart-label')].map((label) => label.textContent)).toEqual([
      '3',
      '5',
    ]);
    for (const svg of container.querySelectorAll('svg')) expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(screen.queryAllByRole('img')).toHaveLength(0);
  });
});
