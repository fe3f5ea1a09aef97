import { isDomainError } from '@loanbook/domain/errors';
import { computeLoanFigures } from '@loanbook/domain/money';
import { assertWithinLimits } from '@loanbook/domain/products';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LoanTermsForm } from '../../src/features/loans/loan-terms-form';
import { formatMoney } from '../../src/lib/format';
import type { TProductView } from '../../src/lib/trpc';
import { apiError, fakeApi, renderWithApi } from './render';

const PRODUCTS: TProductView[] = [
  {
    code: 'PERSONAL',
    name: 'Personal loan',
    annualRatePercent: '10.75',
    minAmount: '500.00',
    maxAmount: '50000.00',
    minTermMonths: 6,
    maxTermMonths: 84,
    active: true,
    lateFee: '25.00',
    lateFeeGraceDays: 5,
  },
  {
    code: 'HOME',
    name: 'Home loan',
    annualRatePercent: '6.90',
    minAmount: '10000.00',
    maxAmount: '2000000.00',
    minTermMonths: 12,
    maxTermMonths: 360,
    active: true,
    lateFee: '50.00',
    lateFeeGraceDays: 10,
  },
];

/** `loans.quote` as the API computes it: the domain's loan math, and the product limits as field errors. */
function quote(input: unknown) {
  const { productCode, amount, termMonths } = input as {
    productCode: string;
    amount: string;
    termMonths: number;
  };
  const product = PRODUCTS.find((candidate) => candidate.code === productCode);
  if (!product) throw apiError('BAD_REQUEST', 'Unknown product', { productCode: ['Unknown product'] });
  try {
    assertWithinLimits(product, amount, termMonths);
  } catch (error) {
    if (isDomainError(error)) throw apiError(error.code, error.message, error.fieldErrors);
    throw error;
  }
  const figures = computeLoanFigures({
    principal: amount,
    annualRatePercent: product.annualRatePercent,
    termMonths,
  });
  return {
    productCode,
    annualRatePercent: product.annualRatePercent,
    principal: amount,
    termMonths,
    ...figures,
  };
}

function setUp(onSubmit = vi.fn(async () => {})) {
  const api = fakeApi({ 'loans.quote': quote });
  renderWithApi(
    <LoanTermsForm products={PRODUCTS} submitLabel="Apply" onSubmit={onSubmit} debounceMs={200} />,
    api.link,
  );
  return { api, onSubmit, user: userEvent.setup() };
}

