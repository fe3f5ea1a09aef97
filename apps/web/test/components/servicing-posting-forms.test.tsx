import type { TLoanTransaction, TPayoffQuote } from '@loanbook/domain/servicing/schemas';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  DisburseForm,
  PayoffForm,
  PrepaymentForm,
  RepaymentForm,
  type TPostingLoan,
} from '../../src/features/servicing/posting-forms';
import { apiError, fakeApi, renderWithApi } from './render';

/**
 * The posting forms against a fake API: every attempt of one form carries the same idempotency key (so a
 * retry after a failure, or a second click, cannot post twice), the server's field errors land on the
 * fields, and nothing is sent when the API's own schema refuses the input. The loan is the worked example
 * of docs/servicing.md: 1,200.00 at 12 % over 3 months from 2025-01-15 (EMI 408.03), installment 1 paid.
 */

const LOAN: TPostingLoan = {
  id: '0b7a4a52-5555-4555-8555-555555555555',
  principal: '1200.00',
  annualRatePercent: '12.00',
  termMonths: 3,
  lateFee: '25.00',
  lateFeeGraceDays: 5,
  disbursedOn: '2025-01-15',
  monthlyInstallment: '408.03',
  customer: { id: '0b7a4a52-3333-4333-8333-333333333333', username: 'cust-1' },
};

const transaction = (overrides: Partial<TLoanTransaction>): TLoanTransaction => ({
  id: crypto.randomUUID(),
  loanId: LOAN.id,
  type: 'REPAYMENT',
  amount: '0.00',
  valueDate: '2025-01-15',
  recordedAt: '2025-01-15T10:00:00.000Z',
  recordedBy: { id: 'admin', username: 'admin', role: 'admin' },
  reference: null,
  reduce: null,
  allocation: { principal: '0.00', interest: '0.00', fees: '0.00', accruedInterest: '0.00' },
  reverses: null,
  reversedBy: null,
  ...overrides,
});

const LEDGER: TLoanTransaction[] = [
  transaction({ type: 'DISBURSEMENT', amount: '1200.00' }),
  transaction({
    type: 'REPAYMENT',
    amount: '408.03',
    valueDate: '2025-02-15',
    allocation: { principal: '396.03', interest: '12.00', fees: '0.00', accruedInterest: '0.00' },
  }),
];

const today = () => new Date().toISOString().slice(0, 10);

type TPosted = { idempotencyKey: string; amount: string; paidOn: string };

function renderForm(form: 'repay' | 'prepay', handlers: Record<string, (input: unknown) => unknown>) {
  const api = fakeApi(handlers);
  const onDone = vi.fn();
  const props = { loan: LOAN, transactions: LEDGER, onDone, onCancel: vi.fn() };
  renderWithApi(form === 'repay' ? <RepaymentForm {...props} /> : <PrepaymentForm {...props} />, api.link);
  return { api, onDone, user: userEvent.setup() };
}

const amountField = () => screen.getByRole('textbox', { name: /^Amount/ });
const posted = (api: ReturnType<typeof fakeApi>, path: string) =>
  api.callsTo(path).map((call) => call.input as TPosted);

