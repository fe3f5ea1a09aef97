import type { AppRouter } from '@loanbook/api/router';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { TRPCLink } from '@trpc/client';
import { dataLayerFor } from '../../src/app/data-layer';
import { createAppRouter } from '../../src/app/router';
import { theme } from '../../src/app/theme';
import { setSession, type TSession } from '../../src/lib/session';

export const SESSION_USER = {
  id: '0b7a4a52-3333-4333-8333-333333333333',
  username: 'walkagent_mx4aha53',
  email: 'walk@example.com',
  phone: null,
  role: 'customer',
  status: 'ACTIVE',
  createdAt: '2026-03-01T09:00:00.000Z',
} as const satisfies TSession['user'];

/** A session for `user`, valid for an hour unless `expiresAt` says otherwise. */
export function signedIn(user: TSession['user'] = SESSION_USER, expiresAt?: string): TSession {
  const session = {
    token: 'token-1',
    expiresAt: expiresAt ?? new Date(Date.now() + 3_600_000).toISOString(),
    user,
  };
  setSession(session);
  return session;
}

/**
 * The whole app — router, guards, shell, lazy screens and data layer, the QueryClient's session handling —
 * at `path`, over a fake API link, as `src/app/app.tsx` assembles it.
 */
export function renderApp(path: string, link: TRPCLink<AppRouter>) {
  const history = createMemoryHistory({ initialEntries: [path] });
  const router = createAppRouter(history);
  // The data layer the app's layout will use for this router, made now with the fake API.
  const { queryClient } = dataLayerFor(router, [link]);
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: 15_000 } });
  const view = render(
    <MantineProvider theme={theme}>
      <Notifications />
      <RouterProvider router={router} />
    </MantineProvider>,
  );
  return { ...view, router, queryClient, history };
}
