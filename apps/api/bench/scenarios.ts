import { encodeCursor } from '@loanbook/domain/pagination';
import type { TRequestSpec } from './load';
import { prng } from './load';
import { BENCH_DAYS, BENCH_PASSWORD, customerId, customerName, loanId } from './seed';

export type TSide = 'loanbook' | 'baseline';

export interface TScenario {
  name: string;
  description: string;
  /** Ratio Loanbook/baseline req/s to reach, and the p99 ceiling (ms), where the issue sets one. */
  target: { ratio?: number; p99Ms?: number };
  generator(side: TSide): () => TRequestSpec;
}

export interface TScenarioContext {
  loans: number;
  customers: number;
  epoch: Date;
  agentToken: string;
  /** NEW loans and their versions, one disjoint half per side: every update edits a loan at its current version. */
  updatePools: Record<TSide, { id: string; version: number }[]>;
}

const DAY_MS = 86_400_000;
const STATUSES = ['NEW', 'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const randomUuid = (random: () => number) =>
  Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
    .join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

const query = (path: string, input: unknown, token?: string): TRequestSpec => ({
  method: 'GET',
  path: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  ...(token ? { token } : {}),
});

/** A status + created-range page of 50 at a random keyset position (the staff list screens). */
export function listInput(random: () => number, epoch: Date, statuses: readonly string[]) {
  const startMs = epoch.getTime() - BENCH_DAYS * DAY_MS;
  const fromMs = startMs + Math.floor(random() * (BENCH_DAYS - 90)) * DAY_MS;
  const toMs = fromMs + 89 * DAY_MS;
  const at = new Date(fromMs + Math.floor(random() * 90 * DAY_MS)).toISOString();
  return {
    status: statuses,
    dateField: 'createdAt',
    from: dayOf(fromMs),
    to: dayOf(toMs),
    sort: 'desc',
    limit: 50,
    cursor: encodeCursor({ at, id: randomUuid(random) }),
  };
}

export function buildScenarios(ctx: TScenarioContext): TScenario[] {
  const token = ctx.agentToken;
  const pick = (random: () => number, n: number) => 1 + Math.floor(random() * n);
  return [
    {
      name: 'loans.list',
      description: 'one status + created range (90 days), page of 50, random cursor',
      target: { ratio: 0.5, p99Ms: 50 },
      generator: () => {
        const random = prng(1);
        return () =>
          query(
            'loans.list',
            listInput(random, ctx.epoch, [STATUSES[Math.floor(random() * 5)] ?? 'NEW']),
            token,
          );
      },
    },
    {
      name: 'loans.list ×2 status',
      description:
        'two statuses (NEW, PENDING: the agent work queues) + created range, page of 50, random cursor',
      target: { p99Ms: 50 },
      generator: () => {
        const random = prng(2);
        return () => query('loans.list', listInput(random, ctx.epoch, ['NEW', 'PENDING']), token);
      },
    },
    {
      name: 'loans.list by customer',
      description: "a random customer's loans, page of 50",
      target: { ratio: 0.5, p99Ms: 50 },
      generator: () => {
        const random = prng(3);
        return () =>
          query('loans.list', { customerId: customerId(pick(random, ctx.customers)), limit: 50 }, token);
      },
    },
    {
      name: 'loans.get',
      description: 'a random loan with its schedule',
      target: { ratio: 0.35 },
      generator: () => {
        const random = prng(4);
        return () => query('loans.get', { loanId: loanId(pick(random, ctx.loans)) }, token);
      },
    },
    {
      name: 'loans.update',
      description: 'an agent edits the amount of a NEW loan at its current version (+ history row)',
      target: { ratio: 0.25 },
      generator: (side) => {
        const pool = ctx.updatePools[side];
        const random = prng(side === 'loanbook' ? 5 : 6);
        let next = 0;
        return () => {
          const loan = pool[next++ % pool.length];
          if (!loan) throw new Error('no NEW loans to edit');
          const cents = String(Math.floor(random() * 99) + 1).padStart(2, '0');
          const amount = `${10_000 + Math.floor(random() * 40_000)}.${cents}`;
          const body = JSON.stringify({ loanId: loan.id, expectedVersion: loan.version, amount });
          loan.version += 1;
          return { method: 'POST', path: '/trpc/loans.update', body, token };
        };
      },
    },
    {
      name: 'loans.quote',
      description: '360 months (HOME), anonymous',
      target: {},
      generator: () => () =>
        query('loans.quote', { productCode: 'HOME', amount: '250000.00', termMonths: 360 }),
    },
  ];
}

/** Logins of random seeded customers (correct password: each one is a full argon2id verification). */
export function loginRequests(customers: number): () => TRequestSpec {
  const random = prng(7);
  return () => ({
    method: 'POST',
    path: '/trpc/auth.login',
    body: JSON.stringify({
      username: customerName(1 + Math.floor(random() * customers)),
      password: BENCH_PASSWORD,
    }),
  });
}
