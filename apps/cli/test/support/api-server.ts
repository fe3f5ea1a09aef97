import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';

const API_DIR = fileURLToPath(new URL('../../../../apps/api/', import.meta.url));

export const ADMIN = { username: 'cli-test-admin', password: 'cli-test-admin-password' };

export interface TApiServer {
  url: string;
  /** What the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Where the test may create databases (the API's tests use the same variable and default). */
const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function withDatabaseAdmin(sql: string) {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  try {
    await client.connect();
  } catch (error) {
    // Never skipped silently: `pnpm test` starts PostgreSQL (tooling/scripts/test.mjs).
    throw new Error(
      `PostgreSQL: cannot connect to ${ADMIN_DATABASE_URL} (set TEST_DATABASE_URL): ${String(error)}`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database; the server migrates it at start. */
async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `loanbook_cli_${process.pid}_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
  await withDatabaseAdmin(`create database ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withDatabaseAdmin(`drop database if exists ${name} with (force)`),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return true;
  return Promise.race([
    new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
    sleep(ms).then(() => false),
  ]);
}

/**
 * The real API (`apps/api/src/main.ts`) in a child process on a free loopback port, on a fresh PostgreSQL
 * database (a thousand postings go faster there than on the embedded PGlite), with the admin `ADMIN` and
 * the production throttle limits.
 */
export async function startApiServer(): Promise<TApiServer> {
  const [dataDir, database, port] = await Promise.all([
    mkdtemp(join(tmpdir(), 'loanbook-cli-api-')),
    createDatabase(),
    freePort(),
  ]);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    // Exactly this environment (plus PATH/HOME): nothing leaks in from the runner (DATABASE_URL, …).
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOANBOOK_DEMO: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      JWT_SECRET: crypto.randomUUID() + crypto.randomUUID(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!hasExited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
    await database.drop();
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (hasExited(child)) {
      await stop();
      throw new Error(`The API exited (code ${child.exitCode}) before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return { url, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`The API was not ready within 90 s:\n${output}`);
}
