import { type TLoanTerms, ZLoanTerms } from '@loanbook/domain/loans';
import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import Decimal from 'decimal.js';
import { type ReactNode, useState } from 'react';
import { Money } from '../../components/money';
import { ScheduleTable } from '../../components/schedule-table';
import { describeError, errorCodeOf, firstFieldErrors, hasFieldErrors } from '../../lib/errors';
import { formatMoney, formatRate } from '../../lib/format';
import { validateWith } from '../../lib/forms';
import { type TProductView, useTRPC } from '../../lib/trpc';

interface TTermsValues {
  productCode: string;
  amount: string;
  termMonths: number | string;
}

/** Form values → API input; an empty term stays empty so the schema reports it. */
const toTermsInput = (values: TTermsValues) => ({
  productCode: values.productCode,
  amount: values.amount.trim(),
  termMonths: values.termMonths === '' ? undefined : Number(values.termMonths),
});

type TProductLimits = Pick<
  TProductView,
  'name' | 'minAmount' | 'maxAmount' | 'minTermMonths' | 'maxTermMonths'
>;

/**
 * The chosen product's limits, checked in the browser as the API checks them, with the product's name
 * and amounts as the hint above the field shows them. An amount or term that is not valid in itself is
 * left to the schema's message.
 */
export function productLimitErrors(
  product: TProductLimits | undefined,
  values: TTermsValues,
): Record<string, string | null> {
  if (!product) return {};
  const errors: Record<string, string | null> = {};
  const amount = ZLoanTerms.shape.amount.safeParse(values.amount.trim());
  if (amount.success) {
    const value = new Decimal(amount.data);
    if (value.lt(product.minAmount) || value.gt(product.maxAmount)) {
      errors.amount = `${product.name}: enter an amount from ${formatMoney(product.minAmount)} to ${formatMoney(product.maxAmount)}`;
    }
  }
  const term = ZLoanTerms.shape.termMonths.safeParse(
    values.termMonths === '' ? undefined : Number(values.termMonths),
  );
  if (term.success && (term.data < product.minTermMonths || term.data > product.maxTermMonths)) {
    errors.termMonths = `${product.name}: enter a term from ${product.minTermMonths} to ${product.maxTermMonths} months`;
  }
  return errors;
}

export interface TLoanTermsFormProps {
  products: readonly TProductView[];
  initial?: TLoanTerms;
  submitLabel: string;
  /** Runs the mutation; a rejected promise's field errors land on the fields. */
  onSubmit: (terms: TLoanTerms) => Promise<unknown>;
  /** Replaces the generic error message for errors the caller explains itself (e.g. CONFLICT). */
  renderSubmitError?: (error: unknown) => ReactNode | undefined;
  /** Extra condition for submitting (e.g. a customer must be chosen first). */
  canSubmit?: boolean;
  debounceMs?: number;
  /** The quote's heading: "Your quote" for the borrower, "Quote" for staff pricing a customer's loan. */
  quoteTitle?: string;
}

/**
 * Product, amount and term with a live quote: as the person types, the installment, totals and schedule
 * are recomputed by `loans.quote` (debounced, so typing "25000" asks once, not five times). The same
 * zod schema as the API validates the fields, and server field errors (e.g. outside the product's
 * limits) are shown on the fields they concern.
 */
