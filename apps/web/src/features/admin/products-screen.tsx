import { Button, Modal, Table } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Money } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatRate } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type TProductView, useTRPC } from '../../lib/trpc';
import { ProductForm, type TProductInput } from './product-form';

/** Only the fields that differ from the product, so an update records exactly what changed. */
function changedFields(product: TProductView, input: TProductInput) {
  return {
    code: product.code,
    name: input.name !== product.name ? input.name : undefined,
    annualRatePercent:
      input.annualRatePercent !== product.annualRatePercent ? input.annualRatePercent : undefined,
    minAmount: input.minAmount !== product.minAmount ? input.minAmount : undefined,
    maxAmount: input.maxAmount !== product.maxAmount ? input.maxAmount : undefined,
    minTermMonths: input.minTermMonths !== product.minTermMonths ? input.minTermMonths : undefined,
    maxTermMonths: input.maxTermMonths !== product.maxTermMonths ? input.maxTermMonths : undefined,
    active: input.active !== product.active ? input.active : undefined,
  };
}

export function ProductsScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const products = useQuery(trpc.loanProducts.list.queryOptions());
  const onSuccess = () => queryClient.invalidateQueries(trpc.loanProducts.list.queryFilter());
  const create = useMutation(trpc.loanProducts.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.loanProducts.update.mutationOptions({ onSuccess }));
  const [editing, setEditing] = useState<TProductView | 'new' | null>(null);

  return (
    <>
      <PageHeader
        title="Loan products"
        description="Rates and limits for new applications. Existing loans keep the rate they were priced at."
        actions={<Button onClick={() => setEditing('new')}>New product</Button>}
      />
      <QueryState query={products} loadingLabel="Loading products" isEmpty={(list) => list.length === 0}>
        {(list) => (
          <Table.ScrollContainer minWidth={720}>
            <Table striped aria-label="Loan products">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Product</Table.Th>
                  <Table.Th scope="col">Code</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Annual rate
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col">Term</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((product) => (
                  <Table.Tr key={product.code}>
                    <Table.Td fw={600}>{product.name}</Table.Td>
                    <Table.Td>{product.code}</Table.Td>
                    <Table.Td ta="right">{formatRate(product.annualRatePercent)}</Table.Td>
                    <Table.Td ta="right">
                      <Money value={product.minAmount} /> – <Money value={product.maxAmount} />
                    </Table.Td>
                    <Table.Td>
                      {product.minTermMonths}–{product.maxTermMonths} months
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={product.active ? 'ACTIVE' : 'INACTIVE'} of="product" />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setEditing(product)}
                        aria-label={`Edit ${product.name}`}
                      >
                        Edit
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New loan product' : `Edit ${editing?.name ?? ''}`}
        size="lg"
      >
        {editing !== null && (
          <ProductForm
            product={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSubmit={async (input) => {
              if (editing === 'new') {
                const { active: _active, ...fields } = input;
                await create.mutateAsync({
                  ...fields,
                  minTermMonths: fields.minTermMonths ?? 0,
                  maxTermMonths: fields.maxTermMonths ?? 0,
                });
                notify({ color: 'green', title: 'Product created', message: input.name });
              } else {
                await update.mutateAsync(changedFields(editing, input));
                notify({ color: 'green', title: 'Product saved', message: input.name });
              }
              setEditing(null);
            }}
          />
        )}
      </Modal>
    </>
  );
}
