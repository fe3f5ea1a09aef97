import { DomainError } from '@loanbook/domain/errors';
import type { TEntityManager } from '../../db/orm';
import type { TPrincipal } from '../auth/principal';
import { findLoanView } from './loan.repository';

/**
 * The one visibility rule of loans, for reads and commands alike: customers see their own loans only, and
 * anyone else's is NOT_FOUND — indistinguishable from a loan that does not exist. Staff see every loan.
 */
export function visibleOrNotFound<T extends { customer: { id: string } }>(
  principal: TPrincipal,
  loan: T | null,
): T {
  if (!loan || (principal.role === 'customer' && loan.customer.id !== principal.id)) {
    throw new DomainError('NOT_FOUND', 'Loan not found');
  }
  return loan;
}

/**
 * Every procedure that answers with a `Loan` reads it through the one lean view (`findLoanView`), commands
 * included (after their flush), so a mutation's answer is field for field what `loans.get` shows.
 */
export async function readLoan(em: TEntityManager, loanId: string) {
  const loan = await findLoanView(em, loanId);
  if (!loan) throw new DomainError('NOT_FOUND', 'Loan not found');
  return loan;
}

/**
 * What borrowers are told of the lender's staff: admins appear as "Lending team", never by their login
 * name (a username is half of a sign-in, and borrowers see every decision). Agents keep their names:
 * they are the borrower's contact. Staff see everyone as they are.
 */
export const STAFF_DISPLAY_NAME = 'Lending team';

const isCustomer = (viewer: TPrincipal) => viewer.role === 'customer';

export function presentLoan<T extends { decidedBy: { id: string; username: string } | null }>(
  viewer: TPrincipal,
  loan: T,
): T {
  if (!isCustomer(viewer) || !loan.decidedBy) return loan;
  return { ...loan, decidedBy: { id: loan.decidedBy.id, username: STAFF_DISPLAY_NAME } };
}

/** A history actor or a transaction's recorder, as the viewer may see it. */
export function presentActor<T extends { username: string; role: string }>(viewer: TPrincipal, actor: T): T {
  return isCustomer(viewer) && actor.role === 'admin' ? { ...actor, username: STAFF_DISPLAY_NAME } : actor;
}
