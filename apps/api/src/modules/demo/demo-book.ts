import type { TUser } from '@loanbook/domain/accounts';
import type { TLoan } from '@loanbook/domain/loans';
import { addDays, addMonths, dueDateOf, type TPosition } from '@loanbook/domain/servicing';
import { formatCents, toCents } from '@loanbook/domain/servicing/cents';
import type { TDatabase } from '../../db/orm';
import type { TConfig } from '../../env';
import { createCaller } from '../../trpc/app-router';
import { createContextInner } from '../../trpc/context';
import type { TPrincipal } from '../auth/principal';
import type { TTokenService } from '../auth/tokens';
import { todayUtc } from '../servicing/servicing.service';
import { toPrincipal } from '../users/user.dto';
import { User } from '../users/user.entity';

/**
 * The demo book: on a fresh embedded database, `pnpm start` fills Loanbook with a small, realistic loan
 * book so a newcomer's first dashboard and collections queue are alive. Everything is done THROUGH THE
 * PROCEDURES (registration, agent approval, applications, four-eyes decisions, disbursement, repayments,
 * prepayment, payoff, reversal, write-off), as the people would, so every row has its history and the
 * ledger is exactly what the API writes. Value dates are relative to today (UTC), so the arrears buckets
 * are right whatever day the book is created.
 */

/** The one password of every demo account (printed at start, documented in the README). */
export const DEMO_PASSWORD = 'loanbook-demo';
export const DEMO_CUSTOMERS = ['demo.customer1', 'demo.customer2', 'demo.customer3', 'demo.customer4'];
/** Approved agents (they sign in) and one agent application waiting for the admin. */
export const DEMO_AGENTS = ['demo.agent1', 'demo.agent2'];
export const DEMO_PENDING_AGENT = 'demo.agent3';
const DEMO_USERNAMES = [...DEMO_CUSTOMERS, ...DEMO_AGENTS, DEMO_PENDING_AGENT];

export type TDemoBookResult =
  | { kind: 'created'; loans: number; transactions: number; milliseconds: number }
  | { kind: 'skipped'; reason: string };

/**
 * `LOANBOOK_DEMO` unset: on for `pnpm start` (NODE_ENV development), off for tests and production, where
 * accounts with a published password have no place; `1` / `0` force it on / off.
 */
export const isDemoBookEnabled = (config: Pick<TConfig, 'LOANBOOK_DEMO' | 'NODE_ENV'>): boolean =>
  config.LOANBOOK_DEMO ?? config.NODE_ENV === 'development';

// ---------------------------------------------------------------------------------------------- the plan

type TTerms = { productCode: string; amount: string; termMonths: number };
type TCustomer = 0 | 1 | 2 | 3;
type TAgent = 0 | 1;

/** What happens to a disbursed loan, in value-date order. */
type TEvent =
  /** Pays what is still owed on installments 1…k, `late` days after k's due date (+ the late fee, if any). */
  | { kind: 'installment'; k: number; late?: number; share?: number; by?: 'agent' | 'admin' }
  /** The same repayment recorded twice by mistake, and the admin's reversal of the second one. */
  | { kind: 'duplicate'; k: number }
  | { kind: 'prepay'; on: string; amount: string; reduce: 'TERM' | 'INSTALLMENT' }
  | { kind: 'payoff'; on: string }
  | { kind: 'writeOff'; on: string; reason: string };

interface TDemoLoan {
  name: string;
  customer: TCustomer;
  agent: TAgent | null;
  terms: TTerms;
  /** How the application got in: the customer applies (and an agent forwards), or an agent opens it. */
  origin: 'customer' | 'agent';
  end: 'NEW' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'DISBURSED';
  rejection?: string;
  disbursedOn?: string;
  events?: TEvent[];
}

/** Installments 1…n, each paid on its due date (only those due by `today`). */
const onTime = (disbursedOn: string, n: number, today: string, by?: 'agent' | 'admin'): TEvent[] =>
  Array.from({ length: n }, (_, i) => i + 1)
    .filter((k) => dueDateOf(disbursedOn, k) <= today)
    .map((k) => ({ kind: 'installment', k, ...(by ? { by } : {}) }));

