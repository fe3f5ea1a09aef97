import type { TLoanCommand } from '@loanbook/domain/loans/state-machine';
import { Alert, Badge, Card, Grid, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { lazy, type ReactNode, Suspense } from 'react';
import { useSignedIn } from '../../app/use-session';
import { ConfirmButton } from '../../components/confirm-button';
import { DateTime } from '../../components/date-time';
import { HistoryDiff } from '../../components/history-diff';
import { ButtonLink } from '../../components/links';
import { Money } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { LoadingState, QueryState } from '../../components/query-state';
import { ScheduleTable } from '../../components/schedule-table';
import { StatusBadge } from '../../components/status-badge';
import { StatusTimeline } from '../../components/status-timeline';
import { formatRate, formatTerm } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type TLoanDetailView, useTRPC } from '../../lib/trpc';
import { WORDS } from '../../lib/vocabulary';
import { LoanDecisionButtons } from './loan-decision';
import { canTakeLoanStep } from './loan-permissions';
import { useLoanMutations } from './use-loan-mutations';

const route = getRouteApi('/signed-in/loans/$loanId');

/**
 * The servicing panel (position, installments, ledger, payoff, posting forms) is a chunk of its own,
 * asked for as soon as this screen loads: its code is then evaluated, and the panel drawn, in tasks of
 * their own after the loan's header and terms, instead of in one long task before them (docs/web.md
 * "Delivery").
 */
const servicingChunk = import('../servicing/loan-servicing');
const LoanServicing = lazy(() => servicingChunk.then((module) => ({ default: module.LoanServicing })));

export function LoanDetailScreen() {
  const { loanId } = route.useParams();
  const trpc = useTRPC();
  const loan = useQuery(trpc.loans.get.queryOptions({ loanId }));
  const history = useQuery(trpc.loans.history.queryOptions({ loanId }));
  return (
    <QueryState query={loan} loadingLabel="Loading the loan">
      {(data) => (
        <Stack gap="lg">
          <PageHeader
            title={`${data.productName} · ${data.customer.username}`}
            description={
              <Group gap="xs" component="span">
                <StatusBadge status={data.status} />
                <Text span size="sm" c="dimmed">
                  Loan #{data.id.slice(0, 8)} · version {data.version}
                </Text>
              </Group>
            }
            actions={<LoanActions loan={data} />}
          />
          {data.status === 'REJECTED' && (
            <Alert color="red" title="This loan was rejected" data-testid="rejection-reason">
              {data.rejectionReason ?? 'No reason was recorded.'}
            </Alert>
          )}
          {data.status === 'APPROVED' && (
            <Alert color="green" title="This loan is approved">
              Approved{data.decidedBy ? ` by ${data.decidedBy.username}` : ''}
              {data.decidedAt && (
                <>
                  {' '}
                  on <DateTime iso={data.decidedAt} />
                </>
              )}
              .
            </Alert>
          )}
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <LoanSummary loan={data} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Card withBorder padding="md">
                <Title order={2} size="h4" mb="sm">
                  Status
                </Title>
                <QueryState query={history} loadingLabel="Loading the timeline">
                  {(entries) => <StatusTimeline status={data.status} entries={entries} />}
                </QueryState>
              </Card>
            </Grid.Col>
          </Grid>
          <Suspense fallback={<LoadingState label="Loading the payments" />}>
            <LoanServicing loan={data} />
          </Suspense>
          <Tabs defaultValue="schedule" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="schedule">Repayment schedule</Tabs.Tab>
              <Tabs.Tab value="history">History</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="schedule" pt="md">
              <ScheduleTable rows={data.schedule} caption="Repayment schedule" />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <QueryState query={history} loadingLabel="Loading the history">
                {(entries) => <HistoryDiff entries={entries} names={namesOf(data)} />}
              </QueryState>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </QueryState>
  );
}

/** Usernames for the user ids that history records (customer, agent, decided by). */
function namesOf(loan: TLoanDetailView): Record<string, string> {
  const names: Record<string, string> = { [loan.customer.id]: loan.customer.username };
  if (loan.agent) names[loan.agent.id] = loan.agent.username;
  if (loan.decidedBy) names[loan.decidedBy.id] = loan.decidedBy.username;
  return names;
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} miw={0} data-testid="figure">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} className="wrap-anywhere" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function LoanSummary({ loan }: { loan: TLoanDetailView }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Terms
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md" verticalSpacing="md">
        <Figure label="Amount">
          <Money value={loan.principal} />
        </Figure>
        <Figure label="Interest rate">{formatRate(loan.annualRatePercent)} a year</Figure>
        <Figure label="Term">{formatTerm(loan.termMonths)}</Figure>
        <Figure label="Monthly installment">
          <Money value={loan.monthlyInstallment} />
        </Figure>
        <Figure label="Total interest">
          <Money value={loan.totalInterest} />
        </Figure>
        <Figure label="Total payable">
          <Money value={loan.totalPayable} />
        </Figure>
        <Figure label="Customer">{loan.customer.username}</Figure>
        <Figure label="Agent">{loan.agent?.username ?? 'Not yet assigned'}</Figure>
        <Figure label="Product">
          {loan.productName}{' '}
          <Badge variant="outline" size="xs" color="gray">
            {loan.productCode}
          </Badge>
        </Figure>
        <Figure label="Applied">
          <DateTime iso={loan.createdAt} />
        </Figure>
        <Figure label="Last updated">
          <DateTime iso={loan.updatedAt} />
        </Figure>
      </SimpleGrid>
    </Card>
  );
}

