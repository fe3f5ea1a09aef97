import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { z } from 'zod';
import { describeError } from '../lib/errors';
import { valueError } from '../lib/forms';

/**
 * A dialog that asks for a reason before a consequential action (reject a loan or an agent, suspend an
 * agent). The reason is checked with the API's own schema for it (`schema`, e.g.
 * `ZLoanReject.shape.reason`): required unless the schema accepts none, at most as long as it allows.
 * Errors from the action stay in the dialog.
 */
export function ReasonModal({
  opened,
  onClose,
  title,
  description,
  confirmLabel,
  schema,
  onConfirm,
  color = 'red.9',
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  schema: z.ZodType;
  onConfirm: (reason: string | undefined) => Promise<unknown>;
  color?: string;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const [isTouched, setTouched] = useState(false);
  const isOptional = schema.safeParse(undefined).success;
  const trimmed = reason.trim();
  const value = trimmed === '' && isOptional ? undefined : reason;
  const problem = valueError(schema, value, 'reason');
  const maxLength = 'maxLength' in schema && typeof schema.maxLength === 'number' ? schema.maxLength : null;
  // "Required" only once the person has had a chance to type; a reason too long, as soon as it is.
  const fieldError = isTouched || trimmed !== '' ? problem : null;

  const close = () => {
    setReason('');
    setError(null);
    setTouched(false);
    onClose();
  };
  const confirm = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(value === undefined ? undefined : trimmed);
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <Stack>
        {description && <Text size="sm">{description}</Text>}
        <Textarea
          label={isOptional ? 'Reason (optional)' : 'Reason'}
          description={maxLength ? `At most ${maxLength} characters` : undefined}
          withAsterisk={!isOptional}
          autosize
          minRows={3}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          onBlur={() => setTouched(true)}
          error={fieldError}
          data-autofocus
        />
        {error !== null && (
          <Alert color="red" role="alert">
            {describeError(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color={color} onClick={() => void confirm()} loading={isBusy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
