import type { TLoanStatus } from '@loanbook/domain/loans/state-machine';
import { Text, Timeline } from '@mantine/core';
import type { ReactNode } from 'react';
import { historyActionLabel, isMilestone } from '../lib/vocabulary';
import { DateTime } from './date-time';
import type { THistoryEntryLike } from './history-diff';

interface TStep {
  key: string;
  title: string;
  body: ReactNode;
  done: boolean;
}

/** What happens next for a loan in this status, in words a borrower understands. */
function nextStep(status: TLoanStatus): { title: string; body: string } | null {
  switch (status) {
    case 'NEW':
      return {
        title: 'Review by a loan officer',
        body: 'An agent checks the application and forwards it to the lender.',
      };
    case 'PENDING':
      return { title: 'Decision by the lender', body: 'The lender approves or rejects the loan.' };
    case 'APPROVED':
      return { title: 'Payout', body: 'The lender pays the loan out; repayments start after that.' };
    case 'ACTIVE':
      return { title: 'Repayment', body: 'Monthly installments until the loan is paid off.' };
    case 'REJECTED':
    case 'WITHDRAWN':
    case 'PAID_OFF':
    case 'WRITTEN_OFF':
      return null;
  }
}

/**
 * The status milestones of a loan (edits are left to the history diff), followed by the next expected
 * step while the loan is still open.
 */
export function StatusTimeline({
  status,
  entries,
}: {
  status: TLoanStatus;
  entries: readonly THistoryEntryLike[];
}) {
  const steps: TStep[] = entries
    .filter((entry) => isMilestone(entry.action))
    .map((entry) => ({
      key: `${entry.version}`,
      title: historyActionLabel(entry.action),
      body: (
        <>
          <DateTime iso={entry.at} /> ·{' '}
          <span className="wrap-anywhere">
            {entry.actor.username} ({entry.actor.role})
          </span>
        </>
      ),
      done: true,
    }));
  const next = nextStep(status);
  if (next) steps.push({ key: 'next', title: next.title, body: next.body, done: false });
  return (
    <Timeline active={steps.filter((step) => step.done).length - 1} bulletSize={16} lineWidth={2}>
      {steps.map((step) => (
        <Timeline.Item key={step.key} title={step.title} lineVariant={step.done ? 'solid' : 'dashed'}>
          <Text size="sm" c="dimmed">
            {step.body}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
