import type { TDatabase } from '../../src/db/orm';
import { renderJson, restRequestFor, type THardenedServer, type TRawResponse, toNode } from './fuzz';

/** A loan as the API returned it after a successful change: the version and state that change made. */
export interface TLoanClaim {
  loanId: string;
  version: number;
  action: string;
  status: string;
  principal: string;
  termMonths: number;
}

interface TLoanRow {
  id: string;
  status: string;
  version: number;
  principal: string;
  term_months: number;
  product_code: string;
}

interface THistoryRow {
  entity_id: string;
  version: number;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }> | string;
}

const TERMINAL_ACTIONS = new Set(['APPROVED', 'REJECTED', 'WITHDRAWN']);

/**
 * The integrity of the loan book, read straight from the database; returns every violation found (none is
 * the goal):
 * - every loan's version equals its number of history rows, which are exactly versions 1..n;
 * - nothing happened to a loan after its decision (no history row after APPROVED/REJECTED/WITHDRAWN);
 * - replaying each loan's history (`from` must equal the previous `to`) ends in the stored row: no change
 *   slipped in without its history row, and no history row describes a change that was lost;
 * - every change the API reported as done (a claim) is in the history with its version and action, and no
 *   two successful changes claim the same version of a loan (the lost-update check).
 */
export async function loanBookViolations(
  db: TDatabase,
  claims: readonly TLoanClaim[] = [],
): Promise<string[]> {
  const connection = db.fork().getConnection();
  const loans = await connection.execute<TLoanRow[]>(
    'select id, status, version, principal::text as principal, term_months, product_code from loans order by id',
  );
  const history = await connection.execute<THistoryRow[]>(
    "select entity_id, version, action, changes from history_entries where entity_type = 'loan' order by entity_id, version",
  );
  const violations: string[] = [];
  const byLoan = new Map<string, THistoryRow[]>();
  for (const row of history) byLoan.set(row.entity_id, [...(byLoan.get(row.entity_id) ?? []), row]);

  for (const loan of loans) {
    const rows = byLoan.get(loan.id) ?? [];
    byLoan.delete(loan.id);
    const versions = rows.map((row) => Number(row.version));
    if (Number(loan.version) !== rows.length || versions.some((version, index) => version !== index + 1)) {
      violations.push(
        `loan ${loan.id}: version ${loan.version} but history versions [${versions.join(', ')}]`,
      );
    }
    const terminal = rows.findIndex((row) => TERMINAL_ACTIONS.has(row.action));
    if (terminal !== -1 && terminal !== rows.length - 1) {
      violations.push(
        `loan ${loan.id}: changed after ${rows[terminal]?.action} (${rows
          .slice(terminal + 1)
          .map((row) => row.action)
          .join(', ')})`,
      );
    }
    const state: Record<string, unknown> = {};
    for (const row of rows) {
      const changes = typeof row.changes === 'string' ? JSON.parse(row.changes) : row.changes;
      for (const [field, { from, to }] of Object.entries(
        changes as Record<string, { from: unknown; to: unknown }>,
      )) {
        const previous = state[field] ?? null;
        if (String(previous) !== String(from ?? null)) {
          violations.push(
            `loan ${loan.id} v${row.version}: ${field} from ${String(from)} but it was ${String(previous)}`,
          );
        }
        state[field] = to;
      }
    }
    const stored: Record<string, unknown> = {
      status: loan.status,
      principal: loan.principal,
      termMonths: Number(loan.term_months),
      productCode: loan.product_code,
    };
    for (const [field, value] of Object.entries(stored)) {
      if (rows.length && String(state[field]) !== String(value)) {
        violations.push(
          `loan ${loan.id}: ${field} is ${String(value)} but its history says ${String(state[field])}`,
        );
      }
    }
  }
  for (const orphan of byLoan.keys()) violations.push(`history for a loan that does not exist: ${orphan}`);

  const seen = new Map<string, TLoanClaim>();
  const historyAt = new Map(history.map((row) => [`${row.entity_id}@${row.version}`, row]));
  const latest = new Map<string, TLoanClaim>();
  for (const claim of claims) {
    const key = `${claim.loanId}@${claim.version}`;
    const twin = seen.get(key);
    if (twin) violations.push(`lost update: ${twin.action} and ${claim.action} both succeeded as ${key}`);
    seen.set(key, claim);
    const row = historyAt.get(key);
    if (!row) violations.push(`reported ${claim.action} ${key} has no history row`);
    else if (row.action !== claim.action)
      violations.push(`reported ${claim.action} ${key} is ${row.action} in history`);
    const newest = latest.get(claim.loanId);
    if (!newest || newest.version < claim.version) latest.set(claim.loanId, claim);
  }
  const loanById = new Map(loans.map((loan) => [loan.id, loan]));
  for (const claim of latest.values()) {
    const loan = loanById.get(claim.loanId);
    if (!loan) {
      violations.push(`reported loan ${claim.loanId} does not exist`);
      continue;
    }
    // A later change that nobody reported (it would have to be lost or invented) shows up here.
    if (
      Number(loan.version) === claim.version &&
      (loan.status !== claim.status || loan.principal !== claim.principal)
    ) {
      violations.push(
        `loan ${claim.loanId} v${claim.version}: stored ${loan.status}/${loan.principal}, reported ${claim.status}/${claim.principal}`,
      );
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------
// Load: concurrent clients through the loan lifecycle, over tRPC and REST.
// ---------------------------------------------------------------------------------------------------------

export type TTransport = 'trpc' | 'rest';

/** Calls a procedure over HTTP: `data` is the result on success (either transport). */
export async function callOver(
  server: THardenedServer,
  transport: TTransport,
  restRoutes: Record<string, { method: string; path: string }>,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  token: string,
): Promise<{ response: TRawResponse; data: unknown }> {
  const route = restRoutes[path];
  let response: TRawResponse;
  if (transport === 'rest') {
    if (!route) throw new Error(`no REST route for ${path}`);
    const request = restRequestFor(route, { kind: 'json', node: toNode(input) });
    response = await server.request(`/api/v1${request.url}`, {
      token,
      method: request.method,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    return { response, data: response.status < 300 ? response.json : undefined };
  }
  response =
    kind === 'query'
      ? await server.request(`/trpc/${path}?input=${encodeURIComponent(renderJson(toNode(input)))}`, {
          token,
        })
      : await server.request(`/trpc/${path}`, { token, method: 'POST', body: input });
  const data = (response.json as { result?: { data?: unknown } } | undefined)?.result?.data;
  return { response, data };
}

export interface TLoadFigures {
  operations: number;
  /** `op status` → count, e.g. `loans.update 409`. */
  outcomes: Record<string, number>;
  serverErrors: number;
  networkErrors: number;
  claims: TLoanClaim[];
  latenciesMs: number[];
}

interface TLoan {
  id: string;
  version: number;
  status: string;
  principal: string;
  termMonths: number;
}

const ACTION_OF: Record<string, string> = {
  'loans.create': 'CREATED',
  'loans.openForCustomer': 'CREATED',
  'loans.update': 'UPDATED',
  'loans.forward': 'FORWARDED',
  'loans.approve': 'APPROVED',
  'loans.reject': 'REJECTED',
  'loans.withdraw': 'WITHDRAWN',
};

/**
 * N concurrent clients (customers, agents, an admin) for `durationMs`, each doing random lifecycle
 * operations on a shared, small pool of loans (so they collide): apply, edit with the version they last
 * saw, forward, approve/reject, withdraw, list and get. Every successful change is recorded as a claim
 * for `loanBookViolations`.
 */
export async function runLoad(
  server: THardenedServer,
  options: {
    clients: number;
    durationMs: number;
    /** Keep going past `durationMs` until this many operations ran (a slow, shared CI machine), … */
    minOperations?: number;
    /** … but never longer than this. */
    maxDurationMs?: number;
    restRoutes: Record<string, { method: string; path: string }>;
    /** Stop early (e.g. a fault test's own schedule). */
    stop?: () => boolean;
    random?: () => number;
  },
): Promise<TLoadFigures> {
  const random = options.random ?? Math.random;
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const customers = await Promise.all(
    Array.from({ length: Math.max(2, Math.ceil(options.clients / 3)) }, () =>
      server.account('customer', 'ACTIVE'),
    ),
  );
  const agents = await Promise.all(
    Array.from({ length: Math.max(2, Math.ceil(options.clients / 3)) }, () =>
      server.account('agent', 'APPROVED'),
    ),
  );
  const admin = await server.account('admin', 'ACTIVE');
  const figures: TLoadFigures = {
    operations: 0,
    outcomes: {},
    serverErrors: 0,
    networkErrors: 0,
    claims: [],
    latenciesMs: [],
  };
  /** What clients last saw of each loan (possibly stale, as in real life). */
  const pool = new Map<string, TLoan & { customerToken: string }>();
  const transports: TTransport[] = ['trpc', 'rest'];
  const started = Date.now();
  const deadline = started + options.durationMs;
  const hardDeadline = started + Math.max(options.durationMs, options.maxDurationMs ?? options.durationMs);
  const goOn = () =>
    !options.stop?.() &&
    Date.now() < hardDeadline &&
    (Date.now() < deadline || figures.operations < (options.minOperations ?? 0));

  async function run(
    path: string,
    kind: 'query' | 'mutation',
    input: unknown,
    token: string,
    customerToken?: string,
  ) {
    const transport = pick(transports) ?? 'trpc';
    let result: Awaited<ReturnType<typeof callOver>>;
    try {
      result = await callOver(server, transport, options.restRoutes, kind, path, input, token);
    } catch {
      figures.networkErrors += 1;
      return;
    }
    const { response, data } = result;
    figures.operations += 1;
    figures.latenciesMs.push(response.ms);
    const outcome = `${path} ${response.status}`;
    figures.outcomes[outcome] = (figures.outcomes[outcome] ?? 0) + 1;
    if (response.status >= 500) figures.serverErrors += 1;
    const action = ACTION_OF[path];
    if (action && response.status < 300 && data && typeof data === 'object') {
      const loan = data as TLoan;
      figures.claims.push({
        loanId: loan.id,
        version: loan.version,
        action,
        status: loan.status,
        principal: loan.principal,
        termMonths: loan.termMonths,
      });
      const known = pool.get(loan.id);
      if (!known || known.version < loan.version) {
        pool.set(loan.id, { ...loan, customerToken: customerToken ?? known?.customerToken ?? '' });
      }
    }
  }

  const loansIn = (...statuses: string[]) =>
    [...pool.values()].filter((loan) => statuses.includes(loan.status));

  async function step(client: number) {
    const roll = random();
    const role = client % 4 === 0 ? 'admin' : client % 4 === 1 ? 'agent' : 'customer';
    const terms = {
      productCode: pick(['HOME', 'CAR', 'PERSONAL']) ?? 'HOME',
      amount: `${10_000 + Math.floor(random() * 40_000)}.${Math.floor(random() * 90 + 10)}`,
      termMonths: 12 + Math.floor(random() * 48),
    };
    if (role === 'customer') {
      const customer = pick(customers);
      if (!customer) return;
      if (roll < 0.35 || pool.size < 6) {
        return run('loans.create', 'mutation', terms, customer.token, customer.token);
      }
      const own = [...pool.values()].filter((loan) => loan.customerToken === customer.token);
      const loan = pick(own);
      if (roll < 0.5 && loan) return run('loans.withdraw', 'mutation', { loanId: loan.id }, customer.token);
      if (roll < 0.75 && loan) return run('loans.get', 'query', { loanId: loan.id }, customer.token);
      return run('loans.list', 'query', { limit: 20 }, customer.token);
    }
    if (role === 'agent') {
      const agent = pick(agents);
      if (!agent) return;
      const loan = pick(loansIn('NEW', 'PENDING')) ?? pick([...pool.values()]);
      if (roll < 0.45 && loan) {
        return run(
          'loans.update',
          'mutation',
          {
            loanId: loan.id,
            expectedVersion: loan.version,
            amount: terms.amount,
            termMonths: terms.termMonths,
          },
          agent.token,
        );
      }
      if (roll < 0.75 && loan) return run('loans.forward', 'mutation', { loanId: loan.id }, agent.token);
      if (roll < 0.85)
        return run(
          'loans.openForCustomer',
          'mutation',
          { ...terms, customerId: pick(customers)?.id },
          agent.token,
        );
      return run('loans.list', 'query', { limit: 20, status: ['NEW', 'PENDING'] }, agent.token);
    }
    const loan = pick(loansIn('PENDING')) ?? pick([...pool.values()]);
    if (roll < 0.4 && loan) return run('loans.approve', 'mutation', { loanId: loan.id }, admin.token);
    if (roll < 0.6 && loan)
      return run('loans.reject', 'mutation', { loanId: loan.id, reason: 'Load test' }, admin.token);
    if (roll < 0.8 && loan) return run('loans.history', 'query', { loanId: loan.id }, admin.token);
    return run('loans.list', 'query', { limit: 50, sort: 'asc' }, admin.token);
  }

  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      while (goOn()) await step(client);
    }),
  );
  return figures;
}

/** p-th percentile of latencies (ms), for the soak report. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
