#!/usr/bin/env node
/**
 * How long `pnpm start` takes to answer /healthz (docs/performance.md, "second start"): runs the command
 * on a fresh DATA_DIR (embedded PGlite, a free port), polls /healthz every 25 ms, prints the time, stops
 * the process group. `node tooling/scripts/measure-start.mjs [runs]` (default 2: the first may build,
 * the second must not). Prints the peak RSS of the process group too (sampled every 250 ms).
 * Options: `--same-data` (one DATA_DIR for all runs, as a user's second start), `--processes` (the RSS
 * of each process of the group a second after /healthz answered), `--session` (then a browsing session
 * of the demo book — every demo user signs in, pages through and opens loans, quotes, applies, forwards,
 * approves, reads the portfolio; ≈ 400 requests — and the group's RSS after it). Other variables pass
 * through (e.g. LOANBOOK_DEMO=0). `--json` prints each run as one JSON line instead (for `pnpm bench`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 2);
const sameData = process.argv.includes('--same-data');
const verbose = process.argv.includes('--processes');
const withSession = process.argv.includes('--session');
const asJson = process.argv.includes('--json');
const ADMIN = { username: 'admin', password: 'measure-start-admin-password' };
const DEMO_PASSWORD = 'loanbook-demo';
const DEMO_CUSTOMERS = [1, 2, 3, 4].map((n) => `demo.customer${n}`);
const DEMO_AGENTS = [1, 2].map((n) => `demo.agent${n}`);

/** One tRPC call over HTTP; throws on an error answer. */
async function trpc(base, kind, path, input, token) {
  const headers = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const query =
    kind === 'query' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const response = await fetch(`${base}/trpc/${path}${query}`, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers,
    body: kind === 'mutation' ? JSON.stringify(input) : undefined,
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body.result.data;
}

/** What a few people do in the web app in a first session with the demo book; returns the request count. */
async function session(base) {
  let requests = 0;
  const call = (...args) => {
    requests++;
    return trpc(base, ...args);
  };
  const signIn = async (username, password) =>
    (await call('mutation', 'auth.login', { username, password })).token;
  const admin = await signIn(ADMIN.username, ADMIN.password);
  const customers = await Promise.all(DEMO_CUSTOMERS.map((name) => signIn(name, DEMO_PASSWORD)));
  const agents = await Promise.all(DEMO_AGENTS.map((name) => signIn(name, DEMO_PASSWORD)));
  const browse = async (token) => {
    await call('query', 'auth.me', undefined, token);
    let cursor;
    for (let page = 0; page < 3; page++) {
      const list = await call('query', 'loans.list', { limit: 10, ...(cursor ? { cursor } : {}) }, token);
      for (const loan of list.items) {
        await call('query', 'loans.get', { loanId: loan.id }, token);
        await call('query', 'loans.history', { loanId: loan.id }, token);
      }
      cursor = list.nextCursor;
      if (!cursor) break;
    }
  };
  for (let round = 0; round < 2; round++) {
    for (const token of [admin, ...agents, ...customers]) await browse(token);
  }
  const opened = [];
  for (const [i, token] of customers.entries()) {
    for (const [productCode, amount, termMonths] of [
      ['PERSONAL', 5000 + i * 1000, 24],
      ['CAR', 15000, 48],
      ['HOME', 250000, 360],
    ]) {
      await call('query', 'loans.quote', { productCode, amount, termMonths });
      opened.push(await call('mutation', 'loans.create', { productCode, amount, termMonths }, token));
    }
  }
  for (const [i, loan] of opened.entries()) {
    const agent = agents[i % agents.length];
    await call('mutation', 'loans.forward', { loanId: loan.id }, agent);
    if (i % 2 === 0) await call('mutation', 'loans.approve', { loanId: loan.id }, admin);
  }
  for (let i = 0; i < 3; i++) await call('query', 'portfolio.summary', {}, admin);
  for (const token of [admin, ...agents]) await browse(token);
  return requests;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Every process in the group `pgid` with its command line and RSS (bytes), from /proc. */
function groupProcesses(pgid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), command, rss: match ? Number(match[1]) * 1024 : 0 });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
const groupRss = (pgid) => groupProcesses(pgid).reduce((sum, { rss }) => sum + rss, 0);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const sharedDataDir = sameData ? mkdtempSync(join(tmpdir(), 'loanbook-start-')) : null;
for (let run = 1; run <= runs; run++) {
  const dataDir = sharedDataDir ?? mkdtempSync(join(tmpdir(), 'loanbook-start-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn('pnpm', ['start'], {
    cwd: root,
    detached: true, // its own process group: stopped as a whole below
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, groupRss(child.pid));
  }, 250);
  let healthyAfter = null;
  const deadline = started + 180_000;
  while (performance.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) {
        healthyAfter = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  let sessionNote = '';
  let requests = 0;
  if (withSession && healthyAfter !== null) {
    const sessionStarted = performance.now();
    requests = await session(`http://127.0.0.1:${port}`);
    sessionNote = `; session of ${requests} requests in ${((performance.now() - sessionStarted) / 1000).toFixed(1)} s`;
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  peak = Math.max(peak, groupRss(child.pid));
  const settled = groupRss(child.pid);
  clearInterval(sampler);
  const processes = groupProcesses(child.pid);
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
  if (!sharedDataDir) rmSync(dataDir, { recursive: true, force: true });
  if (healthyAfter === null) {
    console.log(`run ${run}: no /healthz answer\n${output}`);
    process.exitCode = 1;
  } else if (asJson) {
    const figures = {
      run,
      healthzSeconds: healthyAfter / 1000,
      requests,
      rssBytes: settled,
      peakRssBytes: peak,
    };
    console.log(JSON.stringify(figures));
  } else {
    const seconds = (healthyAfter / 1000).toFixed(2);
    console.log(
      `run ${run}: /healthz after ${seconds} s${sessionNote}; process group RSS ${mb(settled)} (peak ${mb(peak)})`,
    );
    if (verbose)
      for (const p of processes) console.log(`  ${mb(p.rss).padStart(7)}  ${p.command.slice(0, 110)}`);
  }
}
if (sharedDataDir) rmSync(sharedDataDir, { recursive: true, force: true });
