import autocannon from 'autocannon';
import type { TServerProcess } from './processes';

/** What one request of a scenario is: the same generator drives Loanbook and the baseline. */
export interface TRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  token?: string;
  /**
   * Called with the answer to this request. autocannon builds requests ahead and drops the unsent ones
   * when a round ends, so a scenario that keeps state (a loan's version) updates it here, not when the
   * request is built.
   */
  onAnswer?: (status: number) => void;
}

export interface TRunResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Server CPU (user + system) per request, in milliseconds. */
  cpuMsPerRequest: number;
}

/** Drives one server for `seconds` with `connections` keep-alive connections, each request from `next()`. */
export async function runLoad(options: {
  server: TServerProcess;
  next: () => TRequestSpec;
  seconds: number;
  connections: number;
  overallRate?: number;
}): Promise<TRunResult> {
  const cpuBefore = options.server.cpuSeconds();
  const result = await autocannon({
    url: options.server.url,
    connections: options.connections,
    duration: options.seconds,
    // An overloaded embedded (PGlite) server answers in seconds; a slow answer is measured, not dropped.
    timeout: 30,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        setupRequest: (request, context) => {
          const spec = options.next();
          (context as { spec?: TRequestSpec }).spec = spec;
          return {
            ...request,
            method: spec.method,
            path: spec.path,
            headers: {
              'content-type': 'application/json',
              ...(spec.token ? { authorization: `Bearer ${spec.token}` } : {}),
            },
            ...(spec.body === undefined ? {} : { body: spec.body }),
          };
        },
        onResponse: (status, _body, context) => (context as { spec?: TRequestSpec }).spec?.onAnswer?.(status),
      },
    ],
  });
  const cpuSeconds = options.server.cpuSeconds() - cpuBefore;
  const requests = result.requests.total;
  return {
    requests,
    rps: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest: requests ? (cpuSeconds * 1000) / requests : 0,
  };
}

/** One-off request through fetch (checks before the load). */
export async function call(server: TServerProcess, spec: TRequestSpec) {
  const response = await fetch(`${server.url}${spec.path}`, {
    method: spec.method,
    headers: {
      'content-type': 'application/json',
      ...(spec.token ? { authorization: `Bearer ${spec.token}` } : {}),
    },
    ...(spec.body === undefined ? {} : { body: spec.body }),
  });
  spec.onAnswer?.(response.status);
  const json = (await response.json()) as { result?: { data: unknown }; error?: unknown };
  return { status: response.status, data: json.result?.data, error: json.error };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** A small deterministic PRNG (mulberry32), so two runs send the same requests. */
export function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
