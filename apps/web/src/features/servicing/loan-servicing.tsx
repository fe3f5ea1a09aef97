import { ZReverseInput, ZWriteOffInput } from '@loanbook/domain/servicing';
import { quoteWriteOff } from '@loanbook/domain/servicing/ledger';
import type { TLoanTransaction, TPosition } from '@loanbook/domain/servicing/schemas';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import Decimal from 'decimal.js';
import { type ReactNode, useId, useState } from 'react';
import { useSignedIn } from '../../app/use-session';
import { DateTime } from '../../components/date-time';
import { ButtonLink } from '../../components/links';
import { Money } from '../../components/money';
import { QueryState } from '../../components/query-state';
import { ReasonModal } from '../../components/reason-modal';
import { formatBusinessDate, formatMoney } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type TLoanDetailView, useTRPC } from '../../lib/trpc';
import {
  installmentPaid,
  installmentTotal,
  installmentUnpaid,
  ledgerInputOf,
  overdueTotal,
  todayUtc,
  withRunningBalance,
} from './model';
import { DisburseForm, PayoffBreakdown, PayoffForm, PrepaymentForm, RepaymentForm } from './posting-forms';
import {
  BUCKET_COLOR,
  BUCKET_LABEL,
  daysText,
  describeTransaction,
  INSTALLMENT_STATE,
} from './servicing-labels';
import { downloadStatementCsv } from './statement-csv';
import { useServicingMutations } from './use-servicing';

/**
 * A disbursed loan's servicing on its detail screen, for every role (docs/servicing.md §6): where it
 * stands today (next payment, arrears in a clear warning), the installments with their state and what was
 * paid of each, the ledger with a running balance, a payoff quote for any date, the printable statement
 * and its CSV; and, for the staff allowed to, the posting forms, reversal and write-off. An approved loan
 * shows the admin the disbursement instead.
 */
export function LoanServicing({ loan }: { loan: TLoanDetailView }) {
  if (loan.status === 'APPROVED') return <AwaitingDisbursement loan={loan} />;
  if (!loan.disbursedOn) return null;
  return <ServicedLoan loan={loan} />;
}

function AwaitingDisbursement({ loan }: { loan: TLoanDetailView }) {
  const { user } = useSignedIn();
  const [opened, { open, close }] = useDisclosure(false);
  if (user.role !== 'admin') return null;
  return (
    <Card withBorder padding="md" data-testid="servicing">
      <Group justify="space-between" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">
            Disbursement
          </Title>
          <Text size="sm" c="dimmed">
            Approved and waiting to be paid out.
          </Text>
        </Stack>
        <Button onClick={open}>Disburse…</Button>
      </Group>
      <Modal opened={opened} onClose={close} title="Disburse this loan" centered size="lg">
        <DisburseForm
          loan={loan}
          onCancel={close}
          onDone={() => {
            close();
            notify({
              color: 'green',
              title: 'Loan disbursed',
              message: `${loan.customer.username}'s loan is active.`,
            });
          }}
        />
      </Modal>
    </Card>
  );
}

function ServicedLoan({ loan }: { loan: TLoanDetailView }) {
  const trpc = useTRPC();
  const today = todayUtc();
  const position = useQuery(trpc.loans.position.queryOptions({ loanId: loan.id, asOf: today }));
  const transactions = useQuery(trpc.loans.transactions.queryOptions({ loanId: loan.id }));
  return (
    <Card withBorder padding="md" data-testid="servicing">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={2} size="h4">
            Repayment
          </Title>
          <Group gap="xs">
            <ButtonLink
              to="/loans/$loanId/statement"
              params={{ loanId: loan.id }}
              variant="default"
              size="xs"
            >
              Statement
            </ButtonLink>
            <Button
              variant="default"
              size="xs"
              disabled={!transactions.data}
              onClick={() => transactions.data && downloadStatementCsv(loan, transactions.data)}
            >
              Statement CSV
            </Button>
          </Group>
        </Group>
        <QueryState query={position} loadingLabel="Working out where the loan stands">
          {(data) => <Standing loan={loan} position={data} />}
        </QueryState>
        {transactions.data && <StaffActions loan={loan} transactions={transactions.data} />}
        <Tabs defaultValue="installments" keepMounted={false}>
          <Tabs.List aria-label="Repayment details">
            <Tabs.Tab value="installments">Installments</Tabs.Tab>
            <Tabs.Tab value="transactions">Transactions</Tabs.Tab>
            <Tabs.Tab value="payoff">Payoff quote</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="installments" pt="md">
            <QueryState query={position} loadingLabel="Loading the installments">
              {(data) => <InstallmentTable installments={data.installments} />}
            </QueryState>
          </Tabs.Panel>
          <Tabs.Panel value="transactions" pt="md">
            <QueryState query={transactions} loadingLabel="Loading the transactions">
              {(data) => <LedgerTable loan={loan} transactions={data} />}
            </QueryState>
          </Tabs.Panel>
          <Tabs.Panel value="payoff" pt="md">
            <PayoffQuote loan={loan} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Card>
  );
}

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2} miw={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} component="div" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

