#!/usr/bin/env node
/**
 * The one test command (`npm test` or `pnpm test`): on a fresh machine with only Node, npm and the
 * PostgreSQL this kind of machine runs, it first gets what the suites need, then runs them all.
 *
 * - pnpm (the pinned version, through npm: corepack's signature check fails on these machines),
 * - the workspace's dependencies, exactly as the lockfile pins them (`pnpm install --frozen-lockfile`),
 * - Chromium for the browser journeys: found at CHROMIUM_PATH or /usr/bin/chromium, else installed with
 *   apt-get when running as root on Debian, else a clear message and exit 1,
 * - PostgreSQL at TEST_DATABASE_URL (default 127.0.0.1:5432): started with pg_ctlcluster when it is down.
 *
 * Then: lint, typecheck and every package's tests (`pnpm test:all`). No step is skipped silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PNPM_VERSION = '12.4.2';

const log = (message) => console.log(`\n== ${message}`);
const fail = (message) => {
  console.error(`\n✖ ${message}`);
  process.exit(1);
};
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0)
    fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
};
const output = (command, args) => {
  try {
    return execFileSync(command, args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
};
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

log('pnpm');
if (output('pnpm', ['--version']) !== PNPM_VERSION) run('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`]);

log('dependencies');
// Quick when nothing changed; on a fresh clone it installs everything the lockfile pins.
run('pnpm', ['install', '--frozen-lockfile']);

log('Chromium (browser journeys)');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (!(isRoot && hasApt)) {
    fail(
      `Chromium is not at ${chromium}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
console.log(output(chromium, ['--version']) ?? chromium);

log('PostgreSQL');
const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const host = url.hostname;
const port = url.port || '5432';
const isReady = () => spawnSync('pg_isready', ['-h', host, '-p', port, '-q']).status === 0;
if (!isReady()) {
  const clusters = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (!clusters[0])
    fail(`PostgreSQL is not answering at ${host}:${port}; start it or set TEST_DATABASE_URL.`);
  run('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0], 'main', 'start']);
  for (let i = 0; i < 30 && !isReady(); i++) spawnSync('sleep', ['1']);
  if (!isReady()) fail(`PostgreSQL did not come up at ${host}:${port}`);
}
console.log(`ready at ${host}:${port}`);

log('lint, typecheck, tests');
run('pnpm', ['run', 'test:all'], { env: { ...process.env, TEST_DATABASE_URL: url.toString() } });
