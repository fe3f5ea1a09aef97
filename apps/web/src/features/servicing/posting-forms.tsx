import { ZDisburseInput, ZPayoffInput, ZPrepayInput, ZRepayInput } from '@loanbook/domain/servicing';
import { dueDateOf, isCalendarDate } from '@loanbook/domain/servicing/dates';
import type { TLoanTransaction, TPrepaymentEffect } from '@loanbook/domain/servicing/schemas';
import { Alert, Button, Group, Radio, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import Decimal from 'decimal.js';
import { type ReactNode, useRef, useState } from 'react';
import { Money } from '../../components/money';
import { describeError, errorCodeOf, firstFieldErrors } from '../../lib/errors';
import { formatBusinessDate, formatMoney, formatTerm } from '../../lib/format';
import { blankToUndefined, validateWith } from '../../lib/forms';
import { type TLoanDetailView, useTRPC } from '../../lib/trpc';
import { previewPayment, type TPaymentPreview, type TServicedLoan, todayUtc } from './model';
import { useIdempotencyKey, useServicingMutations } from './use-servicing';

/**
 * The staff's posting forms (docs/servicing.md §3–4): disburse, repayment, prepayment, payoff. Each is
 * validated with the API's own schema before anything is sent (nothing is posted when it fails), puts the
 * server's field errors on its fields, and sends every attempt under one idempotency key that it keeps
 * until the posting succeeds — a double click, a retry after a refusal or a network error is the same
 * posting to the API, which records it once.
 */

export type TPostingLoan = TServicedLoan & Pick<TLoanDetailView, 'id' | 'monthlyInstallment' | 'customer'>;

interface TPostingFormProps {
  loan: TPostingLoan;
  /** The loan's ledger (`loans.transactions`): the engine's preview needs it. */
  transactions: readonly TLoanTransaction[];
  onDone: (transaction: TLoanTransaction) => void;
  onCancel: () => void;
}

interface TPaymentValues {
  amount: string;
  paidOn: string;
  reference: string;
}

const paymentInitial = (): TPaymentValues => ({ amount: '', paidOn: todayUtc(), reference: '' });

/** Field names the API may name in its field errors; anything else is said above the buttons. */
const PAYMENT_FIELDS = ['amount', 'paidOn', 'reference'];

/**
 * One posting in flight at a time: a second submit while the first is pending is ignored (the button
 * shows it is busy), and a failure leaves the form — and its idempotency key — as it was, for a retry.
 */
function useSubmission<TValues extends object, TResult>(
  form: UseFormReturnType<TValues>,
  fields: readonly string[],
  send: (values: TValues) => Promise<TResult>,
  onDone: (result: TResult) => void,
) {
  const inFlight = useRef(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = form.onSubmit(async (values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      onDone(await send(values));
    } catch (caught) {
      const onFields = Object.fromEntries(
        Object.entries(firstFieldErrors(caught)).filter(([field]) => fields.includes(field)),
      );
      form.setErrors(onFields);
      // Field errors are on their fields; anything else (a conflict, a lost connection) is said here.
      if (
        Object.keys(onFields).length === 0 ||
        Object.keys(firstFieldErrors(caught)).length > Object.keys(onFields).length
      ) {
        setError(caught);
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  });
  return { submit, isBusy, error };
}

function SubmitError({ error, what }: { error: unknown; what: string }) {
  if (error === null) return null;
  const isNetwork = errorCodeOf(error) === null;
  return (
    <Alert color="red" role="alert" title={`${what} not recorded`}>
      <Text size="sm">{describeError(error)}</Text>
      {isNetwork && (
        <Text size="sm" mt={4}>
          If it did reach Loanbook, sending it again is safe: it is recorded only once.
        </Text>
      )}
    </Alert>
  );
}

function FormButtons({
  onCancel,
  isBusy,
  children,
}: {
  onCancel: () => void;
  isBusy: boolean;
  children: ReactNode;
}) {
  return (
    <Group justify="flex-end" data-print="hide">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={isBusy}>
        {children}
      </Button>
    </Group>
  );
}

function PaymentFields({
  form,
  amountDescription,
}: {
  form: UseFormReturnType<TPaymentValues>;
  amountDescription?: ReactNode;
}) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      <TextInput
        label="Amount"
        inputMode="decimal"
        withAsterisk
        description={amountDescription}
        data-autofocus
        {...form.getInputProps('amount')}
      />
      <TextInput
        type="date"
        label="Value date"
        description="The day the money was received"
        max={todayUtc()}
        withAsterisk
        {...form.getInputProps('paidOn')}
      />
      <TextInput
        label="Reference (optional)"
        description="Receipt or transfer number"
        {...form.getInputProps('reference')}
      />
    </SimpleGrid>
  );
}

const paymentInput = (loanId: string, values: TPaymentValues, idempotencyKey: string) => ({
  loanId,
  amount: values.amount.trim(),
  paidOn: values.paidOn,
  reference: blankToUndefined(values.reference),
  idempotencyKey,
});

/** Where the money goes, from the engine's allocation. */
function AllocationLine({ allocation }: { allocation: TPaymentPreview['allocation'] }) {
  const parts = [
    ['late fees', allocation.fees],
    ['interest', new Decimal(allocation.interest).plus(allocation.accruedInterest).toFixed(2)],
    ['principal', allocation.principal],
  ] as const;
  return (
    <Text size="sm" data-testid="allocation-preview">
      Goes to{' '}
      {parts
        .filter(([, amount]) => amount !== '0.00')
        .map(([label, amount]) => `${formatMoney(amount)} ${label}`)
        .join(', ') || 'nothing'}
      .
    </Text>
  );
}

function PreviewBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack
      gap={6}
      p="sm"
      bg="var(--mantine-color-gray-0)"
      style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      role="status"
      aria-live="polite"
      aria-label={title}
    >
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}

