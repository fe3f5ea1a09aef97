import type { AppRouter } from '@loanbook/api/router';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';

/** A typed API client for setting up journeys quickly (the journeys themselves click through the UI). */
export function apiClient(baseUrl: string, token?: string): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/trpc`,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}

export async function signIn(baseUrl: string, username: string, password: string) {
  const { token, user } = await apiClient(baseUrl).auth.login.mutate({ username, password });
  return { token, user, api: apiClient(baseUrl, token) };
}

let counter = 0;
/** Unique, valid usernames per run ("cust-1-k3x9"), so journeys never collide. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export const PASSWORD = 'correct-horse-battery';
