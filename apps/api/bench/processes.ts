import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const API_DIR = fileURLToPath(new URL('..', import.meta.url));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface TServerProcess {
  name: string;
  url: string;
  pid: number;
  /** When the process was spawned (ms since epoch): a CPU profile's clock starts about then. */
  startedAt: number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  rssBytes(): number;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

function procStat(pid: number) {
  // Fields after the command name (which may contain spaces) start at state: utime is field 14, stime 15.
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { utime: Number(fields[11]), stime: Number(fields[12]) };
}

function procRss(pid: number) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${url} did not become healthy:\n${output()}`);
}

/**
 * Starts a Node.js server process and waits for `/healthz`: a `.js` script (the compiled server,
 * `dist/main.js`, as production runs it) with plain node, a `.ts` one (the baseline) through tsx.
 */
export async function startServer(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  port: number;
  nodeArgs?: string[];
}): Promise<TServerProcess> {
  const startedAt = Date.now();
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, options.script], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.name}`);
  const url = `http://127.0.0.1:${options.port}`;
  await waitHealthy(url, child, () => log);
  return {
    name: options.name,
    url,
    pid,
    startedAt,
    cpuSeconds: () => {
      const { utime, stime } = procStat(pid);
      return (utime + stime) / TICKS_PER_SECOND;
    },
    rssBytes: () => procRss(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Samples a process's RSS while load runs; `peak` is the highest sample. */
export function rssSampler(server: TServerProcess, everyMs = 250) {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, server.rssBytes());
    } catch {
      // the process is gone; keep the last peak
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/**
 * The Node flags production starts the server with (the heap limits of `pnpm start` and the image), read
 * from the API package's `start` script so the bench measures the server as it runs.
 */
export function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(API_DIR, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const start = scripts.start?.match(/^node ((?:--\S+ )*)dist\/main\.js$/);
  if (!start)
    throw new Error(`apps/api's start script is not "node [--flags] dist/main.js": ${scripts.start}`);
  return start[1]?.split(' ').filter(Boolean) ?? [];
}