/** The engine's verdict on what is typed so far: the allocation, or why the API would refuse it. */
function usePaymentPreview(
  loan: TPostingLoan,
  transactions: readonly TLoanTransaction[],
  values: TPaymentValues,
  type: 'REPAYMENT' | 'PREPAYMENT',
  reduce?: TPrepaymentEffect,
) {
  const amount = values.amount.trim();
  const isComplete = /^\d+(\.\d{1,2})?$/.test(amount) && isCalendarDate(values.paidOn);
  if (!isComplete) return null;
  return previewPayment(loan, transactions, { type, amount, valueDate: values.paidOn, reduce });
}

// ---------------------------------------------------------------------------------------- disbursement

interface TDisburseValues {
  disbursedOn: string;
  reference: string;
}

/**
 * Admin: pays an approved loan out. The value date may be in the past (a book moved in from another
 * system); the schedule's due dates count from it, shown before confirming.
 */
export function DisburseForm({
  loan,
  onDone,
  onCancel,
}: {
  loan: Pick<TLoanDetailView, 'id' | 'principal' | 'termMonths' | 'monthlyInstallment' | 'customer'>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { disburse } = useServicingMutations();
  const toInput = (values: TDisburseValues) => ({
    loanId: loan.id,
    disbursedOn: values.disbursedOn,
    reference: blankToUndefined(values.reference),
  });
  const form = useForm<TDisburseValues>({
    initialValues: { disbursedOn: todayUtc(), reference: '' },
    validate: validateWith(ZDisburseInput, toInput, (values) => ({
      disbursedOn:
        values.disbursedOn > todayUtc() ? `The date cannot be in the future (today is ${todayUtc()})` : null,
    })),
  });
  const { submit, isBusy, error } = useSubmission(
    form,
    ['disbursedOn', 'reference'],
    (values) => disburse.mutateAsync(toInput(values)),
    () => onDone(),
  );
  const on = form.values.disbursedOn;
  const isDate = isCalendarDate(on);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          Pays <Money value={loan.principal} /> out to {loan.customer.username}. The loan becomes active and
          its installments fall due monthly from the value date.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            type="date"
            label="Value date"
            description="May be in the past for a loan paid out earlier"
            max={todayUtc()}
            withAsterisk
            data-autofocus
            {...form.getInputProps('disbursedOn')}
          />
          <TextInput
            label="Reference (optional)"
            description="Transfer or cheque number"
            {...form.getInputProps('reference')}
          />
        </SimpleGrid>
        {isDate && (
          <PreviewBox title="Schedule">
            <Text size="sm" data-testid="disburse-preview">
              {formatTerm(loan.termMonths)} of <Money value={loan.monthlyInstallment} />: the first due on{' '}
              {formatBusinessDate(dueDateOf(on, 1))}, the last on{' '}
              {formatBusinessDate(dueDateOf(on, loan.termMonths))}.
            </Text>
          </PreviewBox>
        )}
        <SubmitError error={error} what="Disbursement" />
        <FormButtons onCancel={onCancel} isBusy={isBusy}>
          Disburse <Money value={loan.principal} />
        </FormButtons>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------------------------------- repayment

/** Admin or the loan's agent: money received, allocated oldest installment first (fee, interest, principal). */
export function RepaymentForm({ loan, transactions, onDone, onCancel }: TPostingFormProps) {
  const { repay } = useServicingMutations();
  const key = useIdempotencyKey('repay');
  const form = useForm<TPaymentValues>({
    initialValues: paymentInitial(),
    validate: validateWith(ZRepayInput, (values) => paymentInput(loan.id, values, key.current)),
  });
  const { submit, isBusy, error } = useSubmission(
    form,
    PAYMENT_FIELDS,
    (values) => repay.mutateAsync(paymentInput(loan.id, values, key.current)),
    (transaction) => {
      key.renew();
      onDone(transaction);
    },
  );
  const preview = usePaymentPreview(loan, transactions, form.values, 'REPAYMENT');
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PaymentFields
          form={form}
          amountDescription={
            <>
              Installment <Money value={loan.monthlyInstallment} />
            </>
          }
        />
        {preview && (
          <PreviewBox title="Allocation">
            {preview.ok ? (
              <AllocationLine allocation={preview.preview.allocation} />
            ) : (
              <Text size="sm" c="red.9" data-testid="preview-refusal">
                {preview.message}
              </Text>
            )}
          </PreviewBox>
        )}
        <SubmitError error={error} what="Repayment" />
        <FormButtons onCancel={onCancel} isBusy={isBusy}>
          Record repayment
        </FormButtons>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------------------------------- prepayment

interface TPrepayValues extends TPaymentValues {
  reduce: TPrepaymentEffect;
}

const EFFECTS: Record<TPrepaymentEffect, { label: string; description: string }> = {
  TERM: { label: 'Fewer installments', description: 'Keep the installment amount; the loan ends sooner.' },
  INSTALLMENT: {
    label: 'Smaller installments',
    description: 'Keep the number of installments; each one is smaller.',
  },
};

/** "5 installments of 408.03 → 3 installments of 408.03 (last 102.48)". */
function scheduleSummary(lines: TPaymentPreview['before']): string {
  if (lines.length === 0) return 'nothing left to pay';
  const first = lines[0]?.amount ?? '0.00';
  const last = lines[lines.length - 1]?.amount ?? first;
  const count = `${lines.length} ${lines.length === 1 ? 'installment' : 'installments'}`;
  const tail = lines.length > 1 && last !== first ? ` (last ${formatMoney(last)})` : '';
  return `${count} of ${formatMoney(first)}${tail}`;
}

function EffectTable({ preview }: { preview: TPaymentPreview }) {
  const rows = Math.max(preview.before.length, preview.after.length);
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table
        withTableBorder
        verticalSpacing={4}
        fz="sm"
        aria-label="Schedule before and after the prepayment"
        data-testid="prepay-schedule"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Installment</Table.Th>
            <Table.Th scope="col">Due</Table.Th>
            <Table.Th scope="col" ta="right">
              Now
            </Table.Th>
            <Table.Th scope="col" ta="right">
              After
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Array.from({ length: rows }, (_, index) => {
            const before = preview.before[index];
            const after = preview.after.find((line) => line.number === before?.number);
            const line = before ?? preview.after[index];
            return (
              <Table.Tr key={line?.number ?? index}>
                <Table.Td>{line?.number}</Table.Td>
                <Table.Td>{line ? formatBusinessDate(line.dueOn) : ''}</Table.Td>
                <Table.Td ta="right">{before ? <Money value={before.amount} /> : '—'}</Table.Td>
                <Table.Td ta="right">{after ? <Money value={after.amount} /> : 'none'}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Admin or the loan's agent: an extra amount straight to principal. Both effects are computed by the
 * ledger engine as the amount is typed, so the choice is made seeing what it does to the schedule.
 */
export function PrepaymentForm({ loan, transactions, onDone, onCancel }: TPostingFormProps) {
  const { prepay } = useServicingMutations();
  const key = useIdempotencyKey('prepay');
  const toInput = (values: TPrepayValues) => ({
    ...paymentInput(loan.id, values, key.current),
    reduce: values.reduce,
  });
  const form = useForm<TPrepayValues>({
    initialValues: { ...paymentInitial(), reduce: 'TERM' },
    validate: validateWith(ZPrepayInput, toInput),
  });
  const { submit, isBusy, error } = useSubmission(
    form,
    [...PAYMENT_FIELDS, 'reduce'],
    (values) => prepay.mutateAsync(toInput(values)),
    (transaction) => {
      key.renew();
      onDone(transaction);
    },
  );
  const term = usePaymentPreview(loan, transactions, form.values, 'PREPAYMENT', 'TERM');
  const installment = usePaymentPreview(loan, transactions, form.values, 'PREPAYMENT', 'INSTALLMENT');
  const previews = { TERM: term, INSTALLMENT: installment };
  const chosen = previews[form.values.reduce];
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PaymentFields form={form} amountDescription="Paid towards principal only" />
        <Radio.Group label="Effect on the schedule" withAsterisk {...form.getInputProps('reduce')}>
          <Stack gap="xs" mt={6}>
            {(['TERM', 'INSTALLMENT'] as const).map((effect) => {
              const result = previews[effect];
              return (
                <Radio
                  key={effect}
                  value={effect}
                  label={EFFECTS[effect].label}
                  description={
                    result?.ok
                      ? `${EFFECTS[effect].description} ${scheduleSummary(result.preview.before)} → ${scheduleSummary(result.preview.after)}.`
                      : EFFECTS[effect].description
                  }
                  data-testid={`effect-${effect}`}
                />
              );
            })}
          </Stack>
        </Radio.Group>
        {chosen && (
          <PreviewBox title="Effect on the schedule">
            {chosen.ok ? (
              <>
                <Text size="sm" data-testid="prepay-summary">
                  {scheduleSummary(chosen.preview.before)} become {scheduleSummary(chosen.preview.after)}.
                  Interest still to pay: <Money value={chosen.preview.interestBefore} /> →{' '}
                  <Money value={chosen.preview.interestAfter} />.
                </Text>
                <EffectTable preview={chosen.preview} />
              </>
            ) : (
              <Text size="sm" c="red.9" data-testid="preview-refusal">
                {chosen.message}
              </Text>
            )}
          </PreviewBox>
        )}
        <SubmitError error={error} what="Prepayment" />
        <FormButtons onCancel={onCancel} isBusy={isBusy}>
          Record prepayment
        </FormButtons>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------------------------------- payoff

interface TPayoffValues {
  paidOn: string;
  reference: string;
  confirmAmount: string;
}

const sameAmount = (typed: string, total: string) => {
  try {
    return new Decimal(typed.trim().replaceAll(',', '')).equals(total);
  } catch {
    return false;
  }
};

/**
 * Admin or the loan's agent: closes the loan with the server's quote for the date, confirmed by typing
 * the amount (the API refuses any other amount and names the right one).
 */
export function PayoffForm({ loan, onDone, onCancel }: Omit<TPostingFormProps, 'transactions'>) {
  const trpc = useTRPC();
  const { payoff } = useServicingMutations();
  const key = useIdempotencyKey('payoff');
  // The validation below runs with the quote of the moment (the form keeps its first `validate`).
  const totalRef = useRef<string | undefined>(undefined);
  const toInput = (values: TPayoffValues) => ({
    loanId: loan.id,
    amount: totalRef.current ?? '',
    paidOn: values.paidOn,
    reference: blankToUndefined(values.reference),
    idempotencyKey: key.current,
  });
  const form = useForm<TPayoffValues>({
    initialValues: { paidOn: todayUtc(), reference: '', confirmAmount: '' },
    validate: (values) => {
      const { amount: _amount, ...errors } = validateWith(ZPayoffInput, toInput)(values);
      const current = totalRef.current;
      return {
        ...errors,
        paidOn:
          errors.paidOn ??
          (values.paidOn > todayUtc() ? `The date cannot be in the future (today is ${todayUtc()})` : null),
        confirmAmount: !current
          ? 'Wait for the quote of the date'
          : sameAmount(values.confirmAmount, current)
            ? null
            : `Type the payoff amount, ${formatMoney(current)}, to confirm`,
      };
    },
  });
  const on = form.values.paidOn;
  const quote = useQuery({
    ...trpc.loans.payoffQuote.queryOptions({ loanId: loan.id, on }),
    enabled: isCalendarDate(on) && on <= todayUtc(),
  });
  const total = quote.data?.total;
  totalRef.current = total;
  const { submit, isBusy, error } = useSubmission(
    form,
    ['paidOn', 'reference'],
    (values) => payoff.mutateAsync(toInput(values)),
    (transaction) => {
      key.renew();
      onDone(transaction);
    },
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            type="date"
            label="Value date"
            description="The day the borrower pays it all"
            max={todayUtc()}
            withAsterisk
            data-autofocus
            {...form.getInputProps('paidOn')}
            onChange={(event) => {
              form.setFieldValue('paidOn', event.currentTarget.value);
              form.setFieldValue('confirmAmount', '');
            }}
          />
          <TextInput label="Reference (optional)" {...form.getInputProps('reference')} />
        </SimpleGrid>
        <PreviewBox title="Payoff quote">
          {quote.isError ? (
            <Text size="sm" c="red.9">
              {describeError(quote.error)}
            </Text>
          ) : quote.data ? (
            <PayoffBreakdown quote={quote.data} />
          ) : (
            <Text size="sm" c="dimmed">
              {isCalendarDate(on) ? 'Quoting…' : 'Choose a date'}
            </Text>
          )}
        </PreviewBox>
        <TextInput
          label="Confirm the amount"
          description={
            total ? `Type ${formatMoney(total)}: the loan closes when exactly this is paid` : undefined
          }
          inputMode="decimal"
          withAsterisk
          {...form.getInputProps('confirmAmount')}
        />
        <SubmitError error={error} what="Payoff" />
        <FormButtons onCancel={onCancel} isBusy={isBusy}>
          {total ? (
            <>
              Pay off <Money value={total} />
            </>
          ) : (
            'Pay off'
          )}
        </FormButtons>
      </Stack>
    </form>
  );
}

/** A payoff quote line by line. */
export function PayoffBreakdown({
  quote,
}: {
  quote: {
    on: string;
    principal: string;
    interest: string;
    fees: string;
    accruedInterest: string;
    credit: string;
    total: string;
  };
}) {
  const lines: [string, string][] = [
    ['Principal', quote.principal],
    ['Interest due', quote.interest],
    ['Late fees', quote.fees],
    ['Interest accrued this period', quote.accruedInterest],
  ];
  return (
    <Stack gap={2} data-testid="payoff-quote">
      {lines.map(([label, amount]) => (
        <Group key={label} justify="space-between" gap="xs">
          <Text size="sm">{label}</Text>
          <Text size="sm">
            <Money value={amount} />
          </Text>
        </Group>
      ))}
      {quote.credit !== '0.00' && (
        <Group justify="space-between" gap="xs">
          <Text size="sm">Already paid in advance</Text>
          <Text size="sm">
            −<Money value={quote.credit} />
          </Text>
        </Group>
      )}
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={700}>
          To pay off on {formatBusinessDate(quote.on)}
        </Text>
        <Text size="sm" fw={700} data-testid="payoff-total">
          <Money value={quote.total} />
        </Text>
      </Group>
    </Stack>
  );
}
