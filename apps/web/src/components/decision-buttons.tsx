import { Button, type ButtonProps, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { ConfirmButton } from './confirm-button';
import { ReasonModal } from './reason-modal';

export interface TDecision {
  /** What is decided on, for the buttons' accessible names ("alice's Car loan"); none when the page says. */
  subject?: string;
  size?: ButtonProps['size'];
  approve: {
    title: string;
    message: ReactNode;
    confirmLabel: string;
    onConfirm: () => Promise<unknown>;
  };
  reject: {
    title: string;
    description?: ReactNode;
    confirmLabel: string;
    /** The API's schema of the reason (`ZLoanReject.shape.reason`, `ZAgentReject.shape.reason`). */
    reasonSchema: z.ZodType;
    onConfirm: (reason: string) => Promise<unknown>;
  };
}

/**
 * Approve (after an "are you sure?") or reject (with a required reason): the one decision control, for
 * loans in the approvals list and on a loan's page, and for agent applications.
 */
export function DecisionButtons({ subject, size, approve, reject }: TDecision) {
  const [isRejecting, { open, close }] = useDisclosure(false);
  return (
    <Group gap="xs" wrap="nowrap">
      <ConfirmButton
        size={size}
        color="green"
        title={approve.title}
        message={approve.message}
        confirmLabel={approve.confirmLabel}
        aria-label={subject ? `Approve ${subject}` : undefined}
        onConfirm={approve.onConfirm}
      >
        Approve
      </ConfirmButton>
      <Button
        size={size}
        color="red.9"
        variant="outline"
        aria-label={subject ? `Reject ${subject}` : undefined}
        onClick={open}
      >
        Reject
      </Button>
      <ReasonModal
        opened={isRejecting}
        onClose={close}
        title={reject.title}
        description={reject.description}
        confirmLabel={reject.confirmLabel}
        schema={reject.reasonSchema}
        onConfirm={(reason) => reject.onConfirm(reason ?? '')}
      />
    </Group>
  );
}