describe('RepaymentForm', () => {
  it('keeps its idempotency key when the first attempt is lost and the person sends it again', async () => {
    let attempts = 0;
    const { api, onDone, user } = renderForm('repay', {
      'loans.repay': (input) => {
        attempts += 1;
        // The first request never gets an answer through (a dropped connection).
        if (attempts === 1) throw new Error('Failed to fetch');
        return transaction({ type: 'REPAYMENT', amount: (input as TPosted).amount, valueDate: today() });
      },
    });
    await user.type(amountField(), '408.03');
    await user.click(screen.getByRole('button', { name: 'Record repayment' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach Loanbook');
    expect(alert.textContent).toContain('sending it again is safe');
    expect(onDone).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Record repayment' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    const [first, second] = posted(api, 'loans.repay');
    expect(first?.idempotencyKey).toMatch(/^[A-Za-z0-9_\-:.]{8,64}$/);
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    expect(second).toEqual(first);
  });

  it('sends one request however often the button is clicked while it is on its way', async () => {
    let release: () => void = () => {};
    const { api, onDone, user } = renderForm('repay', {
      'loans.repay': () =>
        new Promise((resolve) => {
          release = () => resolve(transaction({ amount: '100.00', valueDate: today() }));
        }),
    });
    await user.type(amountField(), '100');
    const button = screen.getByRole('button', { name: 'Record repayment' });
    fireEvent.click(button);
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(api.callsTo('loans.repay')).toHaveLength(1));
    release();
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(api.callsTo('loans.repay')).toHaveLength(1);
  });

  it("puts the server's field errors on the fields, and keeps the key for the corrected retry", async () => {
    const { api, user } = renderForm('repay', {
      'loans.repay': (input) => {
        const { amount } = input as TPosted;
        if (amount === '5000.00') {
          throw apiError('BAD_REQUEST', 'Invalid input', {
            amount: ['At most 816.05 is still owed on the schedule; use payoff to close the loan'],
            paidOn: ['Date cannot be before the disbursement on 2025-01-15'],
          });
        }
        return transaction({ amount, valueDate: today() });
      },
    });
    await user.type(amountField(), '5000.00');
    await user.click(screen.getByRole('button', { name: 'Record repayment' }));
    expect(await screen.findByText(/At most 816.05 is still owed/)).toBeTruthy();
    expect(amountField().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Date cannot be before the disbursement on 2025-01-15')).toBeTruthy();
    // All the errors are on fields: no banner repeating them.
    expect(screen.queryByRole('alert')).toBeNull();

    await user.clear(amountField());
    await user.type(amountField(), '500');
    await user.click(screen.getByRole('button', { name: 'Record repayment' }));
    await waitFor(() => expect(api.callsTo('loans.repay')).toHaveLength(2));
    const [refused, accepted] = posted(api, 'loans.repay');
    expect(accepted?.amount).toBe('500');
    expect(accepted?.idempotencyKey).toBe(refused?.idempotencyKey);
  });

  it('posts nothing when the API schema refuses the input, and says why on the field', async () => {
    const { api, user } = renderForm('repay', { 'loans.repay': () => transaction({}) });
    await user.click(screen.getByRole('button', { name: 'Record repayment' }));
    expect(await screen.findByText('Amount is required')).toBeTruthy();

    await user.type(amountField(), '12.345');
    await user.click(screen.getByRole('button', { name: 'Record repayment' }));
    await waitFor(() => expect(amountField().getAttribute('aria-invalid')).toBe('true'));

    fireEvent.change(screen.getByLabelText(/^Value date/), { target: { value: '' } });
    await user.click(screen.getByRole('button', { name: 'Record repayment' }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Value date/).getAttribute('aria-invalid')).toBe('true'),
    );
    expect(api.callsTo('loans.repay')).toHaveLength(0);
  });

  it("shows where the money goes before it is recorded, late fees first, by the domain's ledger engine", async () => {
    const { user } = renderForm('repay', {});
    await user.type(amountField(), '100');
    fireEvent.change(screen.getByLabelText(/^Value date/), { target: { value: '2025-03-21' } });
    // Installment 2 (due 2025-03-15, 5 grace days) is charged 25.00 on 03-21: the fee, then interest 8.04.
    expect((await screen.findByTestId('allocation-preview')).textContent).toBe(
      'Goes to 25.00 late fees, 8.04 interest, 66.96 principal.',
    );
  });
});

describe('PrepaymentForm', () => {
  it('shows the TERM and INSTALLMENT effects on the schedule before anything is recorded', async () => {
    const { api, onDone, user } = renderForm('prepay', {
      'loans.prepay': (input) => transaction({ type: 'PREPAYMENT', amount: (input as TPosted).amount }),
    });
    await user.type(amountField(), '300');
    fireEvent.change(screen.getByLabelText(/^Value date/), { target: { value: '2025-03-01' } });

    // docs/servicing.md: 300.00 on 2025-03-01 → TERM keeps 408.03, installment 3 becomes 1.02 + 102.48;
    // INSTALLMENT keeps the count, a new EMI of 255.77.
    const term = await screen.findByTestId('prepay-schedule');
    expect(within(term).getAllByRole('row').at(-1)?.textContent).toContain('103.50');
    expect(screen.getByTestId('prepay-summary').textContent).toContain('become 1 installment of 103.50');

    await user.click(screen.getByRole('radio', { name: /Smaller installments/ }));
    await waitFor(() => expect(screen.getByTestId('prepay-summary').textContent).toContain('255.77'));
    expect(api.callsTo('loans.prepay')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Record prepayment' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(api.callsTo('loans.prepay')[0]?.input).toMatchObject({
      loanId: LOAN.id,
      amount: '300',
      paidOn: '2025-03-01',
      reduce: 'INSTALLMENT',
    });
  });

  it('says what the API would refuse: a prepayment while something is overdue', async () => {
    const { user } = renderForm('prepay', {});
    await user.type(amountField(), '300');
    // Today installments 2 and 3 are long overdue.
    expect((await screen.findAllByTestId('preview-refusal'))[0]?.textContent).toMatch(
      /is overdue on installments 2/,
    );
  });
});

describe('PayoffForm', () => {
  it('is confirmed by typing the quoted amount, and sends exactly the quote', async () => {
    const quote: TPayoffQuote = {
      on: today(),
      principal: '803.97',
      interest: '8.04',
      fees: '50.00',
      accruedInterest: '0.00',
      credit: '0.00',
      total: '1270.05',
    };
    const api = fakeApi({
      'loans.payoffQuote': () => quote,
      'loans.payoff': (input) => transaction({ type: 'PAYOFF', amount: (input as TPosted).amount }),
    });
    const onDone = vi.fn();
    renderWithApi(<PayoffForm loan={LOAN} onDone={onDone} onCancel={vi.fn()} />, api.link);
    const user = userEvent.setup();
    expect((await screen.findByTestId('payoff-total')).textContent).toBe('1,270.05');

    const confirm = screen.getByRole('textbox', { name: /Confirm the amount/ });
    await user.type(confirm, '1270.00');
    await user.click(screen.getByRole('button', { name: /^Pay off/ }));
    expect(await screen.findByText('Type the payoff amount, 1,270.05, to confirm')).toBeTruthy();
    expect(api.callsTo('loans.payoff')).toHaveLength(0);

    await user.clear(confirm);
    await user.type(confirm, '1,270.05');
    await user.click(screen.getByRole('button', { name: /^Pay off/ }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(api.callsTo('loans.payoff')[0]?.input).toMatchObject({ amount: '1270.05', paidOn: today() });
    expect(posted(api, 'loans.payoff')[0]?.idempotencyKey).toMatch(/^payoff-/);
  });
});

describe('DisburseForm', () => {
  it('shows the due dates the value date gives, and refuses a date in the future without sending it', async () => {
    const api = fakeApi({ 'loans.disburse': () => ({}) });
    const onDone = vi.fn();
    renderWithApi(
      <DisburseForm
        loan={{
          id: LOAN.id,
          principal: '1200.00',
          termMonths: 3,
          monthlyInstallment: '408.03',
          customer: LOAN.customer,
        }}
        onDone={onDone}
        onCancel={vi.fn()}
      />,
      api.link,
    );
    const user = userEvent.setup();
    const date = screen.getByLabelText(/^Value date/);
    fireEvent.change(date, { target: { value: '2025-01-31' } });
    // Due dates count from the disbursement, clamped to the month's end: 28 Feb, 30 Apr.
    expect(screen.getByTestId('disburse-preview').textContent).toContain(
      'the first due on Feb 28, 2025, the last on Apr 30, 2025',
    );

    fireEvent.change(date, { target: { value: '2999-01-01' } });
    await user.click(screen.getByRole('button', { name: /^Disburse/ }));
    expect(await screen.findByText(/cannot be in the future/)).toBeTruthy();
    expect(api.callsTo('loans.disburse')).toHaveLength(0);

    fireEvent.change(date, { target: { value: '2025-01-31' } });
    await user.click(screen.getByRole('button', { name: /^Disburse/ }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(api.callsTo('loans.disburse')[0]?.input).toEqual({ loanId: LOAN.id, disbursedOn: '2025-01-31' });
  });
});
