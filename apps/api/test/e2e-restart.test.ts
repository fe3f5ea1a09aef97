import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TTestDatabase, testDatabaseKind } from './support/db';
import { callTrpc, spawnServer, type TServerProcess, waitForExit, waitUntilReady } from './support/process';

/**
 * The real server as an operator runs it: a child process on an empty data directory (pglite project) or a
 * fresh PostgreSQL database (postgres project), stopped with SIGTERM and started again on the same data.
 */
const isPostgres = testDatabaseKind() === 'postgres';
const started: TServerProcess[] = [];
const tempDirs: string[] = [];
const databases: TTestDatabase[] = [];

afterAll(async () => {
  for (const server of started) server.kill();
  await Promise.all(started.map((server) => server.exited));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  await Promise.all(databases.map((db) => db.destroy()));
});

/** The environment of one deployment: an empty data dir, plus a fresh database and a secret on PostgreSQL. */
async function freshDeployment(): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loanbook-e2e-'));
  tempDirs.push(dataDir);
  expect(readdirSync(dataDir)).toEqual([]);
  if (!isPostgres) return { DATA_DIR: dataDir };
  const db = await createTestDatabase();
  databases.push(db);
  if (!db.url) throw new Error('the postgres tier has no database URL');
  return { DATA_DIR: dataDir, DATABASE_URL: db.url, JWT_SECRET: randomBytes(48).toString('base64url') };
}

async function start(env: Record<string, string>): Promise<TServerProcess> {
  const server = await spawnServer(env);
  started.push(server);
  return server;
}

const DEMO_ADMIN_LINE = /Demo admin created\. Sign in as "([^"]+)" with password "([^"]+)"/g;

const login = (server: TServerProcess, username: string, password: string) =>
  callTrpc(server.baseUrl, 'mutation', 'auth.login', { username, password });

const tokenOf = (result: { data: unknown }): string => {
  const data = result.data as { token?: unknown } | undefined;
  if (typeof data?.token !== 'string') throw new Error(`no token in ${JSON.stringify(result)}`);
  return data.token;
};

describe(`server process on ${isPostgres ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  it('bootstraps a demo admin once, keeps accounts and sessions across a SIGTERM restart', async () => {
    const env: Record<string, string> = { ...(await freshDeployment()), NODE_ENV: 'development' };
    const customer = {
      username: 'Restart.Customer',
      password: 'a restart-proof passphrase',
      email: 'rc@example.com',
    };

    // First start on empty data: migrates, creates the demo admin and prints its credentials once.
    const first = await start(env);
    await waitUntilReady(first);
    const demoLines = [...first.stdout().matchAll(DEMO_ADMIN_LINE)];
    expect(demoLines).toHaveLength(1);
    const [, adminUsername = '', adminPassword = ''] = demoLines[0] ?? [];
    expect(adminPassword.length).toBeGreaterThanOrEqual(12);
    const adminLogin = await login(first, adminUsername, adminPassword);
    expect(adminLogin.status).toBe(200);
    expect(adminLogin.data).toMatchObject({ user: { username: adminUsername, role: 'admin' } });

    const registered = await callTrpc(first.baseUrl, 'mutation', 'auth.registerCustomer', customer);
    expect(registered.status).toBe(200);
    const firstLogin = await login(first, 'restart.customer', customer.password);
    expect(firstLogin.status).toBe(200);
    const firstToken = tokenOf(firstLogin);

    const firstExit = await first.stop();
    expect(firstExit).toEqual({ code: 0, signal: null });

    if (!isPostgres) {
      const dataDir = env.DATA_DIR ?? '';
      const secretFile = join(dataDir, 'jwt-secret');
      expect(existsSync(secretFile)).toBe(true);
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      const secret = (await readFile(secretFile, 'utf8')).trim();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(first.stdout() + first.stderr()).not.toContain(secret);
      expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    }

    // Second start on the same data: nothing is bootstrapped again, everything written before is there.
    const second = await start(env);
    await waitUntilReady(second);
    expect(second.stdout()).not.toMatch(/Demo admin/);
    expect(second.stdout()).not.toContain(adminPassword);
    expect(second.stdout()).toMatch(/Loanbook is running at/);

    const secondLogin = await login(second, customer.username, customer.password);
    expect(secondLogin.status).toBe(200);
    expect(secondLogin.data).toMatchObject({ user: { username: customer.username, role: 'customer' } });
    // The signing secret survived the restart, so a session from before it still works.
    const me = await callTrpc(second.baseUrl, 'query', 'auth.me', undefined, firstToken);
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ username: customer.username });

    const adminAgain = await login(second, adminUsername, adminPassword);
    expect(adminAgain.status).toBe(200);
    const admins = await callTrpc(
      second.baseUrl,
      'query',
      'users.list',
      { role: 'admin' },
      tokenOf(adminAgain),
    );
    expect(admins.status).toBe(200);
    expect((admins.data as { items: { username: string }[] }).items.map((u) => u.username)).toEqual([
      adminUsername,
    ]);

    expect(await second.stop()).toEqual({ code: 0, signal: null });

    // No log line of either run carries the customer's password or any password hash.
    for (const output of [first.stdout(), first.stderr(), second.stdout(), second.stderr()]) {
      expect(output).not.toContain(customer.password);
      expect(output).not.toContain('$argon2');
    }
  }, 360_000);

  it('refuses to start in production without an admin, and bootstraps the admin that ADMIN_USERNAME/ADMIN_PASSWORD name', async () => {
    const env = { ...(await freshDeployment()), NODE_ENV: 'production' };

    const refused = await start(env);
    const exit = await waitForExit(refused);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(refused.stderr()).toContain('ADMIN_USERNAME');
    expect(refused.stderr()).toContain('ADMIN_PASSWORD');
    expect(refused.stdout()).not.toMatch(/Demo admin/);

    const adminPassword = 'an operator chosen passphrase';
    const configured = await start({ ...env, ADMIN_USERNAME: 'operator', ADMIN_PASSWORD: adminPassword });
    await waitUntilReady(configured);
    expect(configured.stdout()).toContain('Admin "operator" created from ADMIN_USERNAME/ADMIN_PASSWORD');
    expect(configured.stdout()).not.toMatch(/Demo admin/);
    expect(configured.stdout() + configured.stderr()).not.toContain(adminPassword);

    const ok = await login(configured, 'operator', adminPassword);
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ user: { username: 'operator', role: 'admin', status: 'ACTIVE' } });
    const wrong = await login(configured, 'operator', 'not the operator password');
    expect(wrong.status).toBe(401);

    expect(await configured.stop()).toEqual({ code: 0, signal: null });
  }, 360_000);
});
