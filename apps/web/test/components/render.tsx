import type { AppRouter } from '@loanbook/api/router';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ReactElement } from 'react';
import { theme } from '../../src/app/theme';
import { createApiClient, TRPCProvider } from '../../src/lib/trpc';

export interface TCall {
  path: string;
  input: unknown;
}

type THandler = (input: unknown) => unknown;

/** An API error as the server sends it (`{ error: { message, code, data } }`). */
export function apiError(code: string, message: string, fieldErrors?: Record<string, string[]>) {
  const status: Record<string, number> = { BAD_REQUEST: 400, CONFLICT: 409, NOT_FOUND: 404 };
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code, httpStatus: status[code] ?? 400, fieldErrors } },
  });
}

/**
 * A stand-in for the API at the tRPC link: each procedure path answers from a handler, and every call is
 * recorded, so tests can assert what the component asked and how often.
 */
export function fakeApi(handlers: Record<string, THandler>) {
  const calls: TCall[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const handler = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw apiError('NOT_FOUND', `No fake for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) =>
              observer.error(error instanceof TRPCClientError ? error : TRPCClientError.from(error as Error)),
          );
      });
  return { link, calls, callsTo: (path: string) => calls.filter((call) => call.path === path) };
}

/** Renders with the app's providers (Mantine theme, TanStack Query, tRPC) over the given link. */
export function renderWithApi(ui: ReactElement, link?: TRPCLink<AppRouter>) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const client = createApiClient(link ? [link] : []);
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={client} queryClient={queryClient}>
          {ui}
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** An API refusal with its `reason`, as the server sends one (`SESSION_ENDED`, `ACCOUNT_SUSPENDED`, …). */
export function apiRefusal(code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string, reason?: string) {
  return TRPCClientError.from({
    error: {
      message,
      code: -32600,
      data: { code, httpStatus: code === 'UNAUTHORIZED' ? 401 : 403, reason },
    },
  });
}
