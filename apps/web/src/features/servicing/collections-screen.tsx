import { arrearsBucketOf, LATE_BUCKETS } from '@loanbook/domain/servicing/constants';
import type { TPosition } from '@loanbook/domain/servicing/schemas';
import { Badge, Chip, Fieldset, Group, Select, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useSignedIn } from '../../app/use-session';
import { AnchorLink } from '../../components/links';
import { Money } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { EmptyMessage, QueryState } from '../../components/query-state';
import { formatBusinessDate } from '../../lib/format';
import { type TApiClient, type TLoanView, useTRPC, useTRPCClient } from '../../lib/trpc';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { inChunks } from './chunks';
import { collectionsListInput, isLateBucket, type TCollectionsFilters } from './collections-filters';
import { CsvExportButton } from './csv-export-button';
import { overdueTotal, todayUtc } from './model';
import { BUCKET_COLOR, BUCKET_LABEL, daysText } from './servicing-labels';

const route = getRouteApi('/staff/collections');
const PAGE_SIZE = 20;

interface TContact {
  email: string;
  phone: string | null;
}

interface TRowDetails {
  positions: Map<string, TPosition>;
  contacts: Map<string, TContact>;
}

/**
 * What the list's loan view does not carry, for the loans of one page: each loan's position today (the
 * amount overdue with its late fees, the next installment) and each customer's contact. At most 10 calls
 * per request, so a page is two or three requests whatever its size.
 */
async function fetchRowDetails(client: TApiClient, loans: readonly TLoanView[]): Promise<TRowDetails> {
  const asOf = todayUtc();
  const positions = await inChunks(loans, (loan) => client.loans.position.query({ loanId: loan.id, asOf }));
  const customers = [...new Map(loans.map((loan) => [loan.customer.id, loan.customer])).values()];
  const found = await inChunks(customers, async (customer) => {
    const page = await client.customers.list.query({ search: customer.username, limit: 100 });
    return page.items.find((item) => item.id === customer.id) ?? null;
  });
  return {
    positions: new Map(loans.map((loan, index) => [loan.id, positions[index] as TPosition])),
    contacts: new Map(
      found.flatMap((user) => (user ? [[user.id, { email: user.email, phone: user.phone }] as const] : [])),
    ),
  };
}

/**
 * The collections queue (docs/servicing.md §6): active loans in arrears, the longest overdue first, with
 * how late each is, what is overdue, what falls due next and how to reach the customer. Filtered by
 * bucket, agent and product (in the URL), keyset-paged like every list, and exported whole as CSV by the
 * server.
 */
