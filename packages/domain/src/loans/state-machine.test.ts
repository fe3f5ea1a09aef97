import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  decideLoanTransition,
  historyActionFor,
  LOAN_COMMANDS,
  LOAN_STATUSES,
  type TLoanCommand,
  type TLoanHistoryAction,
  type TLoanStatus,
  type TLoanTransitionContext,
} from './state-machine';

type TOutcome = TLoanStatus | { conflict: string };

const FINAL = (status: TLoanStatus) => ({ conflict: `This loan is ${status} and can no longer be changed` });

/**
 * The whole lifecycle, written out by hand: [status, command, outcome for the loan's own agent, outcome for
 * anyone else]. "Anyone else" is another agent, the customer or the admin; only ownership differs.
 */
const EXPECTED: ReadonlyArray<[TLoanStatus, TLoanCommand, TOutcome, TOutcome]> = [
  ['NEW', 'FORWARD', 'PENDING', 'PENDING'],
  ['NEW', 'EDIT', 'NEW', 'NEW'],
  [
    'NEW',
    'APPROVE',
    { conflict: 'Cannot approve a loan that is NEW: only PENDING loans can be decided' },
    { conflict: 'Cannot approve a loan that is NEW: only PENDING loans can be decided' },
  ],
  [
    'NEW',
    'REJECT',
    { conflict: 'Cannot reject a loan that is NEW: only PENDING loans can be decided' },
    { conflict: 'Cannot reject a loan that is NEW: only PENDING loans can be decided' },
  ],
  ['NEW', 'WITHDRAW', 'WITHDRAWN', 'WITHDRAWN'],
  [
    'PENDING',
    'FORWARD',
    { conflict: 'This loan was already forwarded' },
    { conflict: 'This loan was already forwarded by another agent' },
  ],
  ['PENDING', 'EDIT', 'PENDING', { conflict: 'Only the agent who forwarded this loan can edit it' }],
  ['PENDING', 'APPROVE', 'APPROVED', 'APPROVED'],
  ['PENDING', 'REJECT', 'REJECTED', 'REJECTED'],
  ['PENDING', 'WITHDRAW', 'WITHDRAWN', 'WITHDRAWN'],
  ['APPROVED', 'FORWARD', FINAL('APPROVED'), FINAL('APPROVED')],
  ['APPROVED', 'EDIT', FINAL('APPROVED'), FINAL('APPROVED')],
  ['APPROVED', 'APPROVE', FINAL('APPROVED'), FINAL('APPROVED')],
  ['APPROVED', 'REJECT', FINAL('APPROVED'), FINAL('APPROVED')],
  ['APPROVED', 'WITHDRAW', FINAL('APPROVED'), FINAL('APPROVED')],
  ['REJECTED', 'FORWARD', FINAL('REJECTED'), FINAL('REJECTED')],
  ['REJECTED', 'EDIT', FINAL('REJECTED'), FINAL('REJECTED')],
  ['REJECTED', 'APPROVE', FINAL('REJECTED'), FINAL('REJECTED')],
  ['REJECTED', 'REJECT', FINAL('REJECTED'), FINAL('REJECTED')],
  ['REJECTED', 'WITHDRAW', FINAL('REJECTED'), FINAL('REJECTED')],
  ['WITHDRAWN', 'FORWARD', FINAL('WITHDRAWN'), FINAL('WITHDRAWN')],
  ['WITHDRAWN', 'EDIT', FINAL('WITHDRAWN'), FINAL('WITHDRAWN')],
  ['WITHDRAWN', 'APPROVE', FINAL('WITHDRAWN'), FINAL('WITHDRAWN')],
  ['WITHDRAWN', 'REJECT', FINAL('WITHDRAWN'), FINAL('WITHDRAWN')],
  ['WITHDRAWN', 'WITHDRAW', FINAL('WITHDRAWN'), FINAL('WITHDRAWN')],
  ['ACTIVE', 'FORWARD', FINAL('ACTIVE'), FINAL('ACTIVE')],
  ['ACTIVE', 'EDIT', FINAL('ACTIVE'), FINAL('ACTIVE')],
  ['ACTIVE', 'APPROVE', FINAL('ACTIVE'), FINAL('ACTIVE')],
  ['ACTIVE', 'REJECT', FINAL('ACTIVE'), FINAL('ACTIVE')],
  ['ACTIVE', 'WITHDRAW', FINAL('ACTIVE'), FINAL('ACTIVE')],
  ['PAID_OFF', 'FORWARD', FINAL('PAID_OFF'), FINAL('PAID_OFF')],
  ['PAID_OFF', 'EDIT', FINAL('PAID_OFF'), FINAL('PAID_OFF')],
  ['PAID_OFF', 'APPROVE', FINAL('PAID_OFF'), FINAL('PAID_OFF')],
  ['PAID_OFF', 'REJECT', FINAL('PAID_OFF'), FINAL('PAID_OFF')],
  ['PAID_OFF', 'WITHDRAW', FINAL('PAID_OFF'), FINAL('PAID_OFF')],
  ['WRITTEN_OFF', 'FORWARD', FINAL('WRITTEN_OFF'), FINAL('WRITTEN_OFF')],
  ['WRITTEN_OFF', 'EDIT', FINAL('WRITTEN_OFF'), FINAL('WRITTEN_OFF')],
  ['WRITTEN_OFF', 'APPROVE', FINAL('WRITTEN_OFF'), FINAL('WRITTEN_OFF')],
  ['WRITTEN_OFF', 'REJECT', FINAL('WRITTEN_OFF'), FINAL('WRITTEN_OFF')],
  ['WRITTEN_OFF', 'WITHDRAW', FINAL('WRITTEN_OFF'), FINAL('WRITTEN_OFF')],
  [
    'NEW',
    'DISBURSE',
    { conflict: 'Cannot disburse a loan that is NEW: only APPROVED loans can be disbursed' },
    { conflict: 'Cannot disburse a loan that is NEW: only APPROVED loans can be disbursed' },
  ],
  [
    'PENDING',
    'DISBURSE',
    { conflict: 'Cannot disburse a loan that is PENDING: only APPROVED loans can be disbursed' },
    { conflict: 'Cannot disburse a loan that is PENDING: only APPROVED loans can be disbursed' },
  ],
  ['APPROVED', 'DISBURSE', 'ACTIVE', 'ACTIVE'],
  ['REJECTED', 'DISBURSE', FINAL('REJECTED'), FINAL('REJECTED')],
  ['WITHDRAWN', 'DISBURSE', FINAL('WITHDRAWN'), FINAL('WITHDRAWN')],
  [
    'ACTIVE',
    'DISBURSE',
    { conflict: 'This loan was already disbursed' },
    { conflict: 'This loan was already disbursed' },
  ],
  ['PAID_OFF', 'DISBURSE', FINAL('PAID_OFF'), FINAL('PAID_OFF')],
  ['WRITTEN_OFF', 'DISBURSE', FINAL('WRITTEN_OFF'), FINAL('WRITTEN_OFF')],
  [
    'NEW',
    'WRITE_OFF',
    { conflict: 'Cannot write off a loan that is NEW: only ACTIVE loans can be written off' },
    { conflict: 'Cannot write off a loan that is NEW: only ACTIVE loans can be written off' },
  ],
  [
    'PENDING',
    'WRITE_OFF',
    { conflict: 'Cannot write off a loan that is PENDING: only ACTIVE loans can be written off' },
    { conflict: 'Cannot write off a loan that is PENDING: only ACTIVE loans can be written off' },
  ],
  [
    'APPROVED',
    'WRITE_OFF',
    { conflict: 'Cannot write off a loan that is APPROVED: only ACTIVE loans can be written off' },
    { conflict: 'Cannot write off a loan that is APPROVED: only ACTIVE loans can be written off' },
  ],
  ['REJECTED', 'WRITE_OFF', FINAL('REJECTED'), FINAL('REJECTED')],
  ['WITHDRAWN', 'WRITE_OFF', FINAL('WITHDRAWN'), FINAL('WITHDRAWN')],
  ['ACTIVE', 'WRITE_OFF', 'WRITTEN_OFF', 'WRITTEN_OFF'],
  ['PAID_OFF', 'WRITE_OFF', FINAL('PAID_OFF'), FINAL('PAID_OFF')],
  ['WRITTEN_OFF', 'WRITE_OFF', FINAL('WRITTEN_OFF'), FINAL('WRITTEN_OFF')],
];

