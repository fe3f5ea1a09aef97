import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

/** Agent status changes; each refreshes the agent and user lists only. */
export function useAgentMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.agents.list.pathFilter()),
      queryClient.invalidateQueries(trpc.users.list.pathFilter()),
    ]);
  };
  return {
    approve: useMutation(trpc.agents.approve.mutationOptions({ onSuccess })),
    reject: useMutation(trpc.agents.reject.mutationOptions({ onSuccess })),
    suspend: useMutation(trpc.agents.suspend.mutationOptions({ onSuccess })),
    reinstate: useMutation(trpc.agents.reinstate.mutationOptions({ onSuccess })),
  };
}
