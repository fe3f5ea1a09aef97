import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

/**
 * The loan state changes, each followed by a targeted refresh: that loan's detail and history, and the
 * loan lists (whose membership may have changed) — nothing else.
 */
export function useLoanMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = async (loanId: string) => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.loans.get.queryFilter({ loanId })),
      queryClient.invalidateQueries(trpc.loans.history.queryFilter({ loanId })),
      queryClient.invalidateQueries(trpc.loans.list.pathFilter()),
      queryClient.invalidateQueries({ queryKey: PORTFOLIO_QUERY_KEY }),
    ]);
  };
  const onSuccess = (loan: { id: string }) => refresh(loan.id);
  return {
    forward: useMutation(trpc.loans.forward.mutationOptions({ onSuccess })),
    withdraw: useMutation(trpc.loans.withdraw.mutationOptions({ onSuccess })),
    approve: useMutation(trpc.loans.approve.mutationOptions({ onSuccess })),
    reject: useMutation(trpc.loans.reject.mutationOptions({ onSuccess })),
    update: useMutation(trpc.loans.update.mutationOptions({ onSuccess })),
    openForCustomer: useMutation(trpc.loans.openForCustomer.mutationOptions({ onSuccess })),
  };
}

/** The dashboard's aggregate of many `loans.list` pages (see features/admin/portfolio.ts). */
export const PORTFOLIO_QUERY_KEY = ['loans', 'portfolio'] as const;
