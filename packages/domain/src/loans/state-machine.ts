import { DomainError } from '../errors';
import type { TTransactionType } from '../servicing/constants';

/**
 * Every status a loan can be in (docs/loans.md "Lifecycle"; after approval docs/servicing.md). ACTIVE,
 * PAID_OFF and WRITTEN_OFF are reached by posting money transactions; "in arrears" is not a status.
 */
export const LOAN_STATUSES = [
  'NEW',
  'PENDING',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'ACTIVE',
  'PAID_OFF',
  'WRITTEN_OFF',
] as const;
export type TLoanStatus = (typeof LOAN_STATUSES)[number];

/** Everything that can be done to an existing loan. */
export const LOAN_COMMANDS = [
  'FORWARD',
  'EDIT',
  'APPROVE',
  'REJECT',
  'WITHDRAW',
  'DISBURSE',
  'WRITE_OFF',
] as const;
export type TLoanCommand = (typeof LOAN_COMMANDS)[number];

/** What a loan's history entry records (the contract's `HistoryEntry.action`). */
export const LOAN_HISTORY_ACTIONS = [
  'CREATED',
  'UPDATED',
  'FORWARDED',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'DISBURSED',
  'REPAID',
  'PREPAID',
  'PAID_OFF',
  'REVERSED',
  'WRITTEN_OFF',
] as const;
export type TLoanHistoryAction = (typeof LOAN_HISTORY_ACTIONS)[number];
export const isLoanHistoryAction = (value: string): value is TLoanHistoryAction =>
  (LOAN_HISTORY_ACTIONS as readonly string[]).includes(value);

/** Who is acting, and the agent the loan belongs to (set when it was forwarded). */
export interface TLoanTransitionContext {
  actorId: string;
  loanAgentId: string | null;
}

/** command → from-status → to-status. A missing entry is a conflict. */
const TRANSITIONS: Record<TLoanCommand, Partial<Record<TLoanStatus, TLoanStatus>>> = {
  FORWARD: { NEW: 'PENDING' },
  EDIT: { NEW: 'NEW', PENDING: 'PENDING' },
  APPROVE: { PENDING: 'APPROVED' },
  REJECT: { PENDING: 'REJECTED' },
  WITHDRAW: { NEW: 'WITHDRAWN', PENDING: 'WITHDRAWN' },
  DISBURSE: { APPROVED: 'ACTIVE' },
  WRITE_OFF: { ACTIVE: 'WRITTEN_OFF' },
};

/**
 * Steps only the loan's own agent may take: once forwarded, a loan belongs to its agent and another agent
 * cannot take it over.
 */
const OWN_AGENT_ONLY: Partial<Record<TLoanCommand, readonly TLoanStatus[]>> = {
  EDIT: ['PENDING'],
};

const COMMAND_WORDS: Record<TLoanCommand, { verb: string; done: string }> = {
  FORWARD: { verb: 'forward', done: 'forwarded' },
  EDIT: { verb: 'edit', done: 'edited' },
  APPROVE: { verb: 'approve', done: 'decided' },
  REJECT: { verb: 'reject', done: 'decided' },
  WITHDRAW: { verb: 'withdraw', done: 'withdrawn' },
  DISBURSE: { verb: 'disburse', done: 'disbursed' },
  WRITE_OFF: { verb: 'write off', done: 'written off' },
};

/** Statuses no command leaves: derived from the table so the two can't disagree. */
const FINAL_STATUSES: ReadonlySet<TLoanStatus> = new Set(
  LOAN_STATUSES.filter((status) =>
    LOAN_COMMANDS.every((command) => TRANSITIONS[command][status] === undefined),
  ),
);

