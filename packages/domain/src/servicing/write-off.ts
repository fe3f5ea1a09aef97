import { DomainError } from '../errors';
import { formatCents } from './cents';
import { noAllocation, type TAllocationCents, type TLedgerState } from './state';

/**
 * What a write-off on `on` takes off the books (spec §4): unpaid fees, unpaid interest of installments due
 * on or before `on`, and all unpaid principal. Interest of periods not yet due is never charged.
 */
export function computeWriteOff(state: TLedgerState, on: string): TAllocationCents {
  const writtenOff = noAllocation();
  for (const installment of state.installments) {
    writtenOff.fees += installment.fee - installment.paidFee;
    if (installment.dueOn <= on) {
      writtenOff.interest += installment.interest - installment.paidInterest;
    }
    writtenOff.principal += installment.principal - installment.paidPrincipal;
  }
  return writtenOff;
}

/** Total of an allocation. */
export const allocationTotal = (allocation: TAllocationCents): bigint =>
  allocation.principal + allocation.interest + allocation.fees + allocation.accruedInterest;

/**
 * Writes the loan off on `on`. The transaction's amount must be the computed total (CONFLICT stating it
 * otherwise), so a stored write-off always says what it wrote off.
 */
export function applyWriteOff(state: TLedgerState, on: string, amount: bigint): TAllocationCents {
  const writtenOff = computeWriteOff(state, on);
  const total = allocationTotal(writtenOff);
  if (amount !== total) {
    const message = `The write-off on ${on} is exactly ${formatCents(total)}, not ${formatCents(amount)}`;
    throw new DomainError('CONFLICT', message, { amount: [message] });
  }
  state.status = 'WRITTEN_OFF';
  state.closedOn = on;
  state.writtenOff = writtenOff;
  return writtenOff;
}
