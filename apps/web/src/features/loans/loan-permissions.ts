import type { TRole } from '@loanbook/domain/accounts';
import { isDomainError } from '@loanbook/domain/errors';
import {
  decideLoanTransition,
  type TLoanCommand,
  type TLoanStatus,
} from '@loanbook/domain/loans/state-machine';

/** Who issues each command: the role of the API procedure behind it (`loans.forward` is for agents, …). */
const COMMAND_ROLE: Record<TLoanCommand, TRole> = {
  FORWARD: 'agent',
  EDIT: 'agent',
  APPROVE: 'admin',
  REJECT: 'admin',
  WITHDRAW: 'customer',
  DISBURSE: 'admin',
  WRITE_OFF: 'admin',
};

export interface TLoanPrincipal {
  id: string;
  role: TRole;
}

export interface TLoanFacts {
  status: TLoanStatus;
  customer: { id: string };
  agent: { id: string } | null;
}

/**
 * Whether this person may take this step on this loan now: their role issues the command, and the
 * domain's state machine (`decideLoanTransition`, the same rule the API applies) allows it from the
 * loan's status for them — e.g. once forwarded, only the loan's own agent edits it. Buttons are shown by
 * this; the API checks every step again.
 */
export function canTakeLoanStep(command: TLoanCommand, loan: TLoanFacts, principal: TLoanPrincipal): boolean {
  if (COMMAND_ROLE[command] !== principal.role) return false;
  if (principal.role === 'customer' && loan.customer.id !== principal.id) return false;
  try {
    decideLoanTransition(loan.status, command, {
      actorId: principal.id,
      loanAgentId: loan.agent?.id ?? null,
    });
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}