const AGENT = 'agent-1';
const OWN_AGENT = { actorId: AGENT, loanAgentId: AGENT };
const SOMEONE_ELSE = { actorId: 'agent-2', loanAgentId: AGENT };

function outcomeOf(status: TLoanStatus, command: TLoanCommand, ctx: TLoanTransitionContext): TOutcome {
  try {
    return decideLoanTransition(status, command, ctx);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'CONFLICT') {
      throw error;
    }
    return { conflict: error.message };
  }
}

describe('decideLoanTransition', () => {
  it('has an expectation for every status × command pair', () => {
    const covered = EXPECTED.map(([status, command]) => `${status}×${command}`).sort();
    const all = LOAN_STATUSES.flatMap((status) =>
      LOAN_COMMANDS.map((command) => `${status}×${command}`),
    ).sort();
    expect(covered).toEqual(all);
  });

  it.each(EXPECTED)('%s × %s for its own agent', (status, command, forOwnAgent) => {
    expect(outcomeOf(status, command, OWN_AGENT)).toEqual(forOwnAgent);
  });

  it.each(EXPECTED)('%s × %s for anyone else', (status, command, _forOwnAgent, forSomeoneElse) => {
    expect(outcomeOf(status, command, SOMEONE_ELSE)).toEqual(forSomeoneElse);
  });

  it('forwards a NEW loan that has no agent yet', () => {
    expect(decideLoanTransition('NEW', 'FORWARD', { actorId: AGENT, loanAgentId: null })).toBe('PENDING');
  });

  it('does not let anyone edit a PENDING loan that somehow has no agent', () => {
    expect(() => decideLoanTransition('PENDING', 'EDIT', { actorId: AGENT, loanAgentId: null })).toThrow(
      'Only the agent who forwarded this loan can edit it',
    );
  });
});

