import { ZAgentSuspend } from '@loanbook/domain/accounts';
import { Button, Tabs } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmButton } from '../../components/confirm-button';
import { PageHeader } from '../../components/page-header';
import { ReasonModal } from '../../components/reason-modal';
import { notify } from '../../lib/notify';
import type { TUserView } from '../../lib/trpc';
import { AGENT_TABS, type TAgentTab } from './agent-tabs';
import { useAgentMutations } from './use-agent-mutations';
import { UserList } from './user-list';

const route = getRouteApi('/admin/agents');

const TABS = Object.entries(AGENT_TABS).map(([value, label]) => ({ value: value as TAgentTab, label }));

/** Agents by status; approved ones can be suspended (their sessions end at once), suspended ones reinstated. */
export function AgentsScreen() {
  const { status = 'APPROVED' } = route.useSearch();
  const navigate = route.useNavigate();
  const { suspend, reinstate } = useAgentMutations();
  const [suspending, setSuspending] = useState<TUserView | null>(null);

  const actions = (agent: TUserView) => {
    if (agent.status === 'APPROVED') {
      return (
        <Button
          size="compact-sm"
          color="red.9"
          variant="outline"
          aria-label={`Suspend ${agent.username}`}
          onClick={() => setSuspending(agent)}
        >
          Suspend
        </Button>
      );
    }
    if (agent.status === 'SUSPENDED') {
      return (
        <ConfirmButton
          size="compact-sm"
          variant="default"
          title={`Reinstate ${agent.username}?`}
          message="They can sign in again and continue their work."
          confirmLabel="Reinstate agent"
          aria-label={`Reinstate ${agent.username}`}
          onConfirm={async () => {
            await reinstate.mutateAsync({ agentId: agent.id });
            notify({ color: 'green', title: 'Agent reinstated', message: agent.username });
          }}
        >
          Reinstate
        </ConfirmButton>
      );
    }
    return null;
  };

  return (
    <>
      <PageHeader title="Agents" description="Loan officers by status." />
      <Tabs
        value={status}
        onChange={(next) => {
          const tab = TABS.find((candidate) => candidate.value === next);
          if (tab) void navigate({ search: { status: tab.value }, replace: true });
        }}
      >
        <Tabs.List mb="md">
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <UserList
        source={{ procedure: 'agents', input: { status } }}
        caption={`${status.toLowerCase()} agents`}
        empty="No agents with this status."
        actions={actions}
      />
      <ReasonModal
        opened={suspending !== null}
        onClose={() => setSuspending(null)}
        title={`Suspend ${suspending?.username ?? 'agent'}`}
        description="They are signed out at once and cannot sign in until reinstated."
        confirmLabel="Suspend agent"
        schema={ZAgentSuspend.shape.reason}
        onConfirm={async (reason) => {
          if (!suspending) return;
          await suspend.mutateAsync({ agentId: suspending.id, reason });
          notify({ color: 'red', title: 'Agent suspended', message: suspending.username });
        }}
      />
    </>
  );
}
