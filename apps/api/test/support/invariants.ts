import { ledgerInputOfListed, replayLedger, type TTransactionType } from '@loanbook/domain/servicing';
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
  disbursed_on: string | null;
  closed_on: string | null;
  principal_outstanding: string | null;
  next_due_on: string | null;
  next_due_amount: string | null;
  total_paid: string | null;
}

interface THistoryRow {
  entity_id: string;
  version: number;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }> | string;
}

/** Nothing may follow these; after APPROVED only the servicing postings may (docs/servicing.md). */
const TERMINAL_ACTIONS = new Set(['REJECTED', 'WITHDRAWN', 'WRITTEN_OFF']);
const SERVICING_ACTIONS = new Set(['DISBURSED', 'REPAID', 'PREPAID', 'PAID_OFF', 'REVERSED', 'WRITTEN_OFF']);

/**
 * The integrity of the loan book, read straight from the database; returns every violation found (none is
 * the goal):
 * - every loan's version equals its number of history rows, which are exactly versions 1..n;
 * - nothing happened to a loan after REJECTED/WITHDRAWN/WRITTEN_OFF, and after APPROVED only servicing
 *   postings (DISBURSED, REPAID, PREPAID, PAID_OFF, REVERSED, WRITTEN_OFF);
 * - replaying each loan's history (`from` must equal the previous `to`) ends in the stored row, servicing
 *   columns included: no change slipped in without its history row, and no history row describes a
 *   change that was lost;
 * - every change the API reported as done (a claim) is in the history with its version and action, and no
 *   two successful changes claim the same version of a loan (the lost-update check).
 */
