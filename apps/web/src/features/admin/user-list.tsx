import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Pager } from '../../components/pager';
import { EmptyMessage, QueryState } from '../../components/query-state';
import { type TRouterInputs, type TUserView, useTRPC } from '../../lib/trpc';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { UserTable } from './user-table';

type TSource =
  | { procedure: 'agents'; input: Omit<TRouterInputs['agents']['list'], 'cursor' | 'limit'> }
  | { procedure: 'users'; input: Omit<TRouterInputs['users']['list'], 'cursor' | 'limit'> };

/** A keyset-paged list of agents or users with loading, error and empty states. */
export function UserList({
  source,
  caption,
  empty,
  actions,
  showRole,
}: {
  source: TSource;
  caption: string;
  empty: ReactNode;
  actions?: (user: TUserView) => ReactNode;
  showRole?: boolean;
}) {
  const trpc = useTRPC();
  const pages = useCursorPages(JSON.stringify(source));
  const paging = { cursor: pages.cursor, limit: 20 };
  const options =
    source.procedure === 'agents'
      ? trpc.agents.list.queryOptions({ ...source.input, ...paging })
      : trpc.users.list.queryOptions({ ...source.input, ...paging });
  const query = useQuery({ ...options, placeholderData: keepPreviousData });
  return (
    <QueryState
      query={query}
      loadingLabel="Loading accounts"
      isEmpty={(page) => page.items.length === 0 && !pages.hasPrevious}
      empty={<EmptyMessage title="Nobody here">{empty}</EmptyMessage>}
    >
      {(page) => (
        <>
          <UserTable users={page.items} caption={caption} actions={actions} showRole={showRole} />
          <Pager pages={pages} nextCursor={page.nextCursor} isFetching={query.isFetching} />
        </>
      )}
    </QueryState>
  );
}