export function CollectionsScreen() {
  const filters = route.useSearch();
  const navigate = route.useNavigate();
  const { user } = useSignedIn();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = collectionsListInput(filters);
  const pages = useCursorPages(JSON.stringify(input));
  const list = useQuery({
    ...trpc.loans.list.queryOptions({ ...input, cursor: pages.cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const loans = list.data?.items ?? [];
  const details = useQuery({
    queryKey: ['servicing', 'collections-details', loans.map((loan) => loan.id)],
    queryFn: () => fetchRowDetails(client, loans),
    enabled: loans.length > 0,
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });
  const products = useQuery(trpc.loanProducts.list.queryOptions());
  const agents = useQuery({
    ...trpc.agents.list.queryOptions({ limit: 100 }),
    enabled: user.role === 'admin',
  });
  const setFilters = (patch: Partial<TCollectionsFilters>) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });

  return (
    <>
      <PageHeader
        title="Collections queue"
        description="Active loans in arrears, the longest overdue first."
        actions={<CsvExportButton filters={input} fileStem="collections" />}
      />
      <Fieldset legend="Filters" variant="filled" mb="md" aria-label="Collections filters">
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} id="bucket-filter-label" mb={4}>
              Days past due
            </Text>
            <Chip.Group
              value={filters.bucket ?? 'ANY'}
              onChange={(value) => setFilters({ bucket: isLateBucket(value) ? value : undefined })}
            >
              <Group gap={6} role="group" aria-labelledby="bucket-filter-label">
                <Chip value="ANY" size="sm">
                  Any
                </Chip>
                {LATE_BUCKETS.map((bucket) => (
                  <Chip key={bucket} value={bucket} size="sm">
                    {BUCKET_LABEL[bucket]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Product"
              placeholder="All products"
              data={(products.data ?? []).map((product) => ({ value: product.code, label: product.name }))}
              value={filters.productCode ?? null}
              onChange={(value) => setFilters({ productCode: value ?? undefined })}
              clearable
            />
            {user.role === 'admin' ? (
              <Select
                label="Agent"
                placeholder="Any agent"
                data={(agents.data?.items ?? []).map((agent) => ({ value: agent.id, label: agent.username }))}
                value={filters.agentId ?? null}
                onChange={(value) => setFilters({ agentId: value ?? undefined })}
                searchable
                clearable
              />
            ) : (
              <Switch
                mt={{ base: 0, sm: 'xl' }}
                label="Only my loans"
                checked={filters.agentId === user.id}
                onChange={(event) =>
                  setFilters({ agentId: event.currentTarget.checked ? user.id : undefined })
                }
              />
            )}
          </SimpleGrid>
        </Stack>
      </Fieldset>
      <QueryState
        query={list}
        loadingLabel="Loading the loans in arrears"
        isEmpty={(page) => page.items.length === 0 && !pages.hasPrevious}
        empty={
          <EmptyMessage title="Nothing in arrears">
            No active loan that matches these filters is late.
          </EmptyMessage>
        }
      >
        {(page) => (
          <>
            <CollectionsTable
              loans={page.items}
              details={details.data}
              isLoadingDetails={details.isPending}
            />
            <Pager pages={pages} nextCursor={page.nextCursor} isFetching={list.isFetching} />
          </>
        )}
      </QueryState>
    </>
  );
}

function Pending({ isLoading }: { isLoading: boolean }) {
  return (
    <Text span size="sm" c="dimmed">
      {isLoading ? '…' : '—'}
    </Text>
  );
}

function CollectionsTable({
  loans,
  details,
  isLoadingDetails,
}: {
  loans: readonly TLoanView[];
  details: TRowDetails | undefined;
  isLoadingDetails: boolean;
}) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="xs"
        aria-label="Loans in arrears"
        data-testid="collections"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Loan</Table.Th>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col">Days past due</Table.Th>
            <Table.Th scope="col" ta="right">
              Overdue
            </Table.Th>
            <Table.Th scope="col">Next due</Table.Th>
            <Table.Th scope="col" ta="right">
              Outstanding
            </Table.Th>
            <Table.Th scope="col">Agent</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loans.map((loan) => {
            const days = loan.daysPastDue ?? 0;
            const bucket = arrearsBucketOf(days);
            const position = details?.positions.get(loan.id);
            const contact = details?.contacts.get(loan.customer.id);
            return (
              <Table.Tr
                key={loan.id}
                data-testid="collections-row"
                data-loan-id={loan.id}
                data-bucket={bucket}
              >
                <Table.Td>
                  <AnchorLink
                    to="/loans/$loanId"
                    params={{ loanId: loan.id }}
                    fw={600}
                    className="wrap-anywhere"
                  >
                    {loan.productName}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    #{loan.id.slice(0, 8)}
                  </Text>
                </Table.Td>
                <Table.Td className="wrap-anywhere">
                  <Text size="sm">{loan.customer.username}</Text>
                  {contact ? (
                    <>
                      <Text size="xs">
                        <a href={`mailto:${contact.email}`}>{contact.email}</a>
                      </Text>
                      {contact.phone && (
                        <Text size="xs">
                          <a href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>{contact.phone}</a>
                        </Text>
                      )}
                    </>
                  ) : (
                    <Pending isLoading={isLoadingDetails} />
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} data-testid="collections-days">
                    {daysText(days)}
                  </Text>
                  <Badge variant="dot" color={BUCKET_COLOR[bucket]} radius="sm">
                    {BUCKET_LABEL[bucket]}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" data-testid="collections-overdue">
                  {position ? (
                    <Money value={overdueTotal(position)} />
                  ) : (
                    <Pending isLoading={isLoadingDetails} />
                  )}
                  {position && position.feesOverdue !== '0.00' && (
                    <Text size="xs" c="dimmed">
                      incl. <Money value={position.feesOverdue} /> fees
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {position?.nextDue ? (
                    <>
                      <Text size="sm">{formatBusinessDate(position.nextDue.dueOn)}</Text>
                      <Text size="xs" c="dimmed">
                        <Money value={position.nextDue.amount} />
                      </Text>
                    </>
                  ) : position ? (
                    <Text size="sm">All due</Text>
                  ) : (
                    <Pending isLoading={isLoadingDetails} />
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Money value={loan.principalOutstanding ?? '0.00'} />
                </Table.Td>
                <Table.Td className="wrap-anywhere">{loan.agent?.username ?? '—'}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
