import { DomainError } from '@loanbook/domain/errors';
import { decideLoanTransition } from '@loanbook/domain/loans';
import {
  computePosition,
  quotePayoff,
  quoteWriteOff,
  replayLedger,
  servicingTermsOf,
  type TDisburseInput,
  type TLedger,
  type TLedgerInput,
  type TLoanTransaction,
  type TPayoffInput,
  type TPrepayInput,
  type TRepayInput,
  type TReverseInput,
  type TWriteOffInput,
  validatePosting,
  validateReversal,
} from '@loanbook/domain/servicing';
import { LockMode } from '@mikro-orm/core';
import type { TEntityManager } from '../../db/orm';
import type { TPrincipal } from '../auth/principal';
import { currentActor } from '../history/actor-context';
import { type ILoan, Loan } from '../loans/loan.entity';
import { findLoan } from '../loans/loan.repository';
import { presentActor, readLoan, visibleOrNotFound } from '../loans/loan-access';
import {
  findLoanTransactions,
  insertTransaction,
  type TNewTransaction,
  type TStoredTransaction,
} from './loan-transaction.repository';

/** Today's business date: calendar dates are UTC (docs/servicing.md "Dates"). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * Keys of the postings that carry no client key (one disbursement and one write-off per loan, one reversal
 * per transaction): `#` is outside the client keys' alphabet, so the two can never collide.
 */
const systemKey = (name: string) => `#${name}`;

const NO_ALLOCATION = { principal: '0.00', interest: '0.00', fees: '0.00', accruedInterest: '0.00' };

/** What the ledger replays for a loan: its priced terms, its disbursement date and its transactions. */
function ledgerInputOf(loan: ILoan, stored: readonly TStoredTransaction[]): TLedgerInput {
  if (!loan.disbursedOn)
    throw new DomainError('CONFLICT', `This loan is ${loan.status}: it was never disbursed`);
  return {
    terms: servicingTermsOf(loan),
    disbursedOn: loan.disbursedOn,
    transactions: stored.map(({ ledger }) => ledger),
  };
}

/** The loan's columns that change only when a transaction is posted: always a replay of the ledger. */
function applyLedger(loan: ILoan, ledger: TLedger) {
  loan.status = ledger.status;
  loan.closedOn = ledger.closedOn;
  loan.principalOutstanding = ledger.principalOutstanding;
  loan.nextDueOn = ledger.nextDueOn;
  loan.nextDueAmount = ledger.nextDueAmount;
  loan.totalPaid = ledger.totalPaid;
}

/**
 * Runs one posting in a database transaction that holds the loan's row lock (`select … for update`):
 * two postings on one loan are serialised, so each sees the other's result and never the same state.
 * The posting's transaction row, the loan's columns and its history row commit together or not at all.
 */
async function withLockedLoan<T>(
  em: TEntityManager,
  loanId: string,
  work: (tx: TEntityManager, loan: ILoan, stored: TStoredTransaction[]) => Promise<T>,
): Promise<T> {
  return em.transactional(async (tx) => {
    const loan = await tx.findOne(Loan, loanId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!loan) throw new DomainError('NOT_FOUND', 'Loan not found');
    const stored = await findLoanTransactions(tx, loanId);
    return work(tx, loan, stored);
  });
}

/** Admins record money on any loan; an agent only on the loans they are the agent of. */
function requireMayRecord(principal: TPrincipal, loan: ILoan) {
  if (principal.role === 'admin') return;
  if (principal.role === 'agent' && loan.agent?.id === principal.id) return;
  throw new DomainError('FORBIDDEN', "Only an admin or the loan's own agent can record money on this loan");
}

const recorder = () => {
  const actor = currentActor();
  return { id: actor.id, username: actor.username, role: actor.role };
};

/** Appends a transaction and moves the loan to the ledger's result; the flush writes the history row. */
async function post(
  tx: TEntityManager,
  loan: ILoan,
  row: Omit<TNewTransaction, 'id' | 'loanId' | 'recordedBy'>,
  ledger: TLedger,
) {
  const id = crypto.randomUUID();
  await insertTransaction(tx, { ...row, id, loanId: loan.id, recordedBy: recorder() });
  applyLedger(loan, ledger);
  loan.lastTransactionId = id;
  loan.lastTransactionType = row.type;
  await tx.flush();
  return id;
}

