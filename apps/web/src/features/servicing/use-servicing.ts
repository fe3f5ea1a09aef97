import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTRPC } from '../../lib/trpc';
import { newIdempotencyKey } from './model';

/**
 * After money moved on a loan, everything that shows it is read again: the loan, its history, ledger,
 * position and payoff quotes, the loan lists (the collections queue among them) and the dashboard.
 */
export function useServicingRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (loanId: string) => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.loans.get.queryFilter({ loanId })),
      queryClient.invalidateQueries(trpc.loans.history.queryFilter({ loanId })),
      queryClient.invalidateQueries(trpc.loans.transactions.queryFilter({ loanId })),
      queryClient.invalidateQueries(trpc.loans.position.pathFilter()),
      queryClient.invalidateQueries(trpc.loans.payoffQuote.pathFilter()),
      queryClient.invalidateQueries(trpc.loans.list.pathFilter()),
      queryClient.invalidateQueries(trpc.portfolio.pathFilter()),
    ]);
  };
}

/** The servicing commands of a loan, each followed by the refresh above. */
export function useServicingMutations() {
  const trpc = useTRPC();
  const refresh = useServicingRefresh();
  const onSuccess = (result: { loanId?: string; id: string }) => refresh(result.loanId ?? result.id);
  return {
    disburse: useMutation(trpc.loans.disburse.mutationOptions({ onSuccess })),
    repay: useMutation(trpc.loans.repay.mutationOptions({ onSuccess })),
    prepay: useMutation(trpc.loans.prepay.mutationOptions({ onSuccess })),
    payoff: useMutation(trpc.loans.payoff.mutationOptions({ onSuccess })),
    reverse: useMutation(trpc.loans.reverseTransaction.mutationOptions({ onSuccess })),
    writeOff: useMutation(trpc.loans.writeOff.mutationOptions({ onSuccess })),
  };
}

/**
 * The idempotency key of one posting form: made when the form is first rendered and kept for as long as
 * the form lives — across a second click, a refused attempt and a retry after a network error — so the
 * API sees one posting however often it is sent. `renew()` after a success starts the next posting.
 */
export function useIdempotencyKey(prefix: string) {
  const key = useRef<string | null>(null);
  key.current ??= newIdempotencyKey(prefix);
  return {
    get current(): string {
      key.current ??= newIdempotencyKey(prefix);
      return key.current;
    },
    renew: () => {
      key.current = newIdempotencyKey(prefix);
    },
  };
}
