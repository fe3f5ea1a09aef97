import { ZAgentReject } from '@loanbook/domain/accounts';
import { DecisionButtons } from '../../components/decision-buttons';
import { PageHeader } from '../../components/page-header';
import { notify } from '../../lib/notify';
import { useAgentMutations } from './use-agent-mutations';
import { UserList } from './user-list';

/** People who registered as agents and wait for approval. */
export function AgentApplicationsScreen() {
  const { approve, reject } = useAgentMutations();
  return (
    <>
      <PageHeader
        title="Agent applications"
        description="Approved agents can sign in and work the loan book; rejected ones cannot sign in."
      />
      <UserList
        source={{ procedure: 'agents', input: { status: 'PENDING' } }}
        caption="Pending agent applications"
        empty="No applications are waiting."
        actions={(agent) => (
          <DecisionButtons
            subject={agent.username}
            size="compact-sm"
            approve={{
              title: `Approve ${agent.username}?`,
              message: 'They will be able to sign in, edit loans and forward them to the lender.',
              confirmLabel: 'Approve agent',
              onConfirm: async () => {
                await approve.mutateAsync({ agentId: agent.id });
                notify({ color: 'green', title: 'Agent approved', message: agent.username });
              },
            }}
            reject={{
              title: `Reject ${agent.username}`,
              confirmLabel: 'Reject application',
              reasonSchema: ZAgentReject.shape.reason,
              onConfirm: async (reason) => {
                await reject.mutateAsync({ agentId: agent.id, reason });
                notify({ color: 'red', title: 'Application rejected', message: agent.username });
              },
            }}
          />
        )}
      />
    </>
  );
}