describe('historyActionFor', () => {
  it.each([
    [null, 'NEW', 'CREATED'],
    [null, 'PENDING', 'CREATED'],
    ['NEW', 'NEW', 'UPDATED'],
    ['PENDING', 'PENDING', 'UPDATED'],
    ['NEW', 'PENDING', 'FORWARDED'],
    ['PENDING', 'APPROVED', 'APPROVED'],
    ['PENDING', 'REJECTED', 'REJECTED'],
    ['NEW', 'WITHDRAWN', 'WITHDRAWN'],
    ['PENDING', 'WITHDRAWN', 'WITHDRAWN'],
    ['APPROVED', 'ACTIVE', 'DISBURSED'],
    ['ACTIVE', 'PAID_OFF', 'PAID_OFF'],
    ['ACTIVE', 'WRITTEN_OFF', 'WRITTEN_OFF'],
  ] as const)('%s → %s is %s', (from, to, action) => {
    expect(historyActionFor(from, to)).toBe(action);
  });

  it('names each allowed transition after the command that made it', () => {
    const actionOfCommand: Record<TLoanCommand, TLoanHistoryAction> = {
      FORWARD: 'FORWARDED',
      EDIT: 'UPDATED',
      APPROVE: 'APPROVED',
      REJECT: 'REJECTED',
      WITHDRAW: 'WITHDRAWN',
      DISBURSE: 'DISBURSED',
      WRITE_OFF: 'WRITTEN_OFF',
    };
    for (const [status, command, outcome] of EXPECTED) {
      if (typeof outcome === 'string') {
        expect(historyActionFor(status, outcome)).toBe(actionOfCommand[command]);
      }
    }
  });

  it('refuses a change back to NEW, which no command makes', () => {
    expect(() => historyActionFor('PENDING', 'NEW')).toThrow();
  });
});