async function transactionById(em: TEntityManager, loanId: string, id: string): Promise<TLoanTransaction> {
  const found = (await findLoanTransactions(em, loanId)).find(({ dto }) => dto.id === id);
  if (!found) throw new DomainError('NOT_FOUND', 'No such transaction on this loan');
  return found.dto;
}

/**
 * The same idempotency key again: the same request returns the transaction it posted and posts nothing;
 * a different request under that key is a conflict. Null when the key is new.
 */
function replayOfKey(stored: readonly TStoredTransaction[], key: string, fingerprint: string) {
  const earlier = stored.find((transaction) => transaction.idempotencyKey === key);
  if (!earlier) return null;
  if (earlier.fingerprint !== fingerprint) {
    throw new DomainError(
      'CONFLICT',
      'This idempotency key was already used for a different request: use a new key for a new posting',
      { idempotencyKey: ['Already used for a different request'] },
    );
  }
  return earlier.dto;
}

/** Admin: pays the approved loan out. The schedule's due dates count from `disbursedOn`. */
export async function disburseLoan(em: TEntityManager, admin: TPrincipal, input: TDisburseInput) {
  const today = todayUtc();
  const disbursedOn = input.disbursedOn ?? today;
  if (disbursedOn > today) {
    const message = `The disbursement date cannot be in the future (today is ${today})`;
    throw new DomainError('BAD_REQUEST', message, { disbursedOn: [message] });
  }
  await withLockedLoan(em, input.loanId, async (tx, loan) => {
    loan.status = decideLoanTransition(loan.status, 'DISBURSE', { actorId: admin.id, loanAgentId: null });
    loan.disbursedOn = disbursedOn;
    const disbursement = {
      type: 'DISBURSEMENT' as const,
      amount: loan.principal,
      valueDate: disbursedOn,
      reference: input.reference ?? null,
      reduce: null,
      reverses: null,
      reason: null,
      // One disbursement per loan: the unique key refuses a second one even from a concurrent request.
      idempotencyKey: systemKey('disbursement'),
      fingerprint: JSON.stringify({ type: 'DISBURSEMENT', disbursedOn, reference: input.reference ?? null }),
      allocation: NO_ALLOCATION,
    };
    const ledger = replayLedger(ledgerInputOf(loan, []), { asOf: today });
    await post(tx, loan, disbursement, ledger);
  });
  return readLoan(em, input.loanId);
}

type TMoneyIn =
  | ({ type: 'REPAYMENT' } & TRepayInput)
  | ({ type: 'PREPAYMENT' } & TPrepayInput)
  | ({ type: 'PAYOFF' } & TPayoffInput);

/** Staff: records money coming back — a repayment, a prepayment or a payoff (docs/servicing.md §4). */
export async function recordPayment(em: TEntityManager, principal: TPrincipal, input: TMoneyIn) {
  const today = todayUtc();
  const reduce = input.type === 'PREPAYMENT' ? input.reduce : null;
  const fingerprint = JSON.stringify({
    type: input.type,
    amount: input.amount,
    paidOn: input.paidOn ?? null,
    reference: input.reference ?? null,
    reduce,
  });
  const id = await withLockedLoan(em, input.loanId, async (tx, loan, stored) => {
    requireMayRecord(principal, loan);
    const earlier = replayOfKey(stored, input.idempotencyKey, fingerprint);
    if (earlier) return earlier.id;
    const result = validatePosting(
      ledgerInputOf(loan, stored),
      { type: input.type, amount: input.amount, valueDate: input.paidOn ?? today, reduce },
      today,
    );
    return post(
      tx,
      loan,
      {
        type: input.type,
        amount: result.transaction.amount,
        valueDate: result.transaction.valueDate,
        reference: input.reference ?? null,
        reduce,
        reverses: null,
        reason: null,
        idempotencyKey: input.idempotencyKey,
        fingerprint,
        allocation: result.allocation,
      },
      result.ledger,
    );
  });
  return transactionById(em, input.loanId, id);
}