describe('LoanTermsForm (live quote)', () => {
  it('quotes once after typing stops, with the exact installment, totals and schedule', async () => {
    const { api, user } = setUp();
    expect(screen.getByTestId('quote-empty')).toBeTruthy();

    await user.type(screen.getByRole('textbox', { name: /Amount/ }), '25000');
    await user.type(screen.getByRole('textbox', { name: /Term/ }), '36');

    const expected = computeLoanFigures({
      principal: '25000.00',
      annualRatePercent: '10.75',
      termMonths: 36,
    });
    await waitFor(() =>
      expect(screen.getByTestId('quote-installment').textContent).toBe(
        formatMoney(expected.monthlyInstallment),
      ),
    );
    expect(screen.getByTestId('quote-total').textContent).toBe(formatMoney(expected.totalPayable));
    // Seven keystrokes, one request: the debounce waits for a complete, valid input.
    expect(api.callsTo('loans.quote')).toEqual([
      { path: 'loans.quote', input: { productCode: 'PERSONAL', amount: '25000.00', termMonths: 36 } },
    ]);
    const schedule = screen.getByRole('table', { name: 'Repayment schedule' });
    const rows = within(schedule).getAllByRole('row');
    expect(rows).toHaveLength(1 + 12);
    expect(rows[1]?.textContent).toContain(formatMoney(expected.schedule[0]?.interest ?? ''));
  });

  it('updates the quote when the amount changes', async () => {
    const { api, user } = setUp();
    const amount = screen.getByRole('textbox', { name: /Amount/ });
    await user.type(amount, '10000');
    await user.type(screen.getByRole('textbox', { name: /Term/ }), '12');
    const first = computeLoanFigures({ principal: '10000.00', annualRatePercent: '10.75', termMonths: 12 });
    await waitFor(() =>
      expect(screen.getByTestId('quote-installment').textContent).toBe(formatMoney(first.monthlyInstallment)),
    );
    await user.clear(amount);
    await user.type(amount, '20000');
    const second = computeLoanFigures({ principal: '20000.00', annualRatePercent: '10.75', termMonths: 12 });
    await waitFor(() =>
      expect(screen.getByTestId('quote-installment').textContent).toBe(
        formatMoney(second.monthlyInstallment),
      ),
    );
    expect(api.callsTo('loans.quote').map((call) => (call.input as { amount: string }).amount)).toEqual([
      '10000.00',
      '20000.00',
    ]);
  });

  it('validates with the API schema before asking: a third decimal is explained and not quoted', async () => {
    const { api, user } = setUp();
    await user.type(screen.getByRole('textbox', { name: /Amount/ }), '100.005');
    await user.type(screen.getByRole('textbox', { name: /Term/ }), '12');
    await waitFor(() => expect(screen.getByText('Amount must have at most two decimals')).toBeTruthy());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.callsTo('loans.quote')).toEqual([]);
  });

  it("explains an amount outside the product's limits with its name and formatted amounts, without asking the API", async () => {
    const { api, user } = setUp();
    const amount = screen.getByRole('textbox', { name: /Amount/ });
    await user.type(amount, '99999');
    await user.type(screen.getByRole('textbox', { name: /Term/ }), '36');
    const message = `Personal loan: enter an amount from ${formatMoney('500.00')} to ${formatMoney('50000.00')}`;
    await waitFor(() => expect(screen.getByText(message)).toBeTruthy());
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.callsTo('loans.quote')).toEqual([]);
    expect(screen.queryByTestId('quote')).toBeNull();
  });

  it('judges the typed terms again when another product is chosen', async () => {
    const { user } = setUp();
    await user.type(screen.getByRole('textbox', { name: /Amount/ }), '5000');
    await user.type(screen.getByRole('textbox', { name: /Term/ }), '36');
    await waitFor(() => expect(screen.getByTestId('quote-installment')).toBeTruthy());
    await user.click(screen.getByRole('combobox', { name: 'Loan product' }));
    await user.click(await screen.findByRole('option', { name: /Home loan/, hidden: true }));
    const message = `Home loan: enter an amount from ${formatMoney('10000.00')} to ${formatMoney('2000000.00')}`;
    await waitFor(() => expect(screen.getByText(message)).toBeTruthy());
    await waitFor(() => expect(screen.queryByTestId('quote')).toBeNull());
  });

  it('submits the normalized terms, and puts rejected field errors on the fields', async () => {
    const onSubmit = vi.fn(async () => {
      throw apiError('BAD_REQUEST', 'Invalid input', {
        termMonths: ['Term for PERSONAL must be between 6 and 84 months'],
      });
    });
    const { user } = setUp(onSubmit);
    await user.type(screen.getByRole('textbox', { name: /Amount/ }), '2500.5');
    await user.type(screen.getByRole('textbox', { name: /Term/ }), '24');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith({ productCode: 'PERSONAL', amount: '2500.50', termMonths: 24 });
    await waitFor(() =>
      expect(screen.getByText('Term for PERSONAL must be between 6 and 84 months')).toBeTruthy(),
    );
  });

  it('does not submit an incomplete form, and says which fields are required', async () => {
    const { onSubmit, user } = setUp();
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.getByText('Amount is required')).toBeTruthy());
    expect(screen.getByText('Term is required')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    // The empty term's placeholder reads as an example, not as a value.
    expect(screen.getByRole('textbox', { name: /Term/ }).getAttribute('placeholder')).toBe('e.g. 36');
  });

  it('takes the "Not saved" banner away once the fields it points at are corrected', async () => {
    const onSubmit = vi.fn(async () => {
      throw apiError('BAD_REQUEST', 'Invalid input', {
        termMonths: ['Term for PERSONAL must be between 6 and 84 months'],
      });
    });
    const { user } = setUp(onSubmit);
    await user.type(screen.getByRole('textbox', { name: /Amount/ }), '2500');
    const term = screen.getByRole('textbox', { name: /Term/ });
    await user.type(term, '24');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.getByText('Some fields need your attention.')).toBeTruthy());
    await user.clear(term);
    await user.type(term, '12');
    await waitFor(() => expect(screen.queryByText('Some fields need your attention.')).toBeNull());
    expect(screen.queryByText('Term for PERSONAL must be between 6 and 84 months')).toBeNull();
  });
});
