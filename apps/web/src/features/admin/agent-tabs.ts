import type { TAgentStatus } from '@loanbook/domain/accounts';

/**
 * The agents screen's tabs, one per agent status in the order an admin needs them. Written out here
 * because the domain's `AGENT_STATUSES` sits beside zod schemas, which must stay out of the router's
 * bundle; `satisfies Record<TAgentStatus, …>` makes the compiler check that no status is missing.
 */
export const AGENT_TABS = {
  APPROVED: 'Approved',
  SUSPENDED: 'Suspended',
  PENDING: 'Pending',
  REJECTED: 'Rejected',
} as const satisfies Record<TAgentStatus, string>;
export type TAgentTab = keyof typeof AGENT_TABS;
export const isAgentTab = (value: unknown): value is TAgentTab =>
  typeof value === 'string' && Object.hasOwn(AGENT_TABS, value);
