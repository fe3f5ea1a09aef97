import { Button, Group, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Pager } from '../../components/pager';
import { EmptyMessage, QueryState } from '../../components/query-state';
import { downloadText } from '../../lib/csv';
import { describeError } from '../../lib/errors';
import { notify } from '../../lib/notify';
import { type TLoanListInput, type TLoanView, useTRPC, useTRPCClient } from '../../lib/trpc';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { CSV_EXPORT_MAX_ROWS, fetchAllLoans, loansToCsv } from './csv-export';
import { LoanTable, type TLoanColumn } from './loan-table';

type TListFilter = Omit<TLoanListInput, 'cursor' | 'limit'>;

/**
 * One page of loans for a filter, with keyset paging, loading/error/empty states and a CSV export of
 * every page of the same filter.
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
          <CsvExportButton input={input} exportName={exportName} />
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

function CsvExportButton({ input, exportName }: { input: TListFilter; exportName: string }) {
  const client = useTRPCClient();
  const [isExporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    try {
      const { loans, truncated } = await fetchAllLoans(client, input);
      const stamp = new Date().toISOString().slice(0, 10);
      downloadText(`${exportName}-${stamp}.csv`, loansToCsv(loans));
      notify({
        color: truncated ? 'orange' : 'green',
        title: 'CSV exported',
        message: truncated
          ? `Exported the first ${CSV_EXPORT_MAX_ROWS} loans; narrow the filters to export the rest.`
          : `Exported ${loans.length} ${loans.length === 1 ? 'loan' : 'loans'}.`,
      });
    } catch (error) {
      notify({ color: 'red', title: 'Export failed', message: describeError(error) });
    } finally {
      setExporting(false);
    }
  };
  return (
    <Button variant="default" size="xs" onClick={() => void exportCsv()} loading={isExporting}>
      Export CSV
      <VisuallyHidden> of all loans matching the filters</VisuallyHidden>
    </Button>
  );
}
