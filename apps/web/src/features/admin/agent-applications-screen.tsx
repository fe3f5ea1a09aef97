import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { ConfirmButton } from '../../components/confirm-button';
import { PageHeader } from '../../components/page-header';
import { ReasonModal } from '../../components/reason-modal';
import { notify } from '../../lib/notify';
import type { TUserView } from '../../lib/trpc';
import { useAgentMutations } from './use-agent-mutations';
import { UserList } from './user-list';

/** People who registered as agents and wait for approval. */
export function AgentApplicationsScreen() {
  const { approve, reject } = useAgentMutations();
  const [rejecting, setRejecting] = useState<TUserView | null>(null);
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
          <Group gap="xs" wrap="nowrap">
            <ConfirmButton
              size="compact-sm"
              color="green"
              title={`Approve ${agent.username}?`}
              message="They will be able to sign in, edit and forward loans."
              confirmLabel="Approve agent"
              aria-label={`Approve ${agent.username}`}
              onConfirm={async () => {
                await approve.mutateAsync({ agentId: agent.id });
                notify({ color: 'green', title: 'Agent approved', message: agent.username });
              }}
            >
              Approve
            </ConfirmButton>
            <Button
              size="compact-sm"
              color="red.9"
              variant="outline"
              aria-label={`Reject ${agent.username}`}
              onClick={() => setRejecting(agent)}
            >
              Reject
            </Button>
          </Group>
        )}
      />
      <ReasonModal
        opened={rejecting !== null}
        onClose={() => setRejecting(null)}
        title={`Reject ${rejecting?.username ?? 'agent'}`}
        confirmLabel="Reject application"
        onConfirm={async (reason) => {
          if (!rejecting) return;
          await reject.mutateAsync({ agentId: rejecting.id, reason: reason ?? '' });
          notify({ color: 'red', title: 'Application rejected', message: rejecting.username });
        }}
      />
    </>
  );
}
