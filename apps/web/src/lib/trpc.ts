/**
 * The one place that creates the tRPC client and the QueryClient (house style "Web"). Components use
 * `const trpc = useTRPC()` with `useQuery(trpc.x.queryOptions(input))` /
 * `useMutation(trpc.x.mutationOptions(...))`, and invalidate by path (`trpc.loans.pathFilter()`).
 */
import {
  type AppRouter,
  createLoanbookClient,
  type LoanbookClient,
  type RouterInputs,
  type RouterOutputs,
} from '@loanbook/client';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { httpStatusOf, sessionEndReasonOf } from './errors';
import { getSession, isRenewingSession, type TSessionLostReason } from './session';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type TApiClient = LoanbookClient;
export type TRouterInputs = RouterInputs;
export type TRouterOutputs = RouterOutputs;
export type TLoanView = TRouterOutputs['loans']['list']['items'][number];
export type TLoanDetailView = TRouterOutputs['loans']['get'];
export type THistoryEntryView = TRouterOutputs['loans']['history'][number];
export type TUserView = TRouterOutputs['auth']['me'];
export type TProductView = TRouterOutputs['loanProducts']['list'][number];
export type TLoanListInput = TRouterInputs['loans']['list'];

/**
 * The HTTP client (`@loanbook/client`, as integrators use it): `/trpc` on this origin with the session's
 * bearer token, read before every request; queries made together are batched. Tests pass their own links.
 */
export function createApiClient(links?: TRPCLink<AppRouter>[]): TApiClient {
  if (links) return createTRPCClient<AppRouter>({ links });
  return createLoanbookClient({ url: '', token: () => getSession()?.token });
}

const isLoginKey = (key: readonly unknown[] | undefined): boolean =>
  Array.isArray(key?.[0]) && (key[0] as unknown[]).join('.') === 'auth.login';

/**
 * The QueryClient. A 4xx answer is final (retrying a 404 or 403 only delays the message); and any error
 * that means the session is over — expired token, suspended account — ends it through `onSessionEnded`,
 * wherever it happened, so no screen has to handle it.
 */
export function createQueryClient(
  onSessionEnded: (reason: TSessionLostReason) => void = () => {},
): QueryClient {
  const handle = (error: unknown) => {
    const reason = sessionEndReasonOf(error);
    // `onSessionEnded` acts only while a session is held (expired or not), and only once.
    if (reason && !isRenewingSession()) onSessionEnded(reason);
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
