/** `@loanbook/domain/servicing`: the pure loan ledger (replay, position, payoff) and the servicing schemas. */

export * from './constants';
export {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  daysInMonth,
  dueDateOf,
  isCalendarDate,
  laterDate,
} from './dates';
export { quotePayoff, quoteWriteOff, replayLedger } from './ledger';
export { ledgerInputOfListed, servicingTermsOf, type TListedTransaction } from './ledger-input';
export { computePosition } from './position';
export { type TPosting, type TPostingResult, validatePosting, validateReversal } from './posting';
export * from './schemas';
export type * from './types';