/** The actions this person may take on this loan now (by the domain's state machine); the API re-checks each. */
function LoanActions({ loan }: { loan: TLoanDetailView }) {
  const { user } = useSignedIn();
  const can = (command: TLoanCommand) => canTakeLoanStep(command, loan, user);
  return (
    <>
      {can('EDIT') && (
        <ButtonLink to="/loans/$loanId/edit" params={{ loanId: loan.id }} variant="default">
          Edit terms
        </ButtonLink>
      )}
      {can('FORWARD') && <ForwardButton loan={loan} />}
      {can('WITHDRAW') && <WithdrawButton loan={loan} />}
      {can('APPROVE') && can('REJECT') && <LoanDecisionButtons loan={loan} />}
      {user.role === 'agent' && loan.agent && loan.agent.id !== user.id && (
        <Text size="sm" c="dimmed" className="wrap-anywhere">
          Handled by {loan.agent.username}
        </Text>
      )}
    </>
  );
}

function WithdrawButton({ loan }: { loan: TLoanDetailView }) {
  const { withdraw } = useLoanMutations();
  return (
    <ConfirmButton
      color="red.9"
      variant="outline"
      title="Withdraw this application?"
      message="The lender will stop processing it. This cannot be undone; you can apply again at any time."
      confirmLabel="Withdraw application"
      onConfirm={async () => {
        await withdraw.mutateAsync({ loanId: loan.id });
        notify({ color: 'gray', title: 'Application withdrawn', message: loan.productName });
      }}
    >
      Withdraw
    </ConfirmButton>
  );
}

function ForwardButton({ loan }: { loan: TLoanDetailView }) {
  const { forward } = useLoanMutations();
  return (
    <ConfirmButton
      title={`${WORDS.forward}?`}
      message="You become this loan's agent and the lender decides on it. Only you can edit it afterwards."
      confirmLabel={WORDS.forwardConfirm}
      onConfirm={async () => {
        await forward.mutateAsync({ loanId: loan.id });
        notify({ color: 'green', title: WORDS.forwarded, message: WORDS.awaitsDecision });
      }}
    >
      {WORDS.forward}
    </ConfirmButton>
  );
}
