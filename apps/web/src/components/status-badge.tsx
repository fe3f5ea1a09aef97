import type { TLoanStatus } from '@loanbook/domain/loans';
import { Badge } from '@mantine/core';
import { humanize } from '../lib/format';

const COLOR: Record<string, string> = {
  NEW: 'blue',
  PENDING: 'orange',
  APPROVED: 'green',
  REJECTED: 'red',
  WITHDRAWN: 'gray',
  ACTIVE: 'green',
  SUSPENDED: 'red',
  INACTIVE: 'gray',
};

/**
 * A loan or account status: dark text with a coloured dot, so the word carries the meaning and meets
 * contrast on any background (light badges' coloured text does not).
 */
export function StatusBadge({ status }: { status: TLoanStatus | string }) {
  return (
    <Badge color={COLOR[status] ?? 'gray'} variant="dot" radius="sm" size="md">
      {humanize(status)}
    </Badge>
  );
}