/** Admin: cancels a mistaken repayment, prepayment or payoff with a REVERSAL; the loan is recomputed. */
export async function reverseTransaction(em: TEntityManager, input: TReverseInput) {
  const today = todayUtc();
  const id = await withLockedLoan(em, input.loanId, async (tx, loan, stored) => {
    const { transaction, ledger } = validateReversal(ledgerInputOf(loan, stored), input.transactionId, today);
    return post(
      tx,
      loan,
      {
        type: 'REVERSAL',
        amount: transaction.amount,
        valueDate: transaction.valueDate,
        reference: null,
        reduce: null,
        reverses: input.transactionId,
        reason: input.reason,
        idempotencyKey: systemKey(`reversal:${input.transactionId}`),
        fingerprint: JSON.stringify({ type: 'REVERSAL', transactionId: input.transactionId }),
        allocation: NO_ALLOCATION,
      },
      ledger,
    );
  });
  return transactionById(em, input.loanId, id);
}

/** Admin: takes an active loan off the books; the transaction records what was written off. */
export async function writeOffLoan(em: TEntityManager, admin: TPrincipal, input: TWriteOffInput) {
  const today = todayUtc();
  const on = input.writtenOffOn ?? today;
  const id = await withLockedLoan(em, input.loanId, async (tx, loan, stored) => {
    decideLoanTransition(loan.status, 'WRITE_OFF', { actorId: admin.id, loanAgentId: null });
    const ledgerInput = ledgerInputOf(loan, stored);
    const { total } = quoteWriteOff(ledgerInput, on);
    const result = validatePosting(ledgerInput, { type: 'WRITE_OFF', amount: total, valueDate: on }, today);
    return post(
      tx,
      loan,
      {
        type: 'WRITE_OFF',
        amount: total,
        valueDate: on,
        reference: null,
        reduce: null,
        reverses: null,
        reason: input.reason,
        idempotencyKey: systemKey('write-off'),
        fingerprint: JSON.stringify({ type: 'WRITE_OFF', writtenOffOn: on }),
        allocation: result.allocation,
      },
      result.ledger,
    );
  });
  return transactionById(em, input.loanId, id);
}

/** The ledger of a loan this principal may see (404 otherwise), without locking: for reads. */
async function visibleLedger(em: TEntityManager, principal: TPrincipal, loanId: string) {
  const loan = visibleOrNotFound(principal, await findLoan(em, loanId));
  const stored = await findLoanTransactions(em, loanId);
  return { loan, stored };
}

/**
 * The ledger as it stands: each transaction's allocation is the one today's replay gives it, so a
 * back-dated repayment that moved a later one's money (a fee that was never due after all) shows where the
 * money went now. Reversed transactions keep the allocation they had when posted.
 */
export async function listTransactions(em: TEntityManager, principal: TPrincipal, loanId: string) {
  const { loan, stored } = await visibleLedger(em, principal, loanId);
  if (!loan.disbursedOn) return [];
  const { applied } = replayLedger(ledgerInputOf(loan, stored));
  const current = new Map(applied.map(({ id, allocation }) => [id, allocation]));
  return stored.map(({ dto }) => ({
    ...dto,
    allocation: current.get(dto.id) ?? dto.allocation,
    recordedBy: presentActor(principal, dto.recordedBy),
  }));
}

export async function getPosition(em: TEntityManager, principal: TPrincipal, loanId: string, asOf?: string) {
  const { loan, stored } = await visibleLedger(em, principal, loanId);
  return computePosition(ledgerInputOf(loan, stored), asOf ?? todayUtc());
}

export async function getPayoffQuote(em: TEntityManager, principal: TPrincipal, loanId: string, on?: string) {
  const { loan, stored } = await visibleLedger(em, principal, loanId);
  return quotePayoff(ledgerInputOf(loan, stored), on ?? todayUtc());
}
