import { DomainError } from '../errors';
import type { TAgentStatus } from './schemas';

export const AGENT_COMMANDS = ['APPROVE', 'REJECT', 'SUSPEND', 'REINSTATE'] as const;
export type TAgentCommand = (typeof AGENT_COMMANDS)[number];

/** Allowed agent status changes, as data: command → from-status → to-status. */
const AGENT_TRANSITIONS: Record<TAgentCommand, Partial<Record<TAgentStatus, TAgentStatus>>> = {
  APPROVE: { PENDING: 'APPROVED' },
  REJECT: { PENDING: 'REJECTED' },
  SUSPEND: { APPROVED: 'SUSPENDED' },
  REINSTATE: { SUSPENDED: 'APPROVED' },
};

const VERB: Record<TAgentCommand, string> = {
  APPROVE: 'approve',
  REJECT: 'reject',
  SUSPEND: 'suspend',
  REINSTATE: 'reinstate',
};

/** Next agent status, or CONFLICT naming the current state. */
export function decideAgentTransition(status: TAgentStatus, command: TAgentCommand): TAgentStatus {
  const next = AGENT_TRANSITIONS[command][status];
  if (!next) {
    const allowed = Object.keys(AGENT_TRANSITIONS[command]).join(' or ');
    throw new DomainError(
      'CONFLICT',
      `Cannot ${VERB[command]} an agent who is ${status}: only ${allowed} agents can be ${VERB[command]}d`,
    );
  }
  return next;
}

/** Whether an account in this status may sign in and use the API. */
export const isActiveStatus = (status: string): boolean => status === 'ACTIVE' || status === 'APPROVED';

/** The refusal of an account that is not (or no longer) active, with a reason clients can switch on. */
export const inactiveAccountError = (status: string): DomainError => {
  switch (status) {
    case 'PENDING':
      return new DomainError(
        'FORBIDDEN',
        'Your agent account is awaiting approval by an administrator',
        undefined,
        'ACCOUNT_PENDING',
      );
    case 'REJECTED':
      return new DomainError(
        'FORBIDDEN',
        'Your agent application was rejected',
        undefined,
        'ACCOUNT_REJECTED',
      );
    default:
      return new DomainError('FORBIDDEN', 'Your account is suspended', undefined, 'ACCOUNT_SUSPENDED');
  }
};
