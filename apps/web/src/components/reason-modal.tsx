import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { describeError } from '../lib/errors';

const MAX_REASON = 500;

/**
 * A dialog that asks for a reason before a consequential action (reject a loan or an agent, suspend an
 * agent). The reason is required unless `optional`; errors from the action stay in the dialog.
 */
export function ReasonModal({
  opened,
  onClose,
  title,
  description,
  confirmLabel,
  optional = false,
  onConfirm,
  color = 'red.9',
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  optional?: boolean;
  onConfirm: (reason: string | undefined) => Promise<unknown>;
  color?: string;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const [isTouched, setTouched] = useState(false);
  const trimmed = reason.trim();
  const fieldError =
    !optional && isTouched && trimmed === ''
      ? 'Please give a reason'
      : trimmed.length > MAX_REASON
        ? `At most ${MAX_REASON} characters`
        : null;

  const close = () => {
    setReason('');
    setError(null);
    setTouched(false);
    onClose();
  };
  const confirm = async () => {
    setTouched(true);
    if ((!optional && trimmed === '') || trimmed.length > MAX_REASON) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(trimmed === '' ? undefined : trimmed);
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
          label={optional ? 'Reason (optional)' : 'Reason'}
          withAsterisk={!optional}
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
