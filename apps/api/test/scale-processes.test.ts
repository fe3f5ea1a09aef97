import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPrincipal } from '../src/modules/auth/principal';
import { createTestApi, TEST_JWT_SECRET, TEST_PASSWORD, type TTestApi } from './support/api';
import { testDatabaseKind } from './support/db';
import { callTrpc, spawnServer, type TServerProcess, waitUntilReady } from './support/process';

/**
 * Horizontal scale (docs/scaling.md): three real API processes — what three replicas behind the load
 * balancer are — on one PostgreSQL database. The loan invariants must hold across processes, where
 * nothing is shared but the database: one winner among parallel edits of the same version, one decision,
 * one history row per successful change, and a token from one process is good on every other.
 * PostgreSQL only: PGlite is embedded in one process and cannot be shared.
 */
const isPostgres = testDatabaseKind() === 'postgres';

let api: TTestApi;
let servers: TServerProcess[] = [];
const accounts: Record<'customer' | 'agent' | 'otherAgent' | 'admin', TPrincipal | null> = {
  customer: null,
  agent: null,
  otherAgent: null,
  admin: null,
};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  if (!isPostgres) return;
  api = await createTestApi();
  const url = api.db.url;
  if (!url) throw new Error('the PostgreSQL tier has a database URL');
  // The admin exists before the replicas start, as in production (no process bootstraps one).
  accounts.customer = await api.createAccount('customer', 'ACTIVE');
  accounts.agent = await api.createAccount('agent', 'APPROVED');
  accounts.otherAgent = await api.createAccount('agent', 'APPROVED');
  accounts.admin = await api.createAccount('admin', 'ACTIVE');
  servers = await Promise.all(
    [1, 2, 3].map(() =>
      spawnServer({
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: url,
        JWT_SECRET: TEST_JWT_SECRET,
      }),
    ),
  );
  await Promise.all(servers.map((server) => waitUntilReady(server)));
  // Each account signs in on a different process.
  for (const [i, [name, account]] of Object.entries(accounts).entries()) {
    const server = servers[i % servers.length];
    if (!account || !server) throw new Error('setup');
    const login = await callTrpc(server.baseUrl, 'mutation', 'auth.login', {
      username: account.username,
      password: TEST_PASSWORD,
    });
    const token = (login.data as { token?: string } | undefined)?.token;
    if (!token) throw new Error(`login of ${name} failed: ${login.body}`);
    tokens[name] = token;
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop().catch(() => server.kill())));
  await api?.close();
});

const server = (i: number) => {
  const found = servers[i % servers.length];
  if (!found) throw new Error('no server');
  return found.baseUrl;
};
const token = (name: keyof typeof accounts) => {
  const found = tokens[name];
  if (!found) throw new Error(`no token for ${name}`);
  return found;
};
const mutate = (i: number, path: string, input: unknown, as: keyof typeof accounts) =>
  callTrpc(server(i), 'mutation', path, input, token(as));

const sql = <T>(query: string, params: unknown[] = []) =>
  api.db.fork().getConnection().execute<T[]>(query, params);

const loanState = async (loanId: string) => {
  const [row] = await sql<{ status: string; version: number; principal: string }>(
    'select status, version, principal from loans where id = ?',
    [loanId],
  );
  const history = await sql<{ version: number; action: string }>(
    "select version, action from history_entries where entity_type = 'loan' and entity_id = ? order by version",
    [loanId],
  );
  if (!row) throw new Error(`no loan ${loanId}`);
  return { ...row, history };
};

const apply = async (i: number) => {
  const created = await mutate(
    i,
    'loans.create',
    { productCode: 'HOME', amount: '10000', termMonths: 12 },
    'customer',
  );
  const loan = created.data as { id?: string } | undefined;
  if (!loan?.id) throw new Error(`apply failed: ${created.body}`);
  return loan.id;
};