export async function loanBookViolations(
  db: TDatabase,
  claims: readonly TLoanClaim[] = [],
): Promise<string[]> {
  const connection = db.fork().getConnection();
  const loans = await connection.execute<TLoanRow[]>(
    `select id, status, version, principal::text as principal, term_months, product_code,
            to_char(disbursed_on, 'YYYY-MM-DD') as disbursed_on, to_char(closed_on, 'YYYY-MM-DD') as closed_on,
            principal_outstanding::text as principal_outstanding, to_char(next_due_on, 'YYYY-MM-DD') as next_due_on,
            next_due_amount::text as next_due_amount, total_paid::text as total_paid
       from loans order by id`,
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
    const approved = rows.findIndex((row) => row.action === 'APPROVED');
    const afterApproval = approved === -1 ? [] : rows.slice(approved + 1);
    if (afterApproval.some((row) => !SERVICING_ACTIONS.has(row.action))) {
      violations.push(
        `loan ${loan.id}: changed after APPROVED other than by a posting (${afterApproval.map((row) => row.action).join(', ')})`,
      );
    }
    // A column the ORM leaves to its default is in no creation row: its replay starts from that default.
    const state: Record<string, unknown> = { totalPaid: '0.00' };
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
      disbursedOn: loan.disbursed_on,
      closedOn: loan.closed_on,
      principalOutstanding: loan.principal_outstanding,
      nextDueOn: loan.next_due_on,
      nextDueAmount: loan.next_due_amount,
      totalPaid: loan.total_paid,
    };
    for (const [field, value] of Object.entries(stored)) {
      if (rows.length && String(state[field] ?? null) !== String(value ?? null)) {
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
// Load: concurrent clients through the loan lifecycle and the servicing postings, over tRPC and REST.
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

/** A money posting the API acknowledged (2xx with its transaction). */
export interface TPostingAck {
  loanId: string;
  transactionId: string;
  type: string;
  /** The client's idempotency key; null for reversals and write-offs, whose keys the server derives. */
  key: string | null;
  /** `first` send, a deliberate `retry` of an acknowledged request, the `twin` of a concurrent double
   * send, or a retry `after-fault` of a request whose answer was lost. */
  via: 'first' | 'retry' | 'twin' | 'after-fault';
}

/** A posting sent as it was sent (to retry it with the same key and the same request). */
export interface TSentPosting {
  path: string;
  input: Record<string, unknown> & { loanId: string; idempotencyKey?: string };
  token: string;
}

/** A posting whose outcome the client does not know (5xx or no answer): it may or may not have committed. */
export interface TPostingInDoubt extends TSentPosting {
  status: number;
}

export interface TLoadFigures {
  operations: number;
  /** `op status` → count, e.g. `loans.update 409`. */
  outcomes: Record<string, number>;
  serverErrors: number;
  networkErrors: number;
  claims: TLoanClaim[];
  latenciesMs: number[];
  /** Every acknowledged money posting, retries included. */
  postings: TPostingAck[];
  inDoubt: TPostingInDoubt[];
  /** Deliberate same-key resends: after the acknowledgement, and two copies in flight at once. */
  retries: { sequential: number; concurrent: number };
  /** Answers to postings that break idempotency outright (e.g. an acknowledged key refused on retry). */
  postingAnomalies: string[];
  /** An admin of the run (for the checks afterwards). */
  adminToken: string;
}

interface TLoan {
  id: string;
  version: number;
  status: string;
  principal: string;
  termMonths: number;
  monthlyInstallment?: string;
  disbursedOn?: string | null;
  agent?: { id: string } | null;
}

/** A disbursed loan the clients post money on. */
interface TServicedLoan {
  id: string;
  agentId: string | null;
  disbursedOn: string;
  installment: number;
  /** Paid off, as far as the clients know (a reversal of the payoff reopens it). */
  closed: boolean;
}

const ACTION_OF: Record<string, string> = {
  'loans.create': 'CREATED',
  'loans.openForCustomer': 'CREATED',
  'loans.update': 'UPDATED',
  'loans.forward': 'FORWARDED',
  'loans.approve': 'APPROVED',
  'loans.reject': 'REJECTED',
  'loans.withdraw': 'WITHDRAWN',
  'loans.disburse': 'DISBURSED',
};

const DAY_MS = 86_400_000;
/** Today's business date (UTC), like the server's. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);

const isOk = (status: number) => status >= 200 && status < 300;
/** 409s that mean two writers met where the row lock should have kept them apart. */
const RACE_CONFLICT = /already exists|changed this record in the meantime/i;

/**
 * N concurrent clients (customers, agents, an admin) for `durationMs`, each doing random operations on a
 * shared, small pool of loans (so they collide):
 * - the lifecycle: apply, edit with the version they last saw, forward, approve/reject, withdraw, list and
 *   get; every successful change is recorded as a claim for `loanBookViolations`;
 * - servicing, on `servicingLoans` loans disbursed at setup with past dates (and more disbursed on the way):
 *   the loan's agent or the admin records repayments (each with a fresh idempotency key, some back-dated),
 *   prepayments and, now and then, a payoff of the quoted amount; the admin reverses postings and writes
 *   the odd loan off; clients resend an acknowledged posting with its key, or send two copies at once.
 *   The rules refuse many of these (400/409: more than owed, something overdue, closed, already reversed)
 *   and that is fine; every acknowledged posting is recorded for `ledgerViolations`, and every posting
 *   whose answer was lost (5xx, no answer) as in doubt, for `settleInDoubt`.
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
    /** Disbursed loans at setup (default 6; 0: no servicing). */
    servicingLoans?: number;
    /** Called when the setup is done and the clients start, with the figures as they grow. */
    onStarted?: (figures: TLoadFigures) => void;
    /** Stop early (e.g. a fault test's own schedule). */
    stop?: () => boolean;
    random?: () => number;
  },
): Promise<TLoadFigures> {
  const random = options.random ?? Math.random;
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
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
    postings: [],
    inDoubt: [],
    retries: { sequential: 0, concurrent: 0 },
    postingAnomalies: [],
    adminToken: admin.token,
  };
  /** What clients last saw of each loan (possibly stale, as in real life). */
  const pool = new Map<string, TLoan & { customerToken: string }>();
  const serviced = new Map<string, TServicedLoan>();
  /** Acknowledged postings with the request that made them (for retries and reversals). */
  const sent: (TSentPosting & { ack: TPostingAck })[] = [];
  const transports: TTransport[] = ['trpc', 'rest'];
  let keys = 0;
  const newKey = () => `soak-${++keys}-${crypto.randomUUID().slice(0, 13)}`;

  async function run(
    path: string,
    kind: 'query' | 'mutation',
    input: unknown,
    token: string,
    customerToken?: string,
  ): Promise<{ response: TRawResponse; data: unknown } | undefined> {
    const transport = pick(transports) ?? 'trpc';
    let result: Awaited<ReturnType<typeof callOver>>;
    try {
      result = await callOver(server, transport, options.restRoutes, kind, path, input, token);
    } catch {
      figures.networkErrors += 1;
      return undefined;
    }
    const { response, data } = result;
    figures.operations += 1;
    figures.latenciesMs.push(response.ms);
    const outcome = `${path} ${response.status}`;
    figures.outcomes[outcome] = (figures.outcomes[outcome] ?? 0) + 1;
    if (response.status >= 500) figures.serverErrors += 1;
    const action = ACTION_OF[path];
    if (action && isOk(response.status) && data && typeof data === 'object') {
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
    return result;
  }

  /** A money posting: records the acknowledgement, or the doubt when no answer came back. */
  async function post(posting: TSentPosting, via: TPostingAck['via']) {
    const result = await run(posting.path, 'mutation', posting.input, posting.token);
    const status = result?.response.status ?? 0;
    const data = result?.data as { id?: string; type?: string; loanId?: string } | undefined;
    const what = `${posting.path} ${posting.input.loanId} key ${posting.input.idempotencyKey ?? '-'} (${via})`;
    if (isOk(status) && data?.id) {
      const ack: TPostingAck = {
        loanId: posting.input.loanId,
        transactionId: data.id,
        type: data.type ?? '?',
        key: posting.input.idempotencyKey ?? null,
        via,
      };
      figures.postings.push(ack);
      sent.push({ ...posting, ack });
      const loan = serviced.get(ack.loanId);
      if (loan && ack.type === 'PAYOFF') loan.closed = true;
      if (loan && ack.type === 'REVERSAL') {
        const reversed = sent.find((one) => one.ack.transactionId === posting.input.transactionId);
        if (reversed?.ack.type === 'PAYOFF') loan.closed = false;
      }
      if (data.loanId !== posting.input.loanId)
        figures.postingAnomalies.push(`${what}: answered loan ${data.loanId}`);
    } else if (status >= 500 || status === 0) {
      figures.inDoubt.push({ ...posting, status });
    } else if (status === 409 && RACE_CONFLICT.test(result?.response.text ?? '')) {
      figures.postingAnomalies.push(`${what}: ${status} ${result?.response.text.slice(0, 200)}`);
    }
    // The same key and the same request after an acknowledgement is the original transaction, always.
    if (via === 'retry' && !isOk(status) && status !== 503 && status !== 0) {
      figures.postingAnomalies.push(`${what}: an acknowledged posting resent answered ${status}`);
    }
    return result;
  }

  /** An APPROVED loan paid out on a past date (never in the future: the rule). */
  async function disburse(loan: TLoan, disbursedOn: string) {
    const result = await run('loans.disburse', 'mutation', { loanId: loan.id, disbursedOn }, admin.token);
    const disbursed = result?.data as TLoan | undefined;
    if (!result || !isOk(result.response.status) || !disbursed) return false;
    serviced.set(loan.id, {
      id: loan.id,
      agentId: disbursed.agent?.id ?? null,
      disbursedOn,
      installment: Number(disbursed.monthlyInstallment ?? '500'),
      closed: false,
    });
    return true;
  }

  const loansIn = (...statuses: string[]) =>
    [...pool.values()].filter((loan) => statuses.includes(loan.status));
  const randomTerms = () => ({
    productCode: pick(['HOME', 'CAR', 'PERSONAL']) ?? 'HOME',
    amount: `${10_000 + Math.floor(random() * 40_000)}.${Math.floor(random() * 90 + 10)}`,
    termMonths: 12 + Math.floor(random() * 48),
  });

  // Setup: loans walked to ACTIVE through the API, half disbursed weeks ago (nothing due yet, so a
  // prepayment is allowed), half months ago (installments overdue, late fees).
  const today = todayUtc();
  await Promise.all(
    Array.from({ length: options.servicingLoans ?? 6 }, async (_, index) => {
      const customer = customers[index % customers.length];
      const agent = agents[index % agents.length];
      if (!customer || !agent) return;
      const step = async (path: string, input: unknown, token: string) => {
        const result = await run(path, 'mutation', input, token, customer.token);
        const loan = result?.data as TLoan | undefined;
        if (!result || !isOk(result.response.status) || !loan)
          throw new Error(
            `load setup: ${path} answered ${result?.response.status}: ${result?.response.text}`,
          );
        return loan;
      };
      const created = await step('loans.create', randomTerms(), customer.token);
      await step('loans.forward', { loanId: created.id }, agent.token);
      const approved = await step('loans.approve', { loanId: created.id }, admin.token);
      const daysAgo = index % 2 === 0 ? between(3, 25) : between(40, 400);
      if (!(await disburse(approved, addDays(today, -daysAgo))))
        throw new Error('load setup: disburse failed');
    }),
  );

  const started = Date.now();
  const deadline = started + options.durationMs;
  const hardDeadline = started + Math.max(options.durationMs, options.maxDurationMs ?? options.durationMs);
  const goOn = () =>
    !options.stop?.() &&
    Date.now() < hardDeadline &&
    (Date.now() < deadline || figures.operations < (options.minOperations ?? 0));
  options.onStarted?.(figures);

  /** The loan's agent (`agentId`) or the admin (null) posting money. */
  async function serviceStep(token: string, agentId: string | null) {
    const mine = [...serviced.values()].filter((one) => agentId === null || one.agentId === agentId);
    // Mostly loans still open; now and then a paid-off one (refused, or its payoff reversed).
    const open = mine.filter((one) => !one.closed);
    const loan = (random() < 0.85 ? pick(open) : undefined) ?? pick(mine);
    if (!loan) return;
    const roll = random();
    const now = todayUtc();
    // Mostly today (the default), sometimes back-dated into the loan's life: the ledger re-allocates.
    const paidOn = () =>
      random() < 0.6
        ? {}
        : { paidOn: addDays(loan.disbursedOn, between(0, daysBetween(loan.disbursedOn, now))) };
    const amount = (low: number, high: number) =>
      Math.max(1, loan.installment * (low + random() * (high - low))).toFixed(2);
    const payment = (path: string, extra: Record<string, unknown>): TSentPosting => ({
      path,
      input: { loanId: loan.id, idempotencyKey: newKey(), ...extra },
      token,
    });

    if (roll < 0.12) {
      const earlier = pick(sent.filter((one) => one.token === token && one.ack.key !== null));
      if (earlier) {
        figures.retries.sequential += 1;
        await post({ path: earlier.path, input: earlier.input, token }, 'retry');
        return;
      }
    }
    if (roll < 0.18) {
      figures.retries.concurrent += 1;
      const twice = payment('loans.repay', { amount: amount(0.2, 1.2), ...paidOn() });
      await Promise.all([post(twice, 'first'), post(twice, 'twin')]);
      return;
    }
    if (roll < 0.55) {
      await post(payment('loans.repay', { amount: amount(0.2, 1.6), ...paidOn() }), 'first');
      return;
    }
    if (roll < 0.68) {
      const reduce = pick(['TERM', 'INSTALLMENT']);
      await post(payment('loans.prepay', { amount: amount(0.3, 3), reduce, ...paidOn() }), 'first');
      return;
    }
    if (roll < 0.7) {
      const quote = await run('loans.payoffQuote', 'query', { loanId: loan.id }, token);
      const quoted = quote?.data as { total?: string; on?: string } | undefined;
      if (quoted?.total && quoted.on) {
        await post(payment('loans.payoff', { amount: quoted.total, paidOn: quoted.on }), 'first');
      }
      return;
    }
    if (agentId === null && roll < 0.84) {
      const target = pick(
        sent.filter(
          ({ ack }) => ack.loanId === loan.id && ['REPAYMENT', 'PREPAYMENT', 'PAYOFF'].includes(ack.type),
        ),
      );
      if (target) {
        const reason = 'Soak: reversed';
        const input = { loanId: loan.id, transactionId: target.ack.transactionId, reason };
        await post({ path: 'loans.reverseTransaction', input, token }, 'first');
        return;
      }
    }
    if (agentId === null && roll < 0.87) {
      const approved = pick(loansIn('APPROVED'));
      if (approved && !serviced.has(approved.id)) {
        await disburse(approved, addDays(now, -between(0, 200)));
        return;
      }
    }
    if (agentId === null && roll < 0.875 && serviced.size > 5) {
      const input = { loanId: loan.id, reason: 'Soak: written off' };
      const result = await post({ path: 'loans.writeOff', input, token }, 'first');
      if (result && isOk(result.response.status)) serviced.delete(loan.id);
      return;
    }
    const read = pick(['loans.transactions', 'loans.position', 'loans.payoffQuote']) ?? 'loans.position';
    await run(read, 'query', { loanId: loan.id }, token);
  }

  async function step(client: number) {
    const roll = random();
    const role = client % 4 === 0 ? 'admin' : client % 4 === 1 ? 'agent' : 'customer';
    const terms = randomTerms();
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
    // Staff split their time between the lifecycle and the money.
    const servicing = serviced.size > 0 && random() < 0.5;
    if (role === 'agent') {
      const agent = pick(agents);
      if (!agent) return;
      if (servicing) return serviceStep(agent.token, agent.id);
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
    if (servicing) return serviceStep(admin.token, null);
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

// ---------------------------------------------------------------------------------------------------------
// The ledger after the load: acknowledged postings, idempotency keys, and the loan's columns.
// ---------------------------------------------------------------------------------------------------------

interface TTransactionRow {
  id: string;
  loan_id: string;
  type: string;
  idempotency_key: string;
  reverses: string | null;
}

interface TListedTransaction {
  id: string;
  type: string;
  amount: string;
  valueDate: string;
  reduce: 'TERM' | 'INSTALLMENT' | null;
  reverses: string | null;
}

interface TServicedLoanDto {
  id: string;
  status: string;
  principal: string;
  annualRatePercent: string;
  termMonths: number;
  lateFee: string;
  lateFeeGraceDays: number;
  disbursedOn: string | null;
  closedOn: string | null;
  principalOutstanding: string | null;
  nextDueOn: string | null;
  nextDueAmount: string | null;
  totalPaid: string;
}

const POSTED_COLUMNS = [
  'status',
  'closedOn',
  'principalOutstanding',
  'nextDueOn',
  'nextDueAmount',
  'totalPaid',
] as const;

/**
 * The loan's posted columns against `replayLedger` over its terms, disbursement date and transactions as
 * `loans.transactions` lists them (as `expectColumnsEqualReplay` in support/servicing.ts does, without
 * vitest, so `pnpm soak` can run it); a description of the difference, or null.
 */
export function replayDifference(loan: TServicedLoanDto, transactions: readonly TListedTransaction[]) {
  if (!loan.disbursedOn)
    return transactions.length ? `loan ${loan.id}: transactions but never disbursed` : null;
  const asOf = [todayUtc(), loan.disbursedOn, ...transactions.map((t) => t.valueDate)].sort().at(-1);
  let ledger: ReturnType<typeof replayLedger>;
  try {
    const { disbursedOn } = loan;
    ledger = replayLedger(
      ledgerInputOfListed(
        { ...loan, disbursedOn },
        // The list carries the API's transaction types (text over HTTP).
        transactions.map((t) => ({ ...t, type: t.type as TTransactionType })),
      ),
      { asOf },
    );
  } catch (error) {
    return `loan ${loan.id}: its ledger does not replay: ${String(error)}`;
  }
  const differences = POSTED_COLUMNS.filter(
    (column) => String(loan[column] ?? null) !== String(ledger[column] ?? null),
  ).map((column) => `${column} ${String(loan[column])} ≠ replay ${String(ledger[column])}`);
  return differences.length ? `loan ${loan.id}: ${differences.join(', ')}` : null;
}

/**
 * The money side of the book after a load; returns every violation (none is the goal):
 * - every acknowledged posting is in its loan's `loans.transactions` exactly once (by id), with its type,
 *   and stored under the idempotency key it was sent with;
 * - all acknowledgements of one (loan, key) — the first send, deliberate retries, concurrent twins, retries
 *   after a fault — carry the same transaction id; no two transactions share a (loan, key), no transaction
 *   is reversed twice;
 * - `loans.transactions` lists exactly the loan's stored transactions, and every disbursed loan's columns
 *   equal the replay of its ledger;
 * - no answer broke idempotency outright (`postingAnomalies`).
 * The ledger is read over the API as an admin (tRPC), the keys straight from the database (the API does not
 * show them).
 */
export async function ledgerViolations(
  server: THardenedServer,
  figures: Pick<TLoadFigures, 'postings' | 'postingAnomalies' | 'adminToken'>,
): Promise<string[]> {
  const violations: string[] = [...figures.postingAnomalies];
  const connection = server.db.fork().getConnection();
  const rows = await connection.execute<TTransactionRow[]>(
    'select id, loan_id, type, idempotency_key, reverses from loan_transactions order by loan_id, seq',
  );
  const disbursed = await connection.execute<{ id: string }[]>(
    'select id from loans where disbursed_on is not null order by id',
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byKey = new Map<string, TTransactionRow>();
  const reversed = new Set<string>();
  for (const row of rows) {
    const key = `${row.loan_id}/${row.idempotency_key}`;
    if (byKey.has(key)) violations.push(`two transactions under ${key}: ${byKey.get(key)?.id} and ${row.id}`);
    byKey.set(key, row);
    if (row.reverses) {
      if (reversed.has(row.reverses)) violations.push(`transaction ${row.reverses} reversed twice`);
      reversed.add(row.reverses);
    }
  }

  const idsOfKey = new Map<string, Set<string>>();
  for (const ack of figures.postings) {
    const row = byId.get(ack.transactionId);
    const what = `acknowledged ${ack.type} ${ack.transactionId} (loan ${ack.loanId}, key ${ack.key ?? '-'}, ${ack.via})`;
    if (ack.key !== null) {
      const key = `${ack.loanId}/${ack.key}`;
      idsOfKey.set(key, (idsOfKey.get(key) ?? new Set()).add(ack.transactionId));
    }
    if (!row) {
      violations.push(`${what} is not in the ledger`);
      continue;
    }
    if (row.loan_id !== ack.loanId || row.type !== ack.type) {
      violations.push(`${what} is stored as ${row.type} on loan ${row.loan_id}`);
    }
    if (ack.key !== null && row.idempotency_key !== ack.key) {
      violations.push(`${what} is stored under key ${row.idempotency_key}`);
    }
  }
  for (const [key, ids] of idsOfKey) {
    if (ids.size > 1)
      violations.push(`key ${key} was acknowledged as ${ids.size} transactions: ${[...ids].join(', ')}`);
  }

  const acksByLoan = new Map<string, TPostingAck[]>();
  for (const ack of figures.postings)
    acksByLoan.set(ack.loanId, [...(acksByLoan.get(ack.loanId) ?? []), ack]);
  const storedPerLoan = new Map<string, number>();
  for (const row of rows) storedPerLoan.set(row.loan_id, (storedPerLoan.get(row.loan_id) ?? 0) + 1);
  const admin = { token: figures.adminToken };
  for (const { id: loanId } of disbursed) {
    const [loanResponse, listResponse] = await Promise.all([
      server.trpc('query', 'loans.get', { loanId }, admin),
      server.trpc('query', 'loans.transactions', { loanId }, admin),
    ]);
    const loan = (loanResponse.json as { result?: { data?: TServicedLoanDto } })?.result?.data;
    const listed = (listResponse.json as { result?: { data?: TListedTransaction[] } })?.result?.data;
    if (!loan || !listed) {
      violations.push(`loan ${loanId}: read answered ${loanResponse.status}/${listResponse.status}`);
      continue;
    }
    const count = new Map<string, number>();
    for (const transaction of listed) count.set(transaction.id, (count.get(transaction.id) ?? 0) + 1);
    for (const [id, times] of count)
      if (times > 1) violations.push(`loan ${loanId}: ${id} listed ${times} times`);
    if (listed.length !== (storedPerLoan.get(loanId) ?? 0)) {
      violations.push(
        `loan ${loanId}: ${listed.length} transactions listed, ${storedPerLoan.get(loanId)} stored`,
      );
    }
    for (const ack of acksByLoan.get(loanId) ?? []) {
      if (count.get(ack.transactionId) !== 1) {
        violations.push(
          `loan ${loanId}: acknowledged ${ack.type} ${ack.transactionId} is not listed exactly once`,
        );
      }
    }
    const difference = replayDifference(loan, listed);
    if (difference) violations.push(difference);
  }
  for (const loanId of acksByLoan.keys()) {
    if (!disbursed.some(({ id }) => id === loanId))
      violations.push(`postings acknowledged on loan ${loanId}, never disbursed`);
  }
  return violations;
}

/** What became of the postings whose answer was lost, once they were sent again. */
export interface TInDoubtOutcome {
  /** It had committed: the resend returned that transaction (or, for a reversal or write-off, said it
   * was done already) … */
  committedBefore: number;
  /** … of which never acknowledged before: the commit whose answer the outage swallowed. */
  answerLost: number;
  /** It had not: the resend posted it (once). */
  postedByRetry: number;
  /** It had not, and the rules refuse it now (the loan moved on meanwhile). */
  refusedByRetry: number;
  violations: string[];
}

/**
 * A client whose posting got a 503 (or no answer) sends it again, same key and same request, once the
 * database is back. Before each resend the database says whether the first one committed; then:
 * - it had: the resend returns 2xx with that very transaction (nothing new is posted); a reversal or a
 *   write-off (keys derived by the server) is answered 409, done already;
 * - it had not: the resend either posts it (2xx, one transaction) or is refused by the rules (400/409)
 *   and nothing is stored.
 * Acknowledgements are added to `figures.postings` (via `after-fault`) for `ledgerViolations`.
 */
export async function settleInDoubt(
  server: THardenedServer,
  restRoutes: Record<string, { method: string; path: string }>,
  figures: TLoadFigures,
): Promise<TInDoubtOutcome> {
  const outcome: TInDoubtOutcome = {
    committedBefore: 0,
    answerLost: 0,
    postedByRetry: 0,
    refusedByRetry: 0,
    violations: [],
  };
  const acknowledged = new Set(figures.postings.map((ack) => `${ack.loanId}/${ack.key}`));
  const connection = server.db.fork().getConnection();
  /** The transaction the first send would have stored, if it is there. */
  const existing = async ({ path, input }: TSentPosting) => {
    const [row] = input.idempotencyKey
      ? await connection.execute<{ id: string }[]>(
          'select id from loan_transactions where loan_id = ? and idempotency_key = ?',
          [input.loanId, input.idempotencyKey],
        )
      : path === 'loans.reverseTransaction'
        ? await connection.execute<{ id: string }[]>('select id from loan_transactions where reverses = ?', [
            input.transactionId,
          ])
        : await connection.execute<{ id: string }[]>(
            "select id from loan_transactions where loan_id = ? and type = 'WRITE_OFF'",
            [input.loanId],
          );
    return row?.id ?? null;
  };
  for (const [index, posting] of figures.inDoubt.entries()) {
    const key = posting.input.idempotencyKey ?? null;
    const before = await existing(posting);
    const { response, data } = await callOver(
      server,
      index % 2 ? 'rest' : 'trpc',
      restRoutes,
      'mutation',
      posting.path,
      posting.input,
      posting.token,
    );
    const what = `resent ${posting.path} on ${posting.input.loanId} key ${key ?? '-'} (first answer ${posting.status})`;
    const id = (data as { id?: string } | undefined)?.id;
    if (before) {
      outcome.committedBefore += 1;
      if (key && !acknowledged.has(`${posting.input.loanId}/${key}`)) outcome.answerLost += 1;
    }
    // A second copy in doubt (two sent at once) finds the first copy's resend: not a lost answer.
    if (key) acknowledged.add(`${posting.input.loanId}/${key}`);
    if (isOk(response.status) && id) {
      figures.postings.push({
        loanId: posting.input.loanId,
        transactionId: id,
        type: (data as { type?: string }).type ?? '?',
        key,
        via: 'after-fault',
      });
      if (before && before !== id)
        outcome.violations.push(`${what}: posted ${id} although ${before} had committed`);
      if (!before) outcome.postedByRetry += 1;
    } else if (response.status === 400 || response.status === 409 || response.status === 403) {
      if (before && key)
        outcome.violations.push(`${what}: refused (${response.status}) although ${before} had committed`);
      if (!before) outcome.refusedByRetry += 1;
      if (key && RACE_CONFLICT.test(response.text))
        outcome.violations.push(`${what}: ${response.text.slice(0, 200)}`);
    } else {
      outcome.violations.push(`${what}: answered ${response.status} ${response.text.slice(0, 200)}`);
    }
    // Exactly one transaction is stored for it now, or none if the rules refused it.
    const after = await existing(posting);
    if (isOk(response.status) && after !== id)
      outcome.violations.push(`${what}: stored ${after}, answered ${id}`);
  }
  return outcome;
}

/** Acknowledged postings by type and by how they were acknowledged, for the reports. */
export function postingSummary(figures: Pick<TLoadFigures, 'postings' | 'retries' | 'inDoubt'>): string {
  const tally = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].map(([name, count]) => `${name} ${count}`).join(', ');
  };
  return (
    `${figures.postings.length} acknowledged postings (${tally(figures.postings.map((ack) => ack.type))}; ` +
    `via ${tally(figures.postings.map((ack) => ack.via))}); resends: ${figures.retries.sequential} after the ` +
    `acknowledgement, ${figures.retries.concurrent} concurrent pairs; ${figures.inDoubt.length} in doubt`
  );
}

/** p-th percentile of latencies (ms), for the soak report. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
