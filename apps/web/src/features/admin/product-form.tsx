import { ZLoanProductCreate } from '@loanbook/domain/products';
import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { describeError, firstFieldErrors } from '../../lib/errors';
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
    validate: validateWith(ZLoanProductCreate, toInput),
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
        {error !== null && (
          <Alert color="red" role="alert">
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
