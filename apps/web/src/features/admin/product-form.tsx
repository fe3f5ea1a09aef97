import { isDomainError } from '@loanbook/domain/errors';
import { assertValidLimits, ZLoanProductCreate } from '@loanbook/domain/products';
import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { describeError, firstFieldErrors, hasFieldErrors } from '../../lib/errors';
import { validateWith } from '../../lib/forms';
import type { TProductView } from '../../lib/trpc';

export interface TProductValues {
  code: string;
  name: string;
  annualRatePercent: string;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number | string;
  maxTermMonths: number | string;
  active: boolean;
}

const toInput = (values: TProductValues) => ({
  code: values.code.trim(),
  name: values.name,
  annualRatePercent: values.annualRatePercent.trim(),
  minAmount: values.minAmount.trim(),
  maxAmount: values.maxAmount.trim(),
  minTermMonths: values.minTermMonths === '' ? undefined : Number(values.minTermMonths),
  maxTermMonths: values.maxTermMonths === '' ? undefined : Number(values.maxTermMonths),
});

export type TProductInput = ReturnType<typeof toInput> & { active: boolean };

/**
 * The limits' order (minimum not above maximum), checked by the domain's own rule as soon as both ends
 * of a pair are valid, so it is reported in the same round as every other field's error.
 */
export function limitOrderErrors(values: TProductValues): Record<string, string> {
  const { shape } = ZLoanProductCreate;
  const input = toInput(values);
  const minAmount = shape.minAmount.safeParse(input.minAmount);
  const maxAmount = shape.maxAmount.safeParse(input.maxAmount);
  const minTerm = shape.minTermMonths.safeParse(input.minTermMonths);
  const maxTerm = shape.maxTermMonths.safeParse(input.maxTermMonths);
  const amounts = minAmount.success && maxAmount.success;
  const terms = minTerm.success && maxTerm.success;
  try {
    // A pair not yet valid is stood in for by an ordered one: its own errors are the schema's.
    assertValidLimits({
      minAmount: amounts ? minAmount.data : '0',
      maxAmount: amounts ? maxAmount.data : '0',
      minTermMonths: terms ? minTerm.data : 0,
      maxTermMonths: terms ? maxTerm.data : 0,
    });
    return {};
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return Object.fromEntries(
      Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => [field, messages[0] ?? '']),
    );
  }
}

/**
 * Create or edit a loan product; validated with the API's own schema. Rates change only future quotes and
 * loans re-priced by an edit: existing loans keep the rate they were priced at.
 */
export function ProductForm({
  product,
  onSubmit,
  onCancel,
}: {
  product?: TProductView;
  onSubmit: (values: TProductInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const form = useForm<TProductValues>({
    initialValues: {
      code: product?.code ?? '',
      name: product?.name ?? '',
      annualRatePercent: product?.annualRatePercent ?? '',
      minAmount: product?.minAmount ?? '',
      maxAmount: product?.maxAmount ?? '',
      minTermMonths: product?.minTermMonths ?? '',
      maxTermMonths: product?.maxTermMonths ?? '',
      active: product?.active ?? true,
    },
    validate: validateWith(ZLoanProductCreate, toInput, limitOrderErrors),
  });
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ ...toInput(values), active: values.active });
    } catch (caught) {
      form.setErrors(firstFieldErrors(caught));
      setError(caught);
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Code"
            description="2–20 capital letters, digits or _"
            disabled={product !== undefined}
            withAsterisk
            {...form.getInputProps('code')}
          />
          <TextInput label="Name" withAsterisk {...form.getInputProps('name')} />
          <TextInput
            label="Annual rate (%)"
            inputMode="decimal"
            withAsterisk
            {...form.getInputProps('annualRatePercent')}
          />
          <Switch
            label="Offered to new applicants"
            mt="lg"
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
          <TextInput
            label="Minimum amount"
            inputMode="decimal"
            withAsterisk
            {...form.getInputProps('minAmount')}
          />
          <TextInput
            label="Maximum amount"
            inputMode="decimal"
            withAsterisk
            {...form.getInputProps('maxAmount')}
          />
          <NumberInput
            label="Minimum term (months)"
            allowDecimal={false}
            allowNegative={false}
            withAsterisk
            {...form.getInputProps('minTermMonths')}
          />
          <NumberInput
            label="Maximum term (months)"
            allowDecimal={false}
            allowNegative={false}
            withAsterisk
            {...form.getInputProps('maxTermMonths')}
          />
        </SimpleGrid>
        {error !== null && (!hasFieldErrors(error) || Object.keys(form.errors).length > 0) && (
          <Alert color="red" role="alert" title="Not saved">
            {describeError(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={isBusy}>
            {product ? 'Save product' : 'Create product'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
