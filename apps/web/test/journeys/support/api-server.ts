import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('../../../../api/', import.meta.url));
/** The built app the API serves: `apps/web/dist`, or `JOURNEY_WEB_DIST` (a build of one's own). */
const WEB_DIST_DIR =
  process.env.JOURNEY_WEB_DIST ?? fileURLToPath(new URL('../../../dist/', import.meta.url));

export const ADMIN = { username: 'journey-admin', password: 'journey-admin-password-1' };

export interface TApiServer {
  baseUrl: string;
  /** The server's output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return Promise.race([
    new Promise<boolean>((resolveExit) => child.once('exit', () => resolveExit(true))),
    sleep(ms).then(() => false),
  ]);
}

/**
 * The real API (apps/api/src/main.ts) in a child process, on a free loopback port, with a fresh embedded
 * database (PGlite in a temporary DATA_DIR) and the built web app: exactly what `pnpm start` runs.
 */
export async function startApiServer({
  readyTimeoutMs = 60_000,
  dataDir: given,
  env: extraEnv = {},
}: {
  readyTimeoutMs?: number;
  /** A DATA_DIR prepared beforehand (e.g. a seeded database); removed by `stop()` like a fresh one. */
  dataDir?: string;
  /** More settings for the server (e.g. `LOANBOOK_DEMO: '1'` for the demo book, scripts/lighthouse.ts). */
  env?: NodeJS.ProcessEnv;
} = {}): Promise<TApiServer> {
  const dataDir = given ?? (await mkdtemp(join(tmpdir(), 'loanbook-journey-')));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    WEB_DIST_DIR,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  // Always the embedded database, whatever the surrounding environment points at.
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The API exited with code ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return { baseUrl, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`The API was not ready within ${readyTimeoutMs} ms:\n${output}`);
}
