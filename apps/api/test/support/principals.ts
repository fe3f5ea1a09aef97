import { afterAll, beforeAll } from 'vitest';
import type { TPrincipal } from '../../src/modules/auth/principal';
import { createPrincipals, createTestApi, type TPrincipalName, type TTestApi } from './api';

export type TSignedInName = Exclude<TPrincipalName, 'anonymous'>;

export interface TPrincipalsFixture {
  /** This file's test API on its own fresh database (usable from the file's `beforeAll` on). */
  readonly api: TTestApi;
  /** A server-side caller as this principal, on a fresh EntityManager fork (like one request). */
  as(name: TPrincipalName): ReturnType<TTestApi['as']>;
  /** The account of a principal; null for anonymous. */
  principal(name: TPrincipalName): TPrincipal | null;
  /** The account of a signed-in principal. */
  user(name: TSignedInName): TPrincipal;
}

/**
 * The test principals of one test file: registers the `beforeAll` that creates a fresh test API with one
 * account per name of `PRINCIPALS` (customer, otherCustomer, pending/approved/suspended/rejected agents,
 * admin), and the `afterAll` that closes it. Call it once, at the top of the file:
 *
 *   const principals = usePrincipals();
 *   it('…', () => principals.as('admin').users.list({}));
 */
export function usePrincipals(): TPrincipalsFixture {
  let api: TTestApi | undefined;
  let accounts: Record<TPrincipalName, TPrincipal | null> | undefined;

  beforeAll(async () => {
    api = await createTestApi();
    accounts = await createPrincipals(api);
  });
  afterAll(() => api?.close());

  const ready = () => {
    if (!api || !accounts) throw new Error('usePrincipals(): the principals exist from beforeAll on');
    return { api, accounts };
  };
  const principal = (name: TPrincipalName) => ready().accounts[name];
  const user = (name: TSignedInName) => {
    const found = principal(name);
    if (!found) throw new Error(`no principal ${name}`);
    return found;
  };
  return {
    get api() {
      return ready().api;
    },
    as: (name) => ready().api.as(principal(name)),
    principal,
    user,
  };
}
