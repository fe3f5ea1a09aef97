import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect } from 'react';
import { getSession, safeRedirect, setSession, type TSessionEndReason } from '../lib/session';
import { createApiClient, createQueryClient, TRPCProvider } from '../lib/trpc';
import { createAppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';
import { useSession } from './use-session';

const queryClient = createQueryClient((reason) => endSession(reason));
const apiClient = createApiClient();
const router = createAppRouter();

/**
 * Ends the session for a reason the login page explains, remembering where the person was so that
 * signing in again brings them back.
 */
function endSession(reason: Exclude<TSessionEndReason, 'signed-out'>) {
  if (!getSession()) return;
  setSession(null);
  const here = safeRedirect(router.state.location.href) ?? undefined;
  void router.navigate({ to: '/login', search: { redirect: here, reason } }).then(() => queryClient.clear());
}

/** Ends the session when its token expires, even if the person is idle (no silent extension). */
function SessionExpiry() {
  const session = useSession();
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => endSession('expired'), Date.parse(session.expiresAt) - Date.now());
    return () => clearTimeout(timer);
  }, [session]);
  return null;
}

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
          <SessionExpiry />
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
