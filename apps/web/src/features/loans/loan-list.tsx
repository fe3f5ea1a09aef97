import { Group } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Pager } from '../../components/pager';
import { EmptyMessage, QueryState } from '../../components/query-state';
import { type TLoanListInput, type TLoanView, useTRPC } from '../../lib/trpc';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { CsvExportButton } from '../servicing/csv-export-button';
import { LoanTable, type TLoanColumn } from './loan-table';

type TListFilter = Omit<TLoanListInput, 'cursor' | 'limit'>;

/**
 * One page of loans for a filter, with keyset paging, loading/error/empty states and a CSV export of
 * every loan of the same filter, streamed by the server (`CsvExportButton`).
 */
export function LoanList({
  input,
  caption,
  columns,
  actions,
  empty,
  pageSize = 20,
  exportName,
}: {
  input: TListFilter;
  caption: string;
  columns?: readonly TLoanColumn[];
  actions?: (loan: TLoanView) => ReactNode;
  empty: ReactNode;
  pageSize?: number;
  /** File name stem for the CSV export; no export button without it. */
  exportName?: string;
}) {
  const trpc = useTRPC();
  const pages = useCursorPages(JSON.stringify(input));
  const query = useQuery({
    ...trpc.loans.list.queryOptions({ ...input, cursor: pages.cursor, limit: pageSize }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      {exportName && (
        <Group justify="flex-end" mb="xs">
          <CsvExportButton filters={input} fileStem={exportName} />
        </Group>
      )}
      <QueryState
        query={query}
        loadingLabel="Loading loans"
        isEmpty={(page) => page.items.length === 0 && !pages.hasPrevious}
        empty={<EmptyMessage title="No loans">{empty}</EmptyMessage>}
      >
        {(page) => (
          <>
            <LoanTable loans={page.items} columns={columns} actions={actions} caption={caption} />
            <Pager pages={pages} nextCursor={page.nextCursor} isFetching={query.isFetching} />
          </>
        )}
      </QueryState>
    </>
  );
}
