import { cpus, totalmem } from 'node:os';

/** Everything the benchmark can be told, from the environment (all optional; defaults = the full run). */
export interface TBenchConfig {
  /** Loans in the PostgreSQL data set (the scale: 1,000,000). */
  loans: number;
  customers: number;
  agents: number;
  /** Loans in the PGlite data set (embedded mode; `0` skips the PGlite measurement). */
  pgliteLoans: number;
  /** Server database (dropped and re-created unless `reuse`). */
  databaseUrl: string;
  /** Keep an already seeded bench database of the same size (skips seeding). */
  reuse: boolean;
  /** Seconds per measured round, measured rounds per side (A/B interleaved), warm-up seconds. */
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  /** Login rate of the storm scenario (logins per second). */
  loginRate: number;
  /** Steady rate (list pages per second) at which the list's latency is measured; 0 skips it. */
  latencyRate: number;
  /** Which scenarios to run (comma-separated names; default all). */
  only: string[] | null;
  /** (BENCH_NODE_OPTIONS, read in run.ts: NODE_OPTIONS for the Loanbook server, e.g. a heap limit.) */
  /** Write V8 CPU profiles of the Loanbook server (`node --cpu-prof`) into this directory. */
  profileDir: string | null;
}

const int = (name: string, fallback: number) => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${text}"`);
  return value;
};

export function readBenchConfig(): TBenchConfig {
  const loans = int('BENCH_LOANS', 1_000_000);
  return {
    loans,
    // The shape: 100,000 customers and 200 agents for a million loans, scaled down with smaller runs.
    customers: int('BENCH_CUSTOMERS', Math.max(100, Math.round(loans / 10))),
    agents: int('BENCH_AGENTS', 200),
    pgliteLoans: int('BENCH_PGLITE_LOANS', Math.min(loans, 100_000)),
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/loanbook_bench',
    reuse: process.env.BENCH_REUSE === '1',
    duration: int('BENCH_DURATION', 10),
    rounds: int('BENCH_ROUNDS', 3),
    warmup: int('BENCH_WARMUP', 3),
    connections: int('BENCH_CONNECTIONS', 32),
    loginRate: int('BENCH_LOGIN_RATE', 20),
    latencyRate: int('BENCH_LATENCY_RATE', 20),
    only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : null,
    profileDir: process.env.BENCH_PROFILE_DIR ?? null,
  };
}

export const describeMachine = () => {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
};
