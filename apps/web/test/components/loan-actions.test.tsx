import { ZLoanReject } from '@loanbook/domain/loans';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmButton } from '../../src/components/confirm-button';
import { DecisionButtons } from '../../src/components/decision-buttons';
import { HistoryDiff } from '../../src/components/history-diff';
import { StatusTimeline } from '../../src/components/status-timeline';
import { canTakeLoanStep, type TLoanFacts } from '../../src/features/loans/loan-permissions';
import { AGENT_ID, CREATED, CUSTOMER_ID } from './fixtures';
import { apiError, renderWithApi } from './render';

const OTHER_AGENT = '0b7a4a52-6666-4666-8666-666666666666';
const ADMIN_ID = '0b7a4a52-7777-4777-8777-777777777777';
const customer = { id: CUSTOMER_ID, role: 'customer' } as const;
const agent = { id: AGENT_ID, role: 'agent' } as const;
const otherAgent = { id: OTHER_AGENT, role: 'agent' } as const;
const admin = { id: ADMIN_ID, role: 'admin' } as const;
const loan = (status: TLoanFacts['status'], agentId: string | null = null): TLoanFacts => ({
  status,
  customer: { id: CUSTOMER_ID },
  agent: agentId ? { id: agentId } : null,
});

describe('who may take which step on a loan (the domain’s state machine)', () => {
  it('lets any agent edit and forward a new loan, and only its own agent edit it once forwarded', () => {
    expect(canTakeLoanStep('EDIT', loan('NEW'), otherAgent)).toBe(true);
    expect(canTakeLoanStep('FORWARD', loan('NEW'), agent)).toBe(true);
    expect(canTakeLoanStep('EDIT', loan('PENDING', AGENT_ID), agent)).toBe(true);
    expect(canTakeLoanStep('EDIT', loan('PENDING', AGENT_ID), otherAgent)).toBe(false);
    expect(canTakeLoanStep('FORWARD', loan('PENDING', AGENT_ID), agent)).toBe(false);
    expect(canTakeLoanStep('EDIT', loan('APPROVED', AGENT_ID), agent)).toBe(false);
    expect(canTakeLoanStep('EDIT', loan('NEW'), customer)).toBe(false);
  });

  it('lets the customer withdraw an open loan of their own, and the admin decide a pending one', () => {
    expect(canTakeLoanStep('WITHDRAW', loan('PENDING', AGENT_ID), customer)).toBe(true);
    expect(canTakeLoanStep('WITHDRAW', loan('APPROVED'), customer)).toBe(false);
    expect(canTakeLoanStep('WITHDRAW', loan('NEW'), { id: OTHER_AGENT, role: 'customer' })).toBe(false);
    expect(canTakeLoanStep('APPROVE', loan('PENDING', AGENT_ID), admin)).toBe(true);
    expect(canTakeLoanStep('REJECT', loan('NEW'), admin)).toBe(false);
    expect(canTakeLoanStep('APPROVE', loan('PENDING', AGENT_ID), agent)).toBe(false);
  });
});

describe('ConfirmButton', () => {
  it('forgets a failed attempt when the dialog is cancelled', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn(async () => {
      throw apiError('CONFLICT', 'This loan was already decided');
    });
    renderWithApi(
      <ConfirmButton title="Approve?" message="Sure?" confirmLabel="Approve loan" onConfirm={onConfirm}>
        Approve
      </ConfirmButton>,
    );
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await user.click(await screen.findByRole('button', { name: 'Approve loan' }));
    expect(await screen.findByText('This loan was already decided')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await screen.findByRole('button', { name: 'Approve loan' });
    expect(screen.queryByText('This loan was already decided')).toBeNull();
  });
});

describe('DecisionButtons', () => {
  it('approves after confirming, and rejects only with a reason the API’s schema accepts', async () => {
    const user = userEvent.setup();
    const onApprove = vi.fn(async () => {});
    const onReject = vi.fn(async (_reason: string) => {});
    renderWithApi(
      <DecisionButtons
        subject="alice's Car loan"
        approve={{ title: 'Approve?', message: 'Final.', confirmLabel: 'Approve loan', onConfirm: onApprove }}
        reject={{
          title: 'Reject alice’s Car loan',
          confirmLabel: 'Reject loan',
          reasonSchema: ZLoanReject.shape.reason,
          onConfirm: onReject,
        }}
      />,
    );
    await user.click(screen.getByRole('button', { name: "Approve alice's Car loan" }));
    await user.click(await screen.findByRole('button', { name: 'Approve loan' }));
    await waitFor(() => expect(onApprove).toHaveBeenCalledTimes(1));

    await user.click(screen.getByRole('button', { name: "Reject alice's Car loan" }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject alice’s Car loan' });
    expect(within(dialog).getByText('At most 500 characters')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Reject loan' }));
    expect(await within(dialog).findByText('Reason is required')).toBeTruthy();
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    await user.click(reason);
    await user.paste('x'.repeat(501));
    expect(await within(dialog).findByText('Reason must be at most 500 characters')).toBeTruthy();
    await user.clear(reason);
    await user.type(reason, '  Income too low ');
    await user.click(within(dialog).getByRole('button', { name: 'Reject loan' }));
    await waitFor(() => expect(onReject).toHaveBeenCalledWith('Income too low'));
  });
});

describe('one vocabulary for what happens to a loan', () => {
  it('names a forwarded loan the same in the timeline and in the history', () => {
    const forwarded = {
      version: 2,
      action: 'FORWARDED' as const,
      at: '2026-03-02T09:00:00.000Z',
      actor: { id: AGENT_ID, username: 'bob', role: 'agent' },
      changes: { status: { from: 'NEW', to: 'PENDING' } },
    };
    renderWithApi(
      <>
        <StatusTimeline status="PENDING" entries={[CREATED, forwarded]} />
        <HistoryDiff entries={[CREATED, forwarded]} />
      </>,
    );
    expect(screen.getAllByText('Forwarded to the lender')).toHaveLength(2);
    expect(screen.getByText('Decision by the lender')).toBeTruthy();
    expect(screen.queryByText(/admin/i)).toBeNull();
  });
});