describe.runIf(isPostgres)('three API processes on one PostgreSQL', () => {
  it('serve the same sessions: a token issued by one process is accepted by the others', async () => {
    for (let i = 0; i < servers.length; i++) {
      const me = await callTrpc(server(i), 'query', 'auth.me', undefined, token('customer'));
      expect(me.status).toBe(200);
      expect(me.data).toMatchObject({ id: accounts.customer?.id });
    }
  });

  it('let exactly one of 9 parallel edits of the same version win, whichever process takes it', async () => {
    const loanId = await apply(0);
    const amounts = Array.from({ length: 9 }, (_, i) => `${11_000 + i * 1_000}.00`);
    const results = await Promise.all(
      amounts.map((amount, i) =>
        mutate(i, 'loans.update', { loanId, expectedVersion: 1, amount }, i % 2 ? 'otherAgent' : 'agent'),
      ),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, ...Array(8).fill(409)]);
    const winner = amounts[results.findIndex((result) => result.status === 200)];
    const state = await loanState(loanId);
    expect(state).toMatchObject({ status: 'NEW', version: 2, principal: winner });
    expect(state.history.map((row) => row.action)).toEqual(['CREATED', 'UPDATED']);
    // Every process now reads the winner's version (no process keeps a stale copy).
    for (let i = 0; i < servers.length; i++) {
      const read = await callTrpc(server(i), 'query', 'loans.get', { loanId }, token('admin'));
      expect(read.data).toMatchObject({ version: 2, principal: winner });
    }
  });

  it('record one history row per successful change when edits from all processes keep retrying', async () => {
    const loanId = await apply(1);
    // 6 writers (2 per process) each make 3 edits, re-reading the version after every conflict.
    const writer = async (w: number) => {
      let done = 0;
      let conflicts = 0;
      while (done < 3) {
        const current = await callTrpc(server(w), 'query', 'loans.get', { loanId }, token('agent'));
        const { version } = current.data as { version: number };
        const amount = `${20_000 + w * 100 + done}.00`;
        const result = await mutate(w, 'loans.update', { loanId, expectedVersion: version, amount }, 'agent');
        if (result.status === 200) done += 1;
        else if (result.status === 409) conflicts += 1;
        else throw new Error(`unexpected ${result.status}: ${result.body}`);
      }
      return conflicts;
    };
    const conflicts = await Promise.all(Array.from({ length: 6 }, (_, w) => writer(w)));
    const state = await loanState(loanId);
    // 18 successful edits after the creation: version 19, history versions exactly 1..19.
    expect(state.version).toBe(19);
    expect(state.history.map((row) => row.version)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(state.history.filter((row) => row.action === 'UPDATED')).toHaveLength(18);
    // The writers really collided (otherwise this would not test the version check across processes).
    expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('decide a loan once when approve and reject race on different processes', async () => {
    for (let round = 0; round < 6; round++) {
      const loanId = await apply(round);
      const forwarded = await mutate(round + 1, 'loans.forward', { loanId }, 'agent');
      expect(forwarded.status).toBe(200);
      const [approve, reject] = await Promise.all([
        mutate(round, 'loans.approve', { loanId }, 'admin'),
        mutate(round + 1, 'loans.reject', { loanId, reason: 'Racing decision' }, 'admin'),
      ]);
      expect([approve.status, reject.status].sort(), `round ${round}`).toEqual([200, 409]);
      const state = await loanState(loanId);
      expect(state.version).toBe(3);
      expect(state.history.map((row) => row.action)).toEqual(['CREATED', 'FORWARDED', state.status]);
      expect(state.status).toBe(approve.status === 200 ? 'APPROVED' : 'REJECTED');
    }
  });

  it('let a withdrawal and a forward race across processes without both taking effect', async () => {
    for (let round = 0; round < 6; round++) {
      const loanId = await apply(round);
      const [forward, withdraw] = await Promise.all([
        mutate(round, 'loans.forward', { loanId }, 'agent'),
        mutate(round + 2, 'loans.withdraw', { loanId }, 'customer'),
      ]);
      const state = await loanState(loanId);
      // Either order is legal (NEW → PENDING → WITHDRAWN, or NEW → WITHDRAWN and the forward refused),
      // but every success is one history row and the version counts them.
      const successes = [forward, withdraw].filter((result) => result.status === 200).length;
      for (const result of [forward, withdraw]) expect([200, 409]).toContain(result.status);
      expect(successes).toBeGreaterThanOrEqual(1);
      expect(state.history).toHaveLength(1 + successes);
      expect(state.version).toBe(1 + successes);
      if (withdraw.status === 200) expect(state.status).toBe('WITHDRAWN');
      else expect(state.status).toBe('PENDING');
    }
  });
});