/** Returns the next status or throws DomainError('CONFLICT', <clear human message>). */
export function decideLoanTransition(
  status: TLoanStatus,
  command: TLoanCommand,
  ctx: TLoanTransitionContext,
): TLoanStatus {
  const next = TRANSITIONS[command][status];
  if (next === undefined) {
    throw new DomainError('CONFLICT', explainConflict(status, command, ctx));
  }
  const isOwnAgent = ctx.loanAgentId !== null && ctx.actorId === ctx.loanAgentId;
  if (OWN_AGENT_ONLY[command]?.includes(status) && !isOwnAgent) {
    throw new DomainError(
      'CONFLICT',
      `Only the agent who forwarded this loan can ${COMMAND_WORDS[command].verb} it`,
    );
  }
  return next;
}

/** The application's commands: once a loan is decided (and later serviced), none of them applies. */
const ORIGINATION_COMMANDS: ReadonlySet<TLoanCommand> = new Set([
  'FORWARD',
  'EDIT',
  'APPROVE',
  'REJECT',
  'WITHDRAW',
]);
const APPLICATION_CLOSED: ReadonlySet<TLoanStatus> = new Set(
  LOAN_STATUSES.filter((status) =>
    [...ORIGINATION_COMMANDS].every((command) => TRANSITIONS[command][status] === undefined),
  ),
);

function explainConflict(status: TLoanStatus, command: TLoanCommand, ctx: TLoanTransitionContext): string {
  if (FINAL_STATUSES.has(status) || (ORIGINATION_COMMANDS.has(command) && APPLICATION_CLOSED.has(status))) {
    return `This loan is ${status} and can no longer be changed`;
  }
  const words = COMMAND_WORDS[command];
  // The loan is already where this command would take it, e.g. a second agent forwarding a PENDING loan.
  if (Object.values(TRANSITIONS[command]).includes(status)) {
    const byAnotherAgent =
      command === 'FORWARD' && ctx.loanAgentId !== null && ctx.actorId !== ctx.loanAgentId;
    const byWhom = byAnotherAgent ? ' by another agent' : '';
    return `This loan was already ${words.done}${byWhom}`;
  }
  const allowedFrom = Object.keys(TRANSITIONS[command]).join(' or ');
  return `Cannot ${words.verb} a loan that is ${status}: only ${allowedFrom} loans can be ${words.done}`;
}

const HISTORY_ACTION_BY_TARGET: Record<Exclude<TLoanStatus, 'NEW'>, TLoanHistoryAction> = {
  PENDING: 'FORWARDED',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  WITHDRAWN: 'WITHDRAWN',
  ACTIVE: 'DISBURSED',
  PAID_OFF: 'PAID_OFF',
  WRITTEN_OFF: 'WRITTEN_OFF',
};

/** History action for a status change (from → to) or 'UPDATED' when the status didn't change; 'CREATED' when from is null. */
export function historyActionFor(from: TLoanStatus | null, to: TLoanStatus): TLoanHistoryAction {
  if (from === null) {
    return 'CREATED';
  }
  if (from === to) {
    return 'UPDATED';
  }
  if (to === 'NEW') {
    // No command leads back to NEW; reaching this means a caller bypassed decideLoanTransition.
    throw new Error(`No loan history action for a change from ${from} back to NEW`);
  }
  return HISTORY_ACTION_BY_TARGET[to];
}

const HISTORY_ACTION_BY_TRANSACTION: Record<TTransactionType, TLoanHistoryAction> = {
  DISBURSEMENT: 'DISBURSED',
  REPAYMENT: 'REPAID',
  PREPAYMENT: 'PREPAID',
  PAYOFF: 'PAID_OFF',
  WRITE_OFF: 'WRITTEN_OFF',
  REVERSAL: 'REVERSED',
};

/** The history action of a loan change made by posting a transaction of this type. */
export function historyActionForTransaction(type: string): TLoanHistoryAction {
  const action = (HISTORY_ACTION_BY_TRANSACTION as Record<string, TLoanHistoryAction | undefined>)[type];
  if (!action) throw new Error(`Not a loan transaction type: ${type}`);
  return action;
}
