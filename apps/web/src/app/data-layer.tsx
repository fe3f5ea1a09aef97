import type { AppRouter } from '@loanbook/client';
import { type QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { TRPCLink } from '@trpc/client';
import { type ReactNode, useEffect } from 'react';
import { createApiClient, createQueryClient, type TApiClient, TRPCProvider, useTRPC } from '../lib/trpc';
import { endSession } from './end-session';
import type { TAppRouter } from './router';
import { useSession } from './use-session';

export interface TDataLayer {
  queryClient: QueryClient;
  apiClient: TApiClient;
}

const layers = new WeakMap<TAppRouter, TDataLayer>();

/**
 * The app's QueryClient and tRPC client, one pair per router (so per app; tests make a router each):
 * created when first asked for. An error that ends the session ends it through this router. Tests call it
 * before rendering, with the links of a fake API.
 */
export function dataLayerFor(router: TAppRouter, links?: TRPCLink<AppRouter>[]): TDataLayer {
  let layer = layers.get(router);
  if (!layer) {
    const queryClient = createQueryClient((reason) => endSession(router, queryClient, reason));
    layer = { queryClient, apiClient: createApiClient(links) };
    layers.set(router, layer);
  }
  return layer;
}

/**
 * TanStack Query and tRPC for the screens (docs/web.md "Delivery"). Its own chunk: the query cache and
 * the HTTP client (~20 kB gzip) are not needed to paint the shell, so the entry chunk does without them;
 * the layout renders this around the screens and the account menu, and `app.tsx` starts loading it at
 * once, beside the first screen's chunk.
 */
export function DataProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const { queryClient, apiClient } = dataLayerFor(router);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/**
 * While someone is signed in: ends the session when its token expires, even if the person is idle (no
 * silent extension), and re-checks the account every minute and when the tab regains focus, so a
 * suspension sends the person to login even if they are only reading (the QueryClient's error handler
 * does the sending).
 */
export function SessionWatcher() {
  const session = useSession();
  return session ? <WatchSession expiresAt={session.expiresAt} /> : null;
}

function WatchSession({ expiresAt }: { expiresAt: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const { queryClient } = dataLayerFor(router);
  useEffect(() => {
    const timer = setTimeout(
      () => endSession(router, queryClient, 'expired'),
      Date.parse(expiresAt) - Date.now(),
    );
    return () => clearTimeout(timer);
  }, [expiresAt, router, queryClient]);
  useQuery({ ...trpc.auth.me.queryOptions(), refetchInterval: 60_000, refetchOnWindowFocus: true });
  return null;
}
