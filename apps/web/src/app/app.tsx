import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect } from 'react';
import { createApiClient, createQueryClient, TRPCProvider } from '../lib/trpc';
import { endSession } from './end-session';
import { createAppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';
import { useSession } from './use-session';

const queryClient = createQueryClient((reason) => endSession(router, queryClient, reason));
const apiClient = createApiClient();
const router = createAppRouter();

/** Ends the session when its token expires, even if the person is idle (no silent extension). */
function SessionExpiry() {
  const session = useSession();
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(
      () => endSession(router, queryClient, 'expired'),
      Date.parse(session.expiresAt) - Date.now(),
    );
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