/** The overdue warning of a late loan: how late, and how much, part by part. */
export function OverdueWarning({ position }: { position: TPosition }) {
  if (position.daysPastDue === 0) return null;
  return (
    <Alert color="red" title="Payment overdue" data-testid="overdue-warning">
      <Text size="sm">
        {daysText(position.daysPastDue)} past due ({BUCKET_LABEL[position.arrearsBucket]}):{' '}
        <strong>
          <Money value={overdueTotal(position)} />
        </strong>{' '}
        is overdue — <Money value={position.principalOverdue} /> principal,{' '}
        <Money value={position.interestOverdue} /> interest
        {position.feesOverdue !== '0.00' && (
          <>
            {' '}
            and <Money value={position.feesOverdue} /> late fees
          </>
        )}
        .
      </Text>
    </Alert>
  );
}

function Standing({ loan, position }: { loan: TLoanDetailView; position: TPosition }) {
  return (
    <Stack gap="sm">
      {position.status === 'ACTIVE' && <OverdueWarning position={position} />}
      {position.status === 'PAID_OFF' && (
        <Alert color="green" title="Paid off">
          Closed on {loan.closedOn ? formatBusinessDate(loan.closedOn) : '—'}: nothing more is owed.
        </Alert>
      )}
      {position.status === 'WRITTEN_OFF' && (
        <Alert color="gray" title="Written off">
          Written off on {loan.closedOn ? formatBusinessDate(loan.closedOn) : '—'}: no more payments are
          recorded.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Figure label="Principal outstanding" testId="principal-outstanding">
          <Money value={position.principalOutstanding} />
        </Figure>
        <Figure label="Next payment" testId="next-payment">
          {position.nextDue ? (
            <>
              <Money value={position.nextDue.amount} /> on {formatBusinessDate(position.nextDue.dueOn)}
            </>
          ) : (
            'None'
          )}
        </Figure>
        <Figure label="Paid so far">
          <Money value={position.totalPaid} />
        </Figure>
        <Figure label="Days past due" testId="days-past-due">
          {position.daysPastDue}{' '}
          <Badge variant="dot" color={BUCKET_COLOR[position.arrearsBucket]} radius="sm">
            {BUCKET_LABEL[position.arrearsBucket]}
          </Badge>
        </Figure>
      </SimpleGrid>
    </Stack>
  );
}

/** How many installments the table shows until asked for all (a 25-year loan has 300). */
const INSTALLMENT_ROWS = 12;

/**
 * The installments a long schedule shows first: twelve, from two before the first one still open (the
 * ones that matter today: overdue, due next), or the first twelve when none is open.
 */
export function installmentWindow(
  installments: TPosition['installments'],
  size = INSTALLMENT_ROWS,
): { start: number; end: number } {
  if (installments.length <= size) return { start: 0, end: installments.length };
  const firstOpen = installments.findIndex((installment) => installment.state !== 'PAID');
  const start = firstOpen < 0 ? 0 : Math.min(Math.max(firstOpen - 2, 0), installments.length - size);
  return { start, end: start + size };
}

/**
 * Every installment with its due date, amounts, late fee, what was paid and its state today. A long
 * schedule shows twelve of them (from just before the first one still open) until "Show all" is pressed:
 * rendering hundreds of rows up front made the loan's page slow to become usable on a phone.
 */
export function InstallmentTable({ installments }: { installments: TPosition['installments'] }) {
  const range = installmentWindow(installments);
  const { tableId, isLong, isPartial, visible, toggle } = usePartialRows(installments, range);
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="xs" aria-label="Installments" data-testid="installments" id={tableId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">#</Table.Th>
              <Table.Th scope="col">Due</Table.Th>
              <Table.Th scope="col" ta="right">
                Interest
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Principal
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Late fee
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Paid
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Still owed
              </Table.Th>
              <Table.Th scope="col">State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((installment) => (
              <InstallmentRow key={installment.number} installment={installment} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {isLong && (
        <ShowAllRows
          tableId={tableId}
          partial={isPartial}
          total={installments.length}
          noun="installments"
          shown={`Installments ${range.start + 1}–${range.end} of ${installments.length}`}
          shownTestId="installments-shown"
          onToggle={toggle}
        />
      )}
    </>
  );
}

/**
 * A long table shown in part until "Show all" is pressed: the rows of `part` (every row when there is no
 * part or it covers them all), whether it is cut, and what `ShowAllRows` needs.
 */
function usePartialRows<T>(rows: readonly T[], part: { start: number; end: number } | null) {
  const [showAll, setShowAll] = useState(false);
  const tableId = useId();
  const isLong = part !== null && part.end - part.start < rows.length;
  const isPartial = isLong && !showAll;
  return {
    tableId,
    isLong,
    isPartial,
    visible: isPartial && part ? rows.slice(part.start, part.end) : rows,
    toggle: () => setShowAll((value) => !value),
  };
}

/** Below a long table shown in part: which rows are shown, and a button for all of them (or fewer again). */
function ShowAllRows(props: {
  tableId: string;
  partial: boolean;
  total: number;
  noun: string;
  shown: string;
  shownTestId: string;
  onToggle: () => void;
}) {
  return (
    <Group gap="sm" mt="xs">
      {props.partial && (
        <Text size="sm" c="dimmed" data-testid={props.shownTestId}>
          {props.shown}
        </Text>
      )}
      <Button
        variant="subtle"
        size="compact-sm"
        aria-controls={props.tableId}
        aria-expanded={!props.partial}
        onClick={props.onToggle}
      >
        {props.partial ? `Show all ${props.total} ${props.noun}` : `Show fewer ${props.noun}`}
      </Button>
    </Group>
  );
}

function InstallmentRow({ installment }: { installment: TPosition['installments'][number] }) {
  const state = INSTALLMENT_STATE[installment.state];
  return (
    <Table.Tr data-testid="installment" data-state={installment.state}>
      <Table.Td>{installment.number}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBusinessDate(installment.dueOn)}</Table.Td>
      <Table.Td ta="right">
        <Money value={installment.interest} />
      </Table.Td>
      <Table.Td ta="right">
        <Money value={installment.principal} />
      </Table.Td>
      <Table.Td ta="right">{installment.fee === '0.00' ? '—' : <Money value={installment.fee} />}</Table.Td>
      <Table.Td ta="right">
        <Money value={installmentPaid(installment)} />
        <Text span size="xs" c="dimmed">
          {' '}
          of <Money value={installmentTotal(installment)} />
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Money value={installmentUnpaid(installment)} />
      </Table.Td>
      <Table.Td>
        <Badge variant="dot" color={state.color} radius="sm">
          {state.label}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

/** How many of the latest transactions the loan's page shows until asked for all. */
const LEDGER_ROWS = 12;

const REVERSIBLE = new Set(['REPAYMENT', 'PREPAYMENT', 'PAYOFF']);

/**
 * The ledger in value-date order with the principal balance after each transaction (computed over all of
 * them); on the loan's page the latest twelve until "Show all" is pressed, on the statement every one.
 */
export function LedgerTable({
  loan,
  transactions,
  compact = false,
}: {
  loan: TLoanDetailView;
  transactions: readonly TLoanTransaction[];
  /** The statement's version: no actions, no recorder. */
  compact?: boolean;
}) {
  const { user } = useSignedIn();
  const [reversing, setReversing] = useState<TLoanTransaction | null>(null);
  const byId = new Map(transactions.map((transaction) => [transaction.id, transaction]));
  const canReverse = !compact && user.role === 'admin' && loan.status !== 'WRITTEN_OFF';
  const allRows = withRunningBalance(transactions);
  // On the loan's page, the latest transactions until asked for all; the statement prints every one.
  const latest = { start: Math.max(allRows.length - LEDGER_ROWS, 0), end: allRows.length };
  const {
    tableId,
    isLong,
    isPartial,
    visible: rows,
    toggle,
  } = usePartialRows(allRows, compact ? null : latest);
  return (
    <>
      <Table.ScrollContainer minWidth={compact ? 560 : 760}>
        <Table striped verticalSpacing="xs" aria-label="Transactions" data-testid="ledger" id={tableId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Date</Table.Th>
              <Table.Th scope="col">Transaction</Table.Th>
              <Table.Th scope="col" ta="right">
                Amount
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Principal
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Interest
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Fees
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Balance
              </Table.Th>
              {!compact && <Table.Th scope="col">Recorded</Table.Th>}
              {canReverse && <Table.Th scope="col">Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ transaction, balance }) => {
              const { allocation } = transaction;
              const interest = new Decimal(allocation.interest).plus(allocation.accruedInterest).toFixed(2);
              const isMoving = transaction.type !== 'DISBURSEMENT' && transaction.type !== 'REVERSAL';
              return (
                <Table.Tr
                  key={transaction.id}
                  data-testid="ledger-row"
                  data-type={transaction.type}
                  data-reversed={transaction.reversedBy ? 'true' : 'false'}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatBusinessDate(transaction.valueDate)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" td={transaction.reversedBy ? 'line-through' : undefined}>
                      {describeTransaction(transaction, byId)}
                    </Text>
                    {transaction.reversedBy && (
                      <Text size="xs" c="dimmed">
                        Reversed
                      </Text>
                    )}
                    {transaction.reference && (
                      <Text size="xs" c="dimmed" className="wrap-anywhere">
                        Ref. {transaction.reference}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Money value={transaction.amount} />
                  </Table.Td>
                  <Table.Td ta="right">{isMoving ? <Money value={allocation.principal} /> : '—'}</Table.Td>
                  <Table.Td ta="right">{isMoving ? <Money value={interest} /> : '—'}</Table.Td>
                  <Table.Td ta="right" data-testid="ledger-fees">
                    {isMoving ? <Money value={allocation.fees} /> : '—'}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="ledger-balance">
                    <Money value={balance} />
                  </Table.Td>
                  {!compact && (
                    <Table.Td fz="xs">
                      <DateTime iso={transaction.recordedAt} />
                      <Text size="xs" c="dimmed" className="wrap-anywhere">
                        {transaction.recordedBy.username}
                      </Text>
                    </Table.Td>
                  )}
                  {canReverse && (
                    <Table.Td>
                      {REVERSIBLE.has(transaction.type) && !transaction.reversedBy && (
                        <Button
                          size="compact-xs"
                          variant="outline"
                          color="red.9"
                          onClick={() => setReversing(transaction)}
                          aria-label={`Reverse the ${describeTransaction(transaction, byId).toLowerCase()} of ${formatBusinessDate(transaction.valueDate)}`}
                        >
                          Reverse…
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {isLong && (
        <ShowAllRows
          tableId={tableId}
          partial={isPartial}
          total={allRows.length}
          noun="transactions"
          shown={`The latest ${LEDGER_ROWS} of ${allRows.length} transactions`}
          shownTestId="ledger-shown"
          onToggle={toggle}
        />
      )}
      {canReverse && (
        <ReverseDialog loan={loan} transaction={reversing} byId={byId} onClose={() => setReversing(null)} />
      )}
    </>
  );
}

function ReverseDialog({
  loan,
  transaction,
  byId,
  onClose,
}: {
  loan: TLoanDetailView;
  transaction: TLoanTransaction | null;
  byId: ReadonlyMap<string, TLoanTransaction>;
  onClose: () => void;
}) {
  const { reverse } = useServicingMutations();
  const what = transaction ? describeTransaction(transaction, byId).toLowerCase() : '';
  return (
    <ReasonModal
      opened={transaction !== null}
      onClose={onClose}
      title="Reverse this transaction"
      schema={ZReverseInput.shape.reason}
      description={
        transaction && (
          <>
            The {what} of <Money value={transaction.amount} /> on {formatBusinessDate(transaction.valueDate)}{' '}
            is cancelled by a new reversal transaction (nothing is deleted), and the loan is recomputed
            without it: the installments it paid are owed again, and late fees may fall due. If a later
            transaction no longer fits, Loanbook refuses and says which.
          </>
        )
      }
      confirmLabel="Reverse transaction"
      onConfirm={async (reason) => {
        if (!transaction) return;
        await reverse.mutateAsync({ loanId: loan.id, transactionId: transaction.id, reason: reason ?? '' });
        notify({ color: 'orange', title: 'Transaction reversed', message: `The ${what} no longer counts.` });
      }}
    />
  );
}

/** What closes the loan on a chosen date, for anyone who may see the loan. */
function PayoffQuote({ loan }: { loan: TLoanDetailView }) {
  const trpc = useTRPC();
  const [on, setOn] = useState(todayUtc());
  const isValid = /^\d{4}-\d{2}-\d{2}$/.test(on) && loan.disbursedOn !== null && on >= loan.disbursedOn;
  const quote = useQuery({
    ...trpc.loans.payoffQuote.queryOptions({ loanId: loan.id, on }),
    enabled: isValid,
  });
  if (loan.status !== 'ACTIVE') {
    return (
      <Text c="dimmed">
        This loan is {loan.status === 'PAID_OFF' ? 'paid off' : 'written off'}: nothing is owed.
      </Text>
    );
  }
  return (
    <Stack gap="sm" maw={480}>
      <TextInput
        type="date"
        label="Pay off on"
        description="Any day from the disbursement on"
        min={loan.disbursedOn ?? undefined}
        value={on}
        onChange={(event) => setOn(event.currentTarget.value)}
        error={!isValid && on !== '' ? 'Choose a day on or after the disbursement' : null}
      />
      {isValid && (
        <QueryState query={quote} loadingLabel="Quoting">
          {(data) => <PayoffBreakdown quote={data} />}
        </QueryState>
      )}
    </Stack>
  );
}

type TPosting = 'repay' | 'prepay' | 'payoff' | null;

/** The posting buttons of whoever may record money on this loan: admins, and the loan's own agent. */
function StaffActions({
  loan,
  transactions,
}: {
  loan: TLoanDetailView;
  transactions: readonly TLoanTransaction[];
}) {
  const { user } = useSignedIn();
  const [posting, setPosting] = useState<TPosting>(null);
  const close = () => setPosting(null);
  const mayRecord = user.role === 'admin' || (user.role === 'agent' && loan.agent?.id === user.id);
  if (loan.status !== 'ACTIVE' || !mayRecord) return null;
  const done = (title: string) => (transaction: TLoanTransaction) => {
    close();
    notify({
      color: 'green',
      title,
      message: `${formatMoney(transaction.amount)} on ${formatBusinessDate(transaction.valueDate)}.`,
    });
  };
  const titles: Record<Exclude<TPosting, null>, string> = {
    repay: 'Record a repayment',
    prepay: 'Record a prepayment',
    payoff: 'Pay the loan off',
  };
  return (
    <Group gap="xs" data-testid="posting-actions">
      <Button size="xs" onClick={() => setPosting('repay')}>
        Record repayment…
      </Button>
      <Button size="xs" variant="default" onClick={() => setPosting('prepay')}>
        Prepayment…
      </Button>
      <Button size="xs" variant="default" onClick={() => setPosting('payoff')}>
        Pay off…
      </Button>
      {user.role === 'admin' && <WriteOffButton loan={loan} transactions={transactions} />}
      <Modal
        opened={posting !== null}
        onClose={close}
        title={posting ? titles[posting] : ''}
        centered
        size="lg"
      >
        {posting === 'repay' && (
          <RepaymentForm
            loan={loan}
            transactions={transactions}
            onCancel={close}
            onDone={done('Repayment recorded')}
          />
        )}
        {posting === 'prepay' && (
          <PrepaymentForm
            loan={loan}
            transactions={transactions}
            onCancel={close}
            onDone={done('Prepayment recorded')}
          />
        )}
        {posting === 'payoff' && <PayoffForm loan={loan} onCancel={close} onDone={done('Loan paid off')} />}
      </Modal>
    </Group>
  );
}

/** Admin: takes the loan off the books, saying first exactly what is written off. */
function WriteOffButton({
  loan,
  transactions,
}: {
  loan: TLoanDetailView;
  transactions: readonly TLoanTransaction[];
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const { writeOff } = useServicingMutations();
  const today = todayUtc();
  let amounts: ReturnType<typeof quoteWriteOff> | null = null;
  try {
    amounts = quoteWriteOff(ledgerInputOf(loan, transactions), today);
  } catch {
    amounts = null;
  }
  return (
    <>
      <Button size="xs" variant="outline" color="red.9" onClick={open}>
        Write off…
      </Button>
      <ReasonModal
        opened={opened}
        onClose={close}
        title="Write this loan off"
        schema={ZWriteOffInput.shape.reason}
        description={
          <>
            {amounts ? (
              <>
                Writes off <strong>{formatMoney(amounts.total)}</strong> today:{' '}
                {formatMoney(amounts.principal)} principal, {formatMoney(amounts.interest)} interest due and{' '}
                {formatMoney(amounts.fees)} late fees.{' '}
              </>
            ) : (
              'Writes off everything still owed today. '
            )}
            The loan becomes written off: no more payments can be recorded on it, and this cannot be undone.
          </>
        }
        confirmLabel="Write off loan"
        onConfirm={async (reason) => {
          await writeOff.mutateAsync({ loanId: loan.id, reason: reason ?? '' });
          notify({ color: 'gray', title: 'Loan written off', message: loan.customer.username });
        }}
      />
    </>
  );
}
