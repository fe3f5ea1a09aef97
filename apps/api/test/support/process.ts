import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** A port that was free a moment ago (listen on 0, read it, close): the server under test binds it next. */
export function findFreePort(): Promise<number> {
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

export interface TExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TServerProcess {
  baseUrl: string;
  /** Everything the process wrote to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<TExit>;
  /** SIGTERM, then the exit within `timeoutMs` (SIGKILL and a failure after that). */
  stop(timeoutMs?: number): Promise<TExit>;
  /** SIGKILL if still running; for cleanup in `afterAll`/`finally`. */
  kill(): void;
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * The real server (`node --import tsx src/main.ts` in apps/api) with exactly the given environment plus
 * PATH/HOME: nothing leaks in from the test runner (TEST_DB, DATABASE_URL, …).
 */
export async function spawnServer(env: Record<string, string>): Promise<TServerProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<TExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  const kill = () => {
    if (isRunning(child)) child.kill('SIGKILL');
  };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill,
    async stop(timeoutMs = 15_000) {
      if (isRunning(child)) child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
      const result = await Promise.race([exited, timeout]);
      if (result === 'timeout') {
        kill();
        throw new Error(`server did not exit within ${timeoutMs} ms of SIGTERM\n${stderr}`);
      }
      return result;
    },
  };
}

/** Bounded wait until the process exits (for servers that are expected to refuse to start). */
export async function waitForExit(server: TServerProcess, timeoutMs = 150_000): Promise<TExit> {
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  const result = await Promise.race([server.exited, timeout]);
  if (result === 'timeout') {
    server.kill();
    throw new Error(`server still running after ${timeoutMs} ms\nstdout:\n${server.stdout()}`);
  }
  return result;
}

/** Polls /healthz and /readyz until both answer 200; fails early if the process exits, or after `timeoutMs`. */
export async function waitUntilReady(server: TServerProcess, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void server.exited.then(() => {
    hasExited = true;
  });
  const isOk = async (path: string) => {
    try {
      const response = await fetch(`${server.baseUrl}${path}`, { signal: AbortSignal.timeout(2_000) });
      return response.status === 200;
    } catch {
      return false;
    }
  };
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new Error(
        `server exited before it was ready\nstdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`,
      );
    }
    if ((await isOk('/healthz')) && (await isOk('/readyz'))) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `server not ready within ${timeoutMs} ms\nstdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`,
  );
}

export interface TTrpcResult {
  status: number;
  data: unknown;
  error: { message: string; data: { code: string; httpStatus: number } } | null;
  /** The raw response body, for scanning what went over the wire. */
  body: string;
}

/** One tRPC call over HTTP (`kind` picks POST for mutations, GET for queries). */
export async function callTrpc(
  baseUrl: string,
  kind: 'query' | 'mutation',
  path: string,
  input?: unknown,
  token?: string,
): Promise<TTrpcResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const qs =
    kind === 'query' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const response = await fetch(`${baseUrl}/trpc/${path}${qs}`, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers,
    body: kind === 'mutation' ? JSON.stringify(input) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  const parsed = JSON.parse(body) as { result?: { data: unknown }; error?: TTrpcResult['error'] };
  return { status: response.status, data: parsed.result?.data, error: parsed.error ?? null, body };
}
