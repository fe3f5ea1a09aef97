import type { TUserStatus } from '@loanbook/domain/accounts';
import type { TLoanStatus } from '@loanbook/domain/loans/state-machine';
import { Badge } from '@mantine/core';
import { humanize } from '../lib/format';

/** A product is offered to new applicants or not. */
type TProductStatus = 'ACTIVE' | 'INACTIVE';

/** Every loan status has its colour (the type check fails when the domain adds one). */
const LOAN_COLOR: Record<TLoanStatus, string> = {
  NEW: 'blue',
  PENDING: 'orange',
  APPROVED: 'green',
  REJECTED: 'red',
  WITHDRAWN: 'gray',
  ACTIVE: 'teal',
  PAID_OFF: 'green',
  WRITTEN_OFF: 'red',
};

const ACCOUNT_COLOR: Record<TUserStatus | TProductStatus, string> = {
  ACTIVE: 'green',
  INACTIVE: 'gray',
  PENDING: 'orange',
  APPROVED: 'green',
  REJECTED: 'red',
  SUSPENDED: 'red',
};

/**
 * A loan, account or product status: dark text with a coloured dot, so the word carries the meaning and
 * meets contrast on any background (light badges' coloured text does not).
 */
export function StatusBadge(
  props:
    | { status: TLoanStatus }
    | { status: TUserStatus; of: 'account' }
    | { status: TProductStatus; of: 'product' },
) {
  const color = 'of' in props ? ACCOUNT_COLOR[props.status] : LOAN_COLOR[props.status];
  return (
    <Badge color={color} variant="dot" radius="sm" size="md" style={{ flexShrink: 0 }}>
      {humanize(props.status)}
    </Badge>
  );
}