export function LoanTermsForm({
  products,
  initial,
  submitLabel,
  onSubmit,
  renderSubmitError,
  canSubmit = true,
  debounceMs = 350,
  quoteTitle = 'Your quote',
}: TLoanTermsFormProps) {
  const trpc = useTRPC();
  const activeProducts = products.filter(
    (product) => product.active || product.code === initial?.productCode,
  );
  const productOf = (code: string) => products.find((candidate) => candidate.code === code);
  const validate = validateWith(ZLoanTerms, toTermsInput, (values: TTermsValues) =>
    productLimitErrors(productOf(values.productCode), values),
  );
  const form = useForm<TTermsValues>({
    mode: 'controlled',
    initialValues: {
      productCode: initial?.productCode ?? activeProducts[0]?.code ?? '',
      amount: initial?.amount ?? '',
      termMonths: initial?.termMonths ?? '',
    },
    validate,
    validateInputOnChange: true,
    // Another product has other limits: an amount or term already typed is judged again against them.
    onValuesChange: (values, previous) => {
      if (values.productCode === previous.productCode) return;
      if (values.amount.trim() !== '') form.validateField('amount');
      if (values.termMonths !== '') form.validateField('termMonths');
    },
  });
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  // Only terms the browser finds valid — the schema and the product's limits — are priced by the API, so
  // typing never sends a request the API would refuse.
  const parsed = ZLoanTerms.safeParse(toTermsInput(form.values));
  const isQuotable = parsed.success && Object.keys(validate(form.values)).length === 0;
  // Debounce a string, not an object: a fresh object each render would restart the timer forever.
  const currentKey = isQuotable ? JSON.stringify(parsed.data) : '';
  const [debouncedKey] = useDebouncedValue(currentKey, debounceMs);
  const quoteInput = debouncedKey ? (JSON.parse(debouncedKey) as TLoanTerms) : null;
  const quote = useQuery({
    ...trpc.loans.quote.queryOptions(quoteInput ?? skipToken),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const quoteFieldErrors = quote.isError ? firstFieldErrors(quote.error) : {};
  const product = productOf(form.values.productCode);

  const errorFor = (field: keyof TTermsValues) => form.errors[field] ?? quoteFieldErrors[field];

  const handleSubmit = form.onSubmit(async (values) => {
    const terms = ZLoanTerms.safeParse(toTermsInput(values));
    if (!terms.success) return;
    setSubmitError(null);
    setSubmitting(true);
    try {
      await onSubmit(terms.data);
    } catch (error) {
      form.setErrors(firstFieldErrors(error));
      setSubmitError(error);
    } finally {
      setSubmitting(false);
    }
  });

  const isQuoteCurrent = quoteInput !== null && debouncedKey === currentKey;
  const shownQuote = isQuotable && quote.data && !quote.isError ? quote.data : null;
  // "Some fields need your attention" only while some still do: it goes once they are corrected.
  const showSubmitError =
    submitError !== null && (!hasFieldErrors(submitError) || Object.keys(form.errors).length > 0);

  return (
    <Stack gap="lg">
      <form onSubmit={handleSubmit} noValidate aria-label="Loan terms">
        <Stack gap="sm">
          <Select
            label="Loan product"
            data={activeProducts.map((option) => ({
              value: option.code,
              label: `${option.name} — ${formatRate(option.annualRatePercent)} a year`,
            }))}
            allowDeselect={false}
            withAsterisk
            {...form.getInputProps('productCode')}
            error={errorFor('productCode')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Amount"
              inputMode="decimal"
              autoComplete="off"
              placeholder="e.g. 25000.00"
              withAsterisk
              description={
                product
                  ? `From ${formatMoney(product.minAmount)} to ${formatMoney(product.maxAmount)}`
                  : undefined
              }
              {...form.getInputProps('amount')}
              error={errorFor('amount')}
            />
            <NumberInput
              label="Term (months)"
              allowDecimal={false}
              allowNegative={false}
              min={1}
              max={600}
              placeholder="e.g. 36"
              withAsterisk
              description={
                product ? `${product.minTermMonths} to ${product.maxTermMonths} months` : undefined
              }
              {...form.getInputProps('termMonths')}
              error={errorFor('termMonths')}
            />
          </SimpleGrid>
          {showSubmitError &&
            (renderSubmitError?.(submitError) ?? (
              <Alert color="red" role="alert" title="Not saved">
                {describeError(submitError)}
              </Alert>
            ))}
          <Group>
            <Button type="submit" loading={isSubmitting} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>

      <Card withBorder padding="md" aria-labelledby="quote-title">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="quote-title">
            {quoteTitle}
          </Title>
          {quote.isFetching && (
            <Group gap={6} role="status" aria-live="polite">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Updating…
              </Text>
            </Group>
          )}
        </Group>
        {shownQuote ? (
          <Stack gap="md" style={{ opacity: isQuoteCurrent ? 1 : 0.6 }} data-testid="quote">
            <SimpleGrid cols={{ base: 2, sm: 4 }} aria-live="polite">
              <QuoteFigure label="Monthly installment" testId="quote-installment">
                <Money value={shownQuote.monthlyInstallment} />
              </QuoteFigure>
              <QuoteFigure label="Total interest">
                <Money value={shownQuote.totalInterest} />
              </QuoteFigure>
              <QuoteFigure label="Total payable" testId="quote-total">
                <Money value={shownQuote.totalPayable} />
              </QuoteFigure>
              <QuoteFigure label="Interest rate">
                {formatRate(shownQuote.annualRatePercent)} a year
              </QuoteFigure>
            </SimpleGrid>
            <ScheduleTable rows={shownQuote.schedule} caption="Repayment schedule" />
          </Stack>
        ) : quote.isError && errorCodeOf(quote.error) !== 'BAD_REQUEST' ? (
          <Alert color="red" role="alert">
            {describeError(quote.error)}
          </Alert>
        ) : (
          <Text c="dimmed" size="sm" data-testid="quote-empty">
            {quote.isError
              ? 'Adjust the highlighted fields to see your quote.'
              : 'Choose a product, an amount and a term to see the monthly installment and the full schedule.'}
          </Text>
        )}
      </Card>
    </Stack>
  );
}

function QuoteFigure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}
