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

/** The message shown to an agent whose account is not (or no longer) approved. */
export const inactiveAccountMessage = (status: string): string => {
  switch (status) {
    case 'PENDING':
      return 'Your agent account is awaiting approval by an administrator';
    case 'REJECTED':
      return 'Your agent application was rejected';
    case 'SUSPENDED':
      return 'Your account is suspended';
    default:
      return 'Your account is not active';
  }
};
