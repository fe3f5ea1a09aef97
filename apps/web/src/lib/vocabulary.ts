import type { TLoanHistoryAction } from '@loanbook/domain/loans/state-machine';

/**
 * The app's one vocabulary for what happens to a loan, so the status timeline, the history, buttons,
 * dialogs and toasts say the same thing in the same words. Agents forward a loan "to the lender" (the
 * admins, who appear to borrowers as the lending team), where it waits "for a decision".
 */
export const WORDS = {
  forward: 'Forward to the lender',
  forwardConfirm: 'Forward',
  forwarded: 'Forwarded to the lender',
  awaitsDecision: 'It now waits for the lender’s decision.',
  openedForCustomer: 'Sent to the lender for a decision.',
  myForwarded: 'Loans you forwarded to the lender, and their decisions.',
} as const;

/** What a history entry records, as a heading ("Forwarded to the lender"). */
export function historyActionLabel(action: TLoanHistoryAction): string {
  switch (action) {
    case 'CREATED':
      return 'Application received';
    case 'UPDATED':
      return 'Terms edited';
    case 'FORWARDED':
      return WORDS.forwarded;
    case 'APPROVED':
      return 'Approved';
    case 'REJECTED':
      return 'Rejected';
    case 'WITHDRAWN':
      return 'Withdrawn';
    case 'DISBURSED':
      return 'Paid out to the borrower';
    case 'REPAID':
      return 'Repayment received';
    case 'PREPAID':
      return 'Prepayment received';
    case 'PAID_OFF':
      return 'Paid off';
    case 'REVERSED':
      return 'Payment reversed';
    case 'WRITTEN_OFF':
      return 'Written off';
  }
}

/** The dot colour of a history entry. */
export function historyActionColor(action: TLoanHistoryAction): string {
  switch (action) {
    case 'CREATED':
      return 'blue';
    case 'UPDATED':
      return 'violet';
    case 'FORWARDED':
      return 'orange';
    case 'APPROVED':
    case 'DISBURSED':
    case 'PAID_OFF':
      return 'green';
    case 'REJECTED':
    case 'WRITTEN_OFF':
      return 'red';
    case 'REPAID':
    case 'PREPAID':
      return 'teal';
    case 'WITHDRAWN':
    case 'REVERSED':
      return 'gray';
  }
}

/** Whether an action moves the loan to another stage (a step of the status timeline), not a detail. */
export function isMilestone(action: TLoanHistoryAction): boolean {
  switch (action) {
    case 'CREATED':
    case 'FORWARDED':
    case 'APPROVED':
    case 'REJECTED':
    case 'WITHDRAWN':
    case 'DISBURSED':
    case 'PAID_OFF':
    case 'WRITTEN_OFF':
      return true;
    case 'UPDATED':
    case 'REPAID':
    case 'PREPAID':
    case 'REVERSED':
      return false;
  }
}
