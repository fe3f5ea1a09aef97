import { createLoanbookClient, type LoanbookClient } from '@loanbook/client';

/**
 * A typed API client for setting up journeys quickly (the journeys themselves click through the UI):
 * `@loanbook/client`, as an integrator would use it, one request per call.
 */
export function apiClient(baseUrl: string, token?: string): LoanbookClient {
  return createLoanbookClient({ url: baseUrl, token, batch: false });
}

export async function signIn(baseUrl: string, username: string, password: string) {
  const { token, user } = await apiClient(baseUrl).auth.login.mutate({ username, password });
  return { token, user, api: apiClient(baseUrl, token) };
}

let counter = 0;
/**
 * Unique, valid usernames per run, so journeys never collide: 18 characters or more without a place to
 * break a line ("agent_1mx4aha53qz1"), as real usernames are, so every screen is checked with them.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  const random = Array.from({ length: 12 }, () => Math.random().toString(36).slice(2, 3)).join('');
  const name = `${prefix}_${counter}${random}`;
  return name.slice(0, Math.max(18, prefix.length + 8));
}

export const PASSWORD = 'correct-horse-battery';
