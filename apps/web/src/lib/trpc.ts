/**
 * The one place that creates the tRPC client and the QueryClient (house style "Web"). Components use
 * `const trpc = useTRPC()` with `useQuery(trpc.x.queryOptions(input))` /
 * `useMutation(trpc.x.mutationOptions(...))`, and invalidate by path (`trpc.loans.pathFilter()`).
 */
import type { AppRouter } from '@loanbook/api/router';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { httpStatusOf, sessionEndReasonOf } from './errors';
import { getSession, type TSessionEndReason } from './session';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type TApiClient = TRPCClient<AppRouter>;
export type TRouterInputs = inferRouterInputs<AppRouter>;
export type TRouterOutputs = inferRouterOutputs<AppRouter>;
export type TLoanView = TRouterOutputs['loans']['list']['items'][number];
export type TLoanDetailView = TRouterOutputs['loans']['get'];
export type THistoryEntryView = TRouterOutputs['loans']['history'][number];
export type TUserView = TRouterOutputs['auth']['me'];
export type TProductView = TRouterOutputs['loanProducts']['list'][number];
export type TLoanListInput = TRouterInputs['loans']['list'];

/** The HTTP client: batched requests to `/trpc` with the session's bearer token. */
export function createApiClient(links?: TRPCLink<AppRouter>[]): TApiClient {
  return createTRPCClient<AppRouter>({
    links: links ?? [
      httpBatchLink({
        url: '/trpc',
        headers: () => {
          const token = getSession()?.token;
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

const isLoginKey = (key: readonly unknown[] | undefined): boolean =>
  Array.isArray(key?.[0]) && (key[0] as unknown[]).join('.') === 'auth.login';

/**
 * The QueryClient. A 4xx answer is final (retrying a 404 or 403 only delays the message); and any error
 * that means the session is over — expired token, suspended account — ends it through `onSessionEnded`,
 * wherever it happened, so no screen has to handle it.
 */
export function createQueryClient(
  onSessionEnded: (reason: Exclude<TSessionEndReason, 'signed-out'>) => void = () => {},
): QueryClient {
  const handle = (error: unknown) => {
    const reason = sessionEndReasonOf(error);
    if (reason && getSession()) onSessionEnded(reason);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handle }),
    mutationCache: new MutationCache({
      // A failed sign-in is a wrong password, not an ended session: the login form explains it.
      onError: (error, _variables, _context, mutation) => {
        if (!isLoginKey(mutation.options.mutationKey)) handle(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failureCount, error) => {
          const status = httpStatusOf(error);
          return (status === null || status >= 500) && failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
