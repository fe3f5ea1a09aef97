import { Text, Timeline } from '@mantine/core';
import type { ReactNode } from 'react';
import { DateTime } from './date-time';
import type { THistoryEntryLike } from './history-diff';

interface TStep {
  key: string;
  title: string;
  body: ReactNode;
  done: boolean;
}

const STEP_TITLE: Record<string, string> = {
  CREATED: 'Application received',
  FORWARDED: 'Forwarded to the lender for a decision',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
};

/** What happens next for a loan in this status, in words a borrower understands. */
const NEXT_STEP: Record<string, { title: string; body: string } | undefined> = {
  NEW: { title: 'Review by a loan officer', body: 'An agent checks the application and forwards it.' },
  PENDING: { title: 'Decision by the lender', body: 'An administrator approves or rejects the loan.' },
};

/**
 * The status milestones of a loan (edits are left to the history diff), followed by the next expected
 * step while the loan is still open.
 */
export function StatusTimeline({
  status,
  entries,
}: {
  status: string;
  entries: readonly THistoryEntryLike[];
}) {
  const steps: TStep[] = entries
    .filter((entry) => entry.action in STEP_TITLE)
    .map((entry) => ({
      key: `${entry.version}`,
      title: STEP_TITLE[entry.action] ?? entry.action,
      body: (
        <>
          <DateTime iso={entry.at} /> · {entry.actor.username} ({entry.actor.role})
        </>
      ),
      done: true,
    }));
  const next = NEXT_STEP[status];
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
