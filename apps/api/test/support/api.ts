import type { TRole, TUserStatus } from '@loanbook/domain/accounts';
import { TRPCError } from '@trpc/server';
import { hashPassword } from '../../src/modules/auth/password';
import type { TPrincipal } from '../../src/modules/auth/principal';
import { createTokenService } from '../../src/modules/auth/tokens';
import { toPrincipal } from '../../src/modules/users/user.dto';
import { User } from '../../src/modules/users/user.entity';
import { createCaller } from '../../src/trpc/app-router';
import { createContextInner } from '../../src/trpc/context';
import { createTestDatabase, type TTestDatabase } from './db';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';
export const TEST_PASSWORD = 'correct horse battery';

/** The principals every authorization test calls as. */
export const PRINCIPALS = [
  'anonymous',
  'customer',
  'otherCustomer',
  'pendingAgent',
  'agent',
  'otherAgent',
  'suspendedAgent',
  'rejectedAgent',
  'admin',
] as const;
export type TPrincipalName = (typeof PRINCIPALS)[number];

const ACCOUNTS: Record<Exclude<TPrincipalName, 'anonymous'>, { role: TRole; status: TUserStatus }> = {
  customer: { role: 'customer', status: 'ACTIVE' },
  otherCustomer: { role: 'customer', status: 'ACTIVE' },
  pendingAgent: { role: 'agent', status: 'PENDING' },
  agent: { role: 'agent', status: 'APPROVED' },
  otherAgent: { role: 'agent', status: 'APPROVED' },
  suspendedAgent: { role: 'agent', status: 'SUSPENDED' },
  rejectedAgent: { role: 'agent', status: 'REJECTED' },
  admin: { role: 'admin', status: 'ACTIVE' },
};

export interface TTestApi {
  db: TTestDatabase;
  tokens: ReturnType<typeof createTokenService>;
  /** A server-side caller as this principal, on a fresh EntityManager fork (like one request). */
  as(principal: TPrincipal | null): ReturnType<typeof createCaller>;
  createAccount(role: TRole, status: TUserStatus, username?: string): Promise<TPrincipal>;
  close(): Promise<void>;
}

let counter = 0;

export async function createTestApi(): Promise<TTestApi> {
  const db = await createTestDatabase();
  const tokens = createTokenService(TEST_JWT_SECRET);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  return {
    db,
    tokens,
    as: (user) => createCaller(createContextInner({ em: db.fork(), tokens, user })),
    async createAccount(role, status, username = `${role}${++counter}_${crypto.randomUUID().slice(0, 6)}`) {
      const em = db.fork();
      const user = em.create(User, {
        username,
        email: `${username}@example.com`,
        phone: null,
        passwordHash,
        role,
        status,
        statusReason: null,
      });
      await em.flush();
      return toPrincipal(user);
    },
    close: () => db.destroy(),
  };
}

/** One account for each principal of `PRINCIPALS` (null for anonymous). */
export async function createPrincipals(api: TTestApi): Promise<Record<TPrincipalName, TPrincipal | null>> {
  const entries = await Promise.all(
    Object.entries(ACCOUNTS).map(
      async ([name, { role, status }]) => [name, await api.createAccount(role, status)] as const,
    ),
  );
  return { anonymous: null, ...Object.fromEntries(entries) } as Record<TPrincipalName, TPrincipal | null>;
}

/** The code and message of a refused call; fails the test if the call succeeded or threw something else. */
export async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
}