/**
 * A disbursement date that makes installment `firstUnpaid` fall due `daysPastDue` days before today
 * (± the month-end clamp): the loan then sits in that arrears bucket.
 */
const lateSince = (today: string, daysPastDue: number, firstUnpaid: number) =>
  addMonths(addDays(today, -daysPastDue), -firstUnpaid);

/** The book, relative to `today`. */
export function demoBookPlan(today: string): TDemoLoan[] {
  const monthsAgo = (months: number, days = 0) => addDays(addMonths(today, -months), -days);
  const onTimeSince = monthsAgo(14, 2);
  const prepaidSince = monthsAgo(6, 10);
  const lateFeesSince = lateSince(today, 15, 5);
  const partlySince = lateSince(today, 45, 5);
  const stoppedSince = lateSince(today, 75, 3);
  const defaultedSince = lateSince(today, 150, 3);
  const paidOffSince = monthsAgo(8, 5);
  const repaidSince = monthsAgo(8, 1);
  const writtenOffSince = monthsAgo(14, 7);
  return [
    // ACTIVE and CURRENT: fourteen installments paid on the day, one of them recorded twice and reversed.
    {
      name: 'on-time',
      customer: 0,
      agent: 0,
      origin: 'customer',
      terms: { productCode: 'PERSONAL', amount: '12000.00', termMonths: 36 },
      end: 'DISBURSED',
      disbursedOn: onTimeSince,
      events: [
        ...onTime(onTimeSince, 9, today),
        { kind: 'duplicate', k: 10 },
        ...onTime(onTimeSince, 36, today).slice(10),
      ],
    },
    // ACTIVE and CURRENT: a home loan with a 25,000.00 prepayment that shortened the term.
    {
      name: 'prepaid',
      customer: 0,
      agent: 1,
      origin: 'customer',
      terms: { productCode: 'HOME', amount: '150000.00', termMonths: 120 },
      end: 'DISBURSED',
      disbursedOn: prepaidSince,
      events: [
        ...onTime(prepaidSince, 3, today, 'admin'),
        { kind: 'prepay', on: dueDateOf(prepaidSince, 3), amount: '25000.00', reduce: 'TERM' },
        ...onTime(prepaidSince, 120, today, 'admin').slice(3),
      ],
    },
    // ACTIVE, 1–30 days past due: pays every installment nine days late, late fee included.
    {
      name: 'late payer',
      customer: 1,
      agent: 0,
      origin: 'customer',
      terms: { productCode: 'CAR', amount: '18000.00', termMonths: 48 },
      end: 'DISBURSED',
      disbursedOn: lateFeesSince,
      events: [1, 2, 3, 4].map((k) => ({ kind: 'installment', k, late: 9 })),
    },
    // ACTIVE, 31–60 days past due: four installments on time, then 40 % of the fifth.
    {
      name: 'partly paid',
      customer: 2,
      agent: 1,
      origin: 'customer',
      terms: { productCode: 'EDUCATION', amount: '8000.00', termMonths: 24 },
      end: 'DISBURSED',
      disbursedOn: partlySince,
      events: [...onTime(partlySince, 4, today), { kind: 'installment', k: 5, share: 0.4 }],
    },
    // ACTIVE, 61–90 days past due: two installments, then nothing.
    {
      name: 'stopped paying',
      customer: 3,
      agent: 1,
      origin: 'customer',
      terms: { productCode: 'PERSONAL', amount: '3000.00', termMonths: 12 },
      end: 'DISBURSED',
      disbursedOn: stoppedSince,
      events: onTime(stoppedSince, 2, today),
    },
    // ACTIVE, more than 90 days past due: one installment on time, the second late with its fee.
    {
      name: 'defaulting',
      customer: 2,
      agent: 0,
      origin: 'customer',
      terms: { productCode: 'EDUCATION', amount: '6000.00', termMonths: 18 },
      end: 'DISBURSED',
      disbursedOn: defaultedSince,
      events: [
        { kind: 'installment', k: 1 },
        { kind: 'installment', k: 2, late: 12 },
      ],
    },
    // ACTIVE and CURRENT: opened by the agent, disbursed ten days ago, nothing due yet.
    {
      name: 'just disbursed',
      customer: 3,
      agent: 0,
      origin: 'agent',
      terms: { productCode: 'CAR', amount: '9500.00', termMonths: 36 },
      end: 'DISBURSED',
      disbursedOn: addDays(today, -10),
    },
    // PAID_OFF early: five installments, then the payoff quoted for the day.
    {
      name: 'paid off early',
      customer: 3,
      agent: 0,
      origin: 'customer',
      terms: { productCode: 'PERSONAL', amount: '4000.00', termMonths: 24 },
      end: 'DISBURSED',
      disbursedOn: paidOffSince,
      events: [
        ...onTime(paidOffSince, 5, today),
        { kind: 'payoff', on: addDays(dueDateOf(paidOffSince, 5), 20) },
      ],
    },
    // PAID_OFF on schedule: all six installments.
    {
      name: 'repaid',
      customer: 0,
      agent: 1,
      origin: 'customer',
      terms: { productCode: 'PERSONAL', amount: '1500.00', termMonths: 6 },
      end: 'DISBURSED',
      disbursedOn: repaidSince,
      events: onTime(repaidSince, 6, today),
    },
    // WRITTEN_OFF: two installments, then months of silence.
    {
      name: 'written off',
      customer: 1,
      agent: 1,
      origin: 'customer',
      terms: { productCode: 'PERSONAL', amount: '2500.00', termMonths: 12 },
      end: 'DISBURSED',
      disbursedOn: writtenOffSince,
      events: [
        ...onTime(writtenOffSince, 2, today),
        {
          kind: 'writeOff',
          on: addDays(today, -45),
          reason: 'No contact since the third installment; handed to recovery',
        },
      ],
    },
    // Applications before disbursement, one in each state.
    {
      name: 'new application',
      customer: 2,
      agent: null,
      origin: 'customer',
      terms: { productCode: 'HOME', amount: '250000.00', termMonths: 300 },
      end: 'NEW',
    },
    {
      name: 'new application 2',
      customer: 1,
      agent: null,
      origin: 'customer',
      terms: { productCode: 'PERSONAL', amount: '3000.00', termMonths: 12 },
      end: 'NEW',
    },
    {
      name: 'forwarded',
      customer: 3,
      agent: 1,
      origin: 'customer',
      terms: { productCode: 'CAR', amount: '22000.00', termMonths: 60 },
      end: 'PENDING',
    },
    {
      name: 'opened by agent',
      customer: 1,
      agent: 0,
      origin: 'agent',
      terms: { productCode: 'EDUCATION', amount: '12000.00', termMonths: 48 },
      end: 'PENDING',
    },
    {
      name: 'approved',
      customer: 0,
      agent: 0,
      origin: 'customer',
      terms: { productCode: 'EDUCATION', amount: '15000.00', termMonths: 60 },
      end: 'APPROVED',
    },
    {
      name: 'rejected',
      customer: 1,
      agent: 0,
      origin: 'customer',
      terms: { productCode: 'PERSONAL', amount: '45000.00', termMonths: 84 },
      end: 'REJECTED',
      rejection: 'Debt-to-income ratio above 45 % with this loan',
    },
    {
      name: 'withdrawn',
      customer: 2,
      agent: null,
      origin: 'customer',
      terms: { productCode: 'CAR', amount: '12000.00', termMonths: 48 },
      end: 'WITHDRAWN',
    },
  ];
}

// ---------------------------------------------------------------------------------------------- seeding

type TCaller = ReturnType<typeof createCaller>;

/** What is still owed on installments 1…k as of the position's date (fees charged by then included). */
function owedThrough(position: TPosition, k: number): bigint {
  let owed = 0n;
  for (const installment of position.installments) {
    if (installment.number > k) break;
    owed +=
      toCents(installment.principal) +
      toCents(installment.interest) +
      toCents(installment.fee) -
      toCents(installment.paidPrincipal) -
      toCents(installment.paidInterest) -
      toCents(installment.paidFee);
  }
  return owed;
}

/**
 * Seeds the demo book when the database is the embedded one and holds no loans and no demo account yet;
 * otherwise does nothing and says why. Needs an active admin (`ensureAdmin` runs first). Idempotent: a
 * second start sees the loans and skips.
 */
export async function seedDemoBook(
  db: TDatabase,
  tokens: TTokenService,
  options: { today?: string } = {},
): Promise<TDemoBookResult> {
  if (db.target.kind !== 'pglite') return { kind: 'skipped', reason: 'not the embedded database' };
  const em = db.fork();
  const [loans] = await em
    .getConnection()
    .execute<{ any: boolean }[]>('select exists (select 1 from loans) as any');
  if (loans?.any) return { kind: 'skipped', reason: 'the database already holds loans' };
  if ((await em.count(User, { username: { $in: DEMO_USERNAMES } })) > 0) {
    return { kind: 'skipped', reason: 'demo accounts already exist' };
  }
  const adminUser = await em.findOne(
    User,
    { role: 'admin', status: 'ACTIVE' },
    { orderBy: { createdAt: 'asc' } },
  );
  if (!adminUser) return { kind: 'skipped', reason: 'no active admin' };

  const started = Date.now();
  const today = options.today ?? todayUtc();
  const as = (user: TPrincipal | null): TCaller =>
    createCaller(createContextInner({ em: db.fork(), tokens, user, requestId: 'demo-book' }));
  const admin = toPrincipal(adminUser);
  const principalOf = (user: TUser): TPrincipal => ({
    id: user.id,
    username: user.username,
    role: user.role,
    status: user.status,
  });
  const contact = (username: string, n: number) => ({
    username,
    password: DEMO_PASSWORD,
    email: `${username}@example.com`,
    phone: `+44 20 7946 0${String(n).padStart(3, '0')}`,
  });

  // Accounts: customers sign up, agents apply and the admin approves two of them.
  const customers: TPrincipal[] = [];
  for (const [i, username] of DEMO_CUSTOMERS.entries()) {
    customers.push(principalOf(await as(null).auth.registerCustomer(contact(username, 100 + i))));
  }
  const agents: TPrincipal[] = [];
  for (const [i, username] of DEMO_AGENTS.entries()) {
    const applied = await as(null).auth.registerAgent(contact(username, 200 + i));
    agents.push(principalOf(await as(admin).agents.approve({ agentId: applied.id })));
  }
  await as(null).auth.registerAgent(contact(DEMO_PENDING_AGENT, 299));

  let transactions = 0;
  let created = 0;
  for (const [index, plan] of demoBookPlan(today).entries()) {
    const customer = customers[plan.customer] as TPrincipal;
    const agent = plan.agent === null ? null : (agents[plan.agent] as TPrincipal);
    let loan: TLoan;
    if (plan.origin === 'agent') {
      if (!agent) throw new Error(`demo loan "${plan.name}": opened by an agent without one`);
      loan = await as(agent).loans.openForCustomer({ customerId: customer.id, ...plan.terms });
    } else {
      loan = await as(customer).loans.create(plan.terms);
      if (plan.end === 'WITHDRAWN') {
        await as(customer).loans.withdraw({ loanId: loan.id });
      } else if (agent && plan.end !== 'NEW') {
        await as(agent).loans.forward({ loanId: loan.id });
      }
    }
    created++;
    if (plan.end === 'REJECTED') {
      await as(admin).loans.reject({ loanId: loan.id, reason: plan.rejection ?? 'Not eligible' });
    } else if (plan.end === 'APPROVED' || plan.end === 'DISBURSED') {
      await as(admin).loans.approve({ loanId: loan.id });
    }
    if (plan.end !== 'DISBURSED' || !plan.disbursedOn) continue;

    const disbursedOn = plan.disbursedOn;
    await as(admin).loans.disburse({ loanId: loan.id, disbursedOn, reference: `DEMO-WIRE-${index + 1}` });
    transactions++;
    let posted = 0;
    const key = () => `demo-${index + 1}-${++posted}`;
    const recorderOf = (by: 'agent' | 'admin' | undefined) => (by === 'admin' || !agent ? admin : agent);
    for (const event of plan.events ?? []) {
      if (event.kind === 'installment' || event.kind === 'duplicate') {
        const late = event.kind === 'installment' ? (event.late ?? 0) : 0;
        const paidOn = addDays(dueDateOf(disbursedOn, event.k), late);
        if (paidOn > today) continue;
        const position = await as(admin).loans.position({ loanId: loan.id, asOf: paidOn });
        let amount = owedThrough(position, event.k);
        if (event.kind === 'installment' && event.share !== undefined) {
          amount = (amount * BigInt(Math.round(event.share * 100))) / 100n;
        }
        if (amount <= 0n) continue;
        const by = event.kind === 'installment' ? event.by : undefined;
        const input = {
          loanId: loan.id,
          amount: formatCents(amount),
          paidOn,
          reference: `DEMO-CASH-${event.k}`,
        };
        await as(recorderOf(by)).loans.repay({ ...input, idempotencyKey: key() });
        transactions++;
        if (event.kind === 'duplicate') {
          const twice = await as(recorderOf(by)).loans.repay({ ...input, idempotencyKey: key() });
          await as(admin).loans.reverseTransaction({
            loanId: loan.id,
            transactionId: twice.id,
            reason: 'Recorded twice: the receipt was entered again by mistake',
          });
          transactions += 2;
        }
      } else if (event.kind === 'prepay') {
        if (event.on > today) continue;
        await as(admin).loans.prepay({
          loanId: loan.id,
          amount: event.amount,
          paidOn: event.on,
          reduce: event.reduce,
          reference: 'DEMO-PREPAY',
          idempotencyKey: key(),
        });
        transactions++;
      } else if (event.kind === 'payoff') {
        if (event.on > today) continue;
        const quote = await as(admin).loans.payoffQuote({ loanId: loan.id, on: event.on });
        await as(admin).loans.payoff({
          loanId: loan.id,
          amount: quote.total,
          paidOn: event.on,
          reference: 'DEMO-PAYOFF',
          idempotencyKey: key(),
        });
        transactions++;
      } else {
        await as(admin).loans.writeOff({ loanId: loan.id, reason: event.reason, writtenOffOn: event.on });
        transactions++;
      }
    }
  }
  return { kind: 'created', loans: created, transactions, milliseconds: Date.now() - started };
}

/** The line `pnpm start` prints after creating the book. */
export const demoBookMessage = (result: TDemoBookResult): string | null =>
  result.kind === 'created'
    ? `Demo book created (${result.loans} loans): sign in as ${DEMO_CUSTOMERS[0]}…${DEMO_CUSTOMERS.length} (customers) or ${DEMO_AGENTS[0]}…${DEMO_AGENTS.length} (agents) with password "${DEMO_PASSWORD}", or as the admin. LOANBOOK_DEMO=0 starts without it.`
    : null;

/** What `main.ts` calls after `ensureAdmin`: the demo book when enabled (never fails the start). */
export async function startWithDemoBook(
  db: TDatabase,
  config: TConfig,
  tokens: TTokenService,
): Promise<string | null> {
  if (!isDemoBookEnabled(config)) return null;
  try {
    return demoBookMessage(await seedDemoBook(db, tokens));
  } catch (error) {
    return `The demo book could not be created (${error instanceof Error ? error.message : String(error)}); Loanbook starts without it.`;
  }
}
