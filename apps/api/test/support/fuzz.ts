import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TRole, TUserStatus } from '@loanbook/domain/accounts';
import { ERROR_REASONS } from '@loanbook/domain/errors';
import fc from 'fast-check';
import type { TDatabase } from '../../src/db/orm';
import { buildServer } from '../../src/http/server';
import { hashPassword } from '../../src/modules/auth/password';
import type { TPrincipal } from '../../src/modules/auth/principal';
import { createTokenService } from '../../src/modules/auth/tokens';
import { toPrincipal } from '../../src/modules/users/user.dto';
import { User } from '../../src/modules/users/user.entity';
import type { TSecurityConfig } from '../../src/security/config';
import { appCatalogue } from '../../src/trpc/catalogue';
import { TEST_JWT_SECRET, TEST_PASSWORD } from './api';
import { createTestDatabase, type TTestDatabase } from './db';

/** A response as a client sees it: status, headers, the raw text and the parsed JSON body (if any). */
export interface TRawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  ms: number;
}

export interface TRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is (malformed JSON, huge bodies); anything else as JSON. */
  body?: unknown;
  token?: string;
  /** Loopback source address (127.0.0.2, …): a different client IP without trusting any header. */
  localAddress?: string;
  timeoutMs?: number;
}

/** One HTTP request with node:http (fetch cannot choose its source address). Never throws on a status. */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: TRequestOptions = {},
): Promise<TRawResponse> {
  const url = new URL(path, baseUrl);
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            ms: performance.now() - started,
          });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface THardenedServer {
  db: TTestDatabase;
  baseUrl: string;
  /** Every log line (JSON) the server wrote, audit records included. */
  logs: string[];
  /** tRPC over HTTP: GET with `?input=` for queries, POST for mutations. */
  trpc(
    kind: 'query' | 'mutation',
    path: string,
    input: unknown,
    options?: TRequestOptions,
  ): Promise<TRawResponse>;
  request(path: string, options?: TRequestOptions): Promise<TRawResponse>;
  /** An account written straight to the database, with a token for it (no login needed). */
  account(role: TRole, status: TUserStatus, username?: string): Promise<TPrincipal & { token: string }>;
  close(): Promise<void>;
}

let accounts = 0;
let sharedHash: Promise<string> | null = null;

/**
 * The real server (buildServer, helmet, throttling, audit) on a random loopback port, logging to memory.
 * `security` overrides the production defaults (e.g. a short throttle window for a test).
 */
export async function startHardenedServer(
  options: {
    security?: Partial<TSecurityConfig>;
    webDistDir?: string | null;
    /** Share a database (another replica of the API); it is then not destroyed by `close()`. */
    db?: TTestDatabase;
    /** Extra routes or hooks before the server listens (e.g. a route that fails on purpose). */
    configure?: (app: Awaited<ReturnType<typeof buildServer>>) => void;
  } = {},
): Promise<THardenedServer> {
  const db = options.db ?? (await createTestDatabase());
  const tokens = createTokenService(TEST_JWT_SECRET);
  const logs: string[] = [];
  const app = await buildServer({
    db,
    tokens,
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    webDistDir: options.webDistDir ?? null,
    security: options.security,
  });
  options.configure?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    db,
    baseUrl,
    logs,
    trpc: (kind, path, input, requestOptions = {}) =>
      kind === 'query'
        ? rawRequest(
            baseUrl,
            `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
            requestOptions,
          )
        : rawRequest(baseUrl, `/trpc/${path}`, { ...requestOptions, method: 'POST', body: input ?? null }),
    request: (path, requestOptions) => rawRequest(baseUrl, path, requestOptions),
    async account(role, status, username = `${role}.${++accounts}.${crypto.randomUUID().slice(0, 6)}`) {
      sharedHash ??= hashPassword(TEST_PASSWORD);
      const em = db.fork();
      const user = em.create(User, {
        username,
        email: `${username}@example.com`,
        phone: null,
        passwordHash: await sharedHash,
        role,
        status,
        statusReason: null,
      });
      await em.flush();
      const { token } = await tokens.issue({ userId: user.id, role, tokenVersion: user.tokenVersion });
      return { ...toPrincipal(user), token };
    },
    close: async () => {
      await app.close();
      if (!options.db) await db.destroy();
    },
  };
}

/**
 * A fingerprint of every table's contents, computed in SQL in one statement: row count and md5 of all rows
 * (as text), ordered by primary key. `login_throttle` is left out on purpose: recording a refused sign-in
 * there is its job (docs/security.md).
 */
const fingerprintQueries = new WeakMap<TDatabase, Promise<string>>();

async function fingerprintQuery(db: TDatabase, except: readonly string[]): Promise<string> {
  const tables = await db
    .fork()
    .getConnection()
    .execute<{ name: string; pk: string | null }[]>(
      `select c.relname as name,
            (select string_agg(quote_ident(a.attname), ', ' order by array_position(i.indkey::int2[], a.attnum))
               from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
              where i.indrelid = c.oid and i.indisprimary) as pk
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
      order by c.relname`,
    );
  return tables
    .filter(({ name }) => !except.includes(name))
    .map(({ name, pk }) => {
      const order = pk
        ? pk
            .split(', ')
            .map((column) => `t.${column}`)
            .join(', ')
        : 't::text';
      return `select '${name}' as name, count(*)::int as rows,
                     md5(coalesce(string_agg(t::text, E'\\n' order by ${order}), '')) as md5
                from ${JSON.stringify(name)} t`;
    })
    .join('\nunion all\n');
}

export async function databaseFingerprint(db: TDatabase, except: readonly string[] = ['login_throttle']) {
  let query = fingerprintQueries.get(db);
  if (!query) {
    query = fingerprintQuery(db, except);
    fingerprintQueries.set(db, query);
  }
  const rows = await db
    .fork()
    .getConnection()
    .execute<{ name: string; rows: number; md5: string }[]>(await query);
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const row of rows) result[row.name] = { rows: Number(row.rows), md5: row.md5 };
  return result;
}

/**
 * The error codes of the contract (api-contract.md §errors) plus the transport's own, written out here
 * rather than read from the server's error table, so a code or status changed there fails the fuzz test.
 */
export const DOCUMENTED_ERROR_STATUS: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  SERVICE_UNAVAILABLE: 503,
};

const LEAK =
  /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate \w+ set\b|violates|relation "|syntax error|stack/i;

/**
 * Why a failed response is not in the documented error shape (null when it is): tRPC `{ error: { message,
 * code, data: { code, httpStatus, path, fieldErrors?, reason? } } }` or REST `{ code, message, fieldErrors?,
 * reason? }`, a status that matches the code, a documented reason, and a message that gives away no stack,
 * SQL or file path.
 */
export function errorShapeProblem(transport: 'trpc' | 'rest', response: TRawResponse): string | null {
  const body = response.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return `not JSON: ${response.text.slice(0, 200)}`;
  let code: unknown;
  let message: unknown;
  let fieldErrors: unknown;
  let reason: unknown;
  // Refused by the HTTP parser before routing (URL or headers over 16 KiB): no tRPC envelope is possible.
  if (transport === 'trpc' && response.status !== 431) {
    const error = body.error as Record<string, unknown> | undefined;
    const data = error?.data as Record<string, unknown> | undefined;
    if (!error || !data) return `no tRPC error envelope: ${response.text.slice(0, 200)}`;
    if (typeof error.code !== 'number') return 'error.code is not a JSON-RPC number';
    if (data.httpStatus !== response.status)
      return `data.httpStatus ${String(data.httpStatus)} ≠ ${response.status}`;
    const extra = Object.keys(data).filter(
      (key) => !['code', 'httpStatus', 'path', 'fieldErrors', 'reason'].includes(key),
    );
    if (extra.length) return `unexpected error data fields: ${extra.join(', ')}`;
    code = data.code;
    message = error.message;
    fieldErrors = data.fieldErrors;
    reason = data.reason;
  } else {
    const extra = Object.keys(body).filter(
      (key) => !['code', 'message', 'fieldErrors', 'reason'].includes(key),
    );
    if (extra.length) return `unexpected error fields: ${extra.join(', ')}`;
    code = body.code;
    message = body.message;
    fieldErrors = body.fieldErrors;
    reason = body.reason;
  }
  if (reason !== undefined && !(ERROR_REASONS as readonly unknown[]).includes(reason)) {
    return `undocumented reason ${String(reason)}`;
  }
  if (typeof code !== 'string' || !(code in DOCUMENTED_ERROR_STATUS))
    return `undocumented code ${String(code)}`;
  if (DOCUMENTED_ERROR_STATUS[code] !== response.status) return `code ${code} with status ${response.status}`;
  if (typeof message !== 'string' || !message) return 'no message';
  if (LEAK.test(message)) return `message leaks internals: ${message}`;
  if (fieldErrors !== undefined) {
    const valid =
      typeof fieldErrors === 'object' &&
      fieldErrors !== null &&
      Object.values(fieldErrors).every(
        (messages) => Array.isArray(messages) && messages.every((item) => typeof item === 'string'),
      );
    if (!valid) return 'fieldErrors is not { field: string[] }';
    if (LEAK.test(JSON.stringify(fieldErrors))) return 'fieldErrors leak internals';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// The fuzz campaign: hostile inputs for every procedure, over tRPC and REST, with the database watched.
// ---------------------------------------------------------------------------------------------------------

/**
 * A JSON value built by hand rather than with JS objects, so keys such as `__proto__` really reach the
 * wire (an object literal would turn them into a prototype) and duplicate keys are possible.
 */
export type TJsonNode =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'arr'; v: TJsonNode[] }
  | { k: 'obj'; v: [string, TJsonNode][] };

export const renderJson = (node: TJsonNode): string =>
  node.k === 'lit'
    ? JSON.stringify(node.v) // NaN and ±Infinity become null, as any JSON client sends them
    : node.k === 'arr'
      ? `[${node.v.map(renderJson).join(',')}]`
      : `{${node.v.map(([key, value]) => `${JSON.stringify(key)}:${renderJson(value)}`).join(',')}}`;

export function toNode(value: unknown): TJsonNode {
  if (Array.isArray(value)) return { k: 'arr', v: value.map(toNode) };
  if (typeof value === 'object' && value !== null) {
    return { k: 'obj', v: Object.entries(value).map(([key, item]) => [key, toNode(item)]) };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return { k: 'lit', v: value };
  return { k: 'lit', v: null };
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Values that broke systems before: type confusion, edge numbers, injection text, odd unicode, fake cursors. */
const NASTY_LITERALS: (string | number | boolean | null)[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  0.1,
  1.005,
  10000.001,
  1e21,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  -(2 ** 31) - 1,
  '',
  ' ',
  '0',
  '-0',
  '-1',
  'NaN',
  'Infinity',
  '1e309',
  '0x10',
  '1_000',
  '10000.001',
  '99999999999999999999.99',
  '١٢٣٤٥',
  '\u0000',
  '%00',
  '\ud800',
  'a\u202Eb',
  '../../etc/passwd',
  "' or '1'='1' --",
  "'); drop table users; --",
  '<script>alert(1)</script>',
  // Template-injection probe, sent as literal text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder text itself is the probe
  '${7*7}',
  '__proto__',
  'constructor',
  'admin',
  'HOME',
  'NEW',
  '2024-02-30',
  '2024-13-01',
  '9999-12-31',
  '2020-01-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  cursorOf({ at: '2020-01-01T00:00:00.000Z', id: 'not-a-uuid' }),
  cursorOf({ at: '2020-01-01T00:00:00.000Z', id: "' or 1=1 --" }),
  cursorOf({ at: '+275760-09-13T00:00:00.000Z', id: '00000000-0000-0000-0000-000000000000' }),
  cursorOf({ at: 'yesterday', id: 1 }),
  cursorOf({ __proto__: { at: 1 } }),
  '😀'.repeat(41),
  'x'.repeat(257),
  'é'.repeat(5000),
];

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isAdmin',
  'role',
  '',
];

const literal: fc.Arbitrary<TJsonNode> = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_LITERALS) },
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.integer(),
    fc.double(),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    fc.uuid(),
    fc.boolean(),
  )
  .map((v) => ({ k: 'lit', v }));

const key = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...KEYS) }, fc.string({ maxLength: 12 }));

export const hostileNode: fc.Arbitrary<TJsonNode> = fc.letrec<{ node: TJsonNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: literal },
    fc.array(tie('node'), { maxLength: 4 }).map((v): TJsonNode => ({ k: 'arr', v })),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((v): TJsonNode => ({ k: 'obj', v })),
  ),
})).node;

/** A request input: a JSON value, or text that is not JSON at all. */
export type TFuzzInput = { kind: 'json'; node: TJsonNode } | { kind: 'raw'; text: string };

const MALFORMED = [
  '{',
  '[1,2',
  'NaN',
  '{"a":NaN}',
  '{"amount":1e}',
  "{'a':1}",
  '\u0000',
  'undefined',
  '{"a":1}}',
  '',
];

/**
 * Inputs for a procedure whose valid input looks like `sample`: mostly the sample with one field made
 * hostile, removed, duplicated or joined by an unexpected (prototype-polluting) key; sometimes anything.
 */
export function fuzzInput(sample: unknown): fc.Arbitrary<TFuzzInput> {
  const base = toNode(sample);
  const entries = base.k === 'obj' ? base.v : [];
  const mutated = fc
    .tuple(
      fc.nat(),
      fc.constantFrom('set', 'delete', 'extra', 'duplicate', 'set-two'),
      hostileNode,
      hostileNode,
      key,
    )
    .map(([index, op, value, other, extraKey]): TJsonNode => {
      if (!entries.length) return { k: 'obj', v: [[extraKey, value]] };
      const at = index % entries.length;
      const [name = ''] = entries[at] ?? [];
      const copy: [string, TJsonNode][] = entries.map(([k, v]) => [k, v]);
      switch (op) {
        case 'set':
          copy[at] = [name, value];
          break;
        case 'delete':
          copy.splice(at, 1);
          break;
        case 'extra':
          copy.push([extraKey, value]);
          break;
        case 'duplicate':
          copy.push([name, value]);
          break;
        default: {
          copy[at] = [name, value];
          const second = (at + 1) % copy.length;
          const [secondName = ''] = copy[second] ?? [];
          copy[second] = [secondName, other];
        }
      }
      return { k: 'obj', v: copy };
    });
  return fc.oneof(
    { weight: 6, arbitrary: mutated.map((node): TFuzzInput => ({ kind: 'json', node })) },
    { weight: 2, arbitrary: hostileNode.map((node): TFuzzInput => ({ kind: 'json', node })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...MALFORMED).map((text): TFuzzInput => ({ kind: 'raw', text })),
    },
    { weight: 1, arbitrary: fc.constant<TFuzzInput>({ kind: 'json', node: base }) },
  );
}

export const describeInput = (input: TFuzzInput) =>
  input.kind === 'raw' ? `raw ${JSON.stringify(input.text)}` : renderJson(input.node);

/** Ids of seeded records, so mutated inputs reach the code behind "not found". */
export interface TFuzzIds {
  pendingAgentId: string;
  agentId: string;
  customerId: string;
  newLoanId: string;
  pendingLoanId: string;
  approvedLoanId: string;
  /** A disbursed (ACTIVE) loan of `agentId`, with one repayment `repaymentId`. */
  activeLoanId: string;
  repaymentId: string;
}

/**
 * A valid-looking input for every procedure (undefined: the procedure takes none). The fuzz test checks
 * that this table covers `procedurePaths()`, so a new procedure cannot escape the campaign.
 */
export function fuzzSamples(ids: TFuzzIds): Record<string, unknown> {
  const terms = { productCode: 'HOME', amount: '100000.00', termMonths: 36 };
  return {
    'auth.registerCustomer': {
      username: 'fuzz.customer',
      password: 'long enough pw',
      email: 'fuzz.c@example.com',
    },
    'auth.registerAgent': {
      username: 'fuzz.agent',
      password: 'long enough pw',
      email: 'fuzz.a@example.com',
      phone: '+44 20 7946 0000',
    },
    'auth.login': { username: 'fuzz.customer', password: 'long enough pw' },
    'auth.me': undefined,
    // Never the real current password: a success would end the fuzzing admin's session.
    'auth.changePassword': { currentPassword: 'not the password', newPassword: 'another long password' },
    'users.list': { limit: 10, role: 'agent' },
    'customers.list': { search: 'cust', limit: 5 },
    'agents.list': { status: 'PENDING', limit: 5 },
    'agents.approve': { agentId: ids.pendingAgentId },
    'agents.reject': { agentId: ids.pendingAgentId, reason: 'Incomplete documents' },
    'agents.suspend': { agentId: ids.agentId, reason: 'Audit' },
    'agents.reinstate': { agentId: ids.agentId },
    'loanProducts.list': undefined,
    'loanProducts.create': {
      code: 'FUZZ',
      name: 'Fuzz loan',
      annualRatePercent: '5.5',
      minAmount: '100.00',
      maxAmount: '5000.00',
      minTermMonths: 6,
      maxTermMonths: 60,
    },
    'loanProducts.update': { code: 'CAR', annualRatePercent: '7.30' },
    'loans.quote': terms,
    'loans.create': terms,
    'loans.openForCustomer': { ...terms, customerId: ids.customerId },
    'loans.forward': { loanId: ids.newLoanId },
    'loans.update': { loanId: ids.newLoanId, expectedVersion: 1, amount: '120000.00', termMonths: 48 },
    'loans.withdraw': { loanId: ids.newLoanId },
    'loans.approve': { loanId: ids.pendingLoanId },
    'loans.reject': { loanId: ids.pendingLoanId, reason: 'Insufficient income' },
    'loans.get': { loanId: ids.approvedLoanId },
    'loans.history': { loanId: ids.approvedLoanId },
    'loans.list': {
      status: ['NEW', 'PENDING'],
      limit: 10,
      sort: 'asc',
      dateField: 'updatedAt',
      from: '2020-01-01',
      to: '2030-12-31',
      cursor: cursorOf({ at: '2020-01-01T00:00:00.000Z', id: ids.newLoanId }),
    },
    'loans.disburse': { loanId: ids.approvedLoanId, reference: 'WIRE-1' },
    'loans.repay': { loanId: ids.activeLoanId, amount: '10.00', idempotencyKey: 'fuzz-repay-0001' },
    'loans.prepay': {
      loanId: ids.activeLoanId,
      amount: '20.00',
      reduce: 'INSTALLMENT',
      idempotencyKey: 'fuzz-prepay-0001',
    },
    'loans.payoffQuote': { loanId: ids.activeLoanId },
    'loans.payoff': { loanId: ids.activeLoanId, amount: '99999.99', idempotencyKey: 'fuzz-payoff-0001' },
    'loans.reverseTransaction': {
      loanId: ids.activeLoanId,
      transactionId: ids.repaymentId,
      reason: 'Cheque bounced',
    },
    'loans.writeOff': { loanId: ids.activeLoanId, reason: 'Untraceable' },
    'loans.position': { loanId: ids.activeLoanId },
    'loans.transactions': { loanId: ids.activeLoanId },
    'portfolio.summary': { asOf: '2026-06-30' },
  };
}

/** Every procedure of the router with its kind (query or mutation), as the campaign calls it over tRPC. */
export const procedureKinds = (): Record<string, 'query' | 'mutation'> =>
  Object.fromEntries(appCatalogue().map(({ path, type }) => [path, type]));

/**
 * encodeURIComponent that does not throw on a lone surrogate: it is sent as its (invalid UTF-8) WTF-8
 * bytes, which is exactly the kind of input a server must survive.
 */
export function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out +=
        `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** The same input as a REST request: path parameters, then the query string (GET) or the JSON body. */
export function restRequestFor(
  route: { method: string; path: string },
  input: TFuzzInput,
): { url: string; method: string; body?: string } {
  const entries = input.kind === 'json' && input.node.k === 'obj' ? input.node.v : [];
  const last = new Map(entries);
  const asText = (node: TJsonNode | undefined): string | null =>
    node?.k === 'lit' ? String(node.v) : node ? renderJson(node) : null;
  const url = route.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeLoose(asText(last.get(name)) ?? 'x'),
  );
  if (route.method === 'GET') {
    if (input.kind === 'raw') return { url: `${url}?${encodeLoose(input.text)}`, method: 'GET' };
    const query: string[] = [];
    const add = (name: string, value: string) => query.push(`${encodeLoose(name)}=${encodeLoose(value)}`);
    for (const [name, node] of entries) {
      if (route.path.includes(`{${name}}`)) continue;
      if (node.k === 'arr' && node.v.every((item) => item.k === 'lit')) {
        for (const item of node.v) add(name, asText(item) ?? '');
      } else {
        add(name, asText(node) ?? '');
      }
    }
    const search = query.join('&');
    return { url: search ? `${url}?${search}` : url, method: 'GET' };
  }
  return { url, method: route.method, body: input.kind === 'raw' ? input.text : renderJson(input.node) };
}

export interface TFuzzCase {
  transport: 'trpc' | 'rest';
  path: string;
  principal: string;
  input: TFuzzInput;
  response: TRawResponse;
}

/** A response that must not happen, with the case that produced it (for the failure message). */
export class FuzzViolation extends Error {}

const SECRET_LIKE = /\$argon2|\$scrypt|pbkdf2|password_?hash/i;

/**
 * Sends one fuzz case and checks it: never a 5xx, a documented error shape for every refusal, and not a
 * byte of the database changed by a refused request. Returns the new baseline fingerprint.
 */
export async function checkFuzzCase(
  server: THardenedServer,
  send: () => Promise<TRawResponse>,
  describe: Omit<TFuzzCase, 'response'>,
  baseline: Awaited<ReturnType<typeof databaseFingerprint>>,
): Promise<{ response: TRawResponse; baseline: Awaited<ReturnType<typeof databaseFingerprint>> }> {
  const response = await send();
  const where = `${describe.transport} ${describe.path} as ${describe.principal} with ${describeInput(describe.input)}`;
  if (response.status >= 500 || response.status < 200) {
    throw new FuzzViolation(`${response.status} for ${where}: ${response.text.slice(0, 300)}`);
  }
  if (SECRET_LIKE.test(response.text) || response.text.includes(TEST_JWT_SECRET)) {
    throw new FuzzViolation(`a secret-looking value in the response to ${where}`);
  }
  const after = await databaseFingerprint(server.db);
  if (response.status >= 400) {
    const problem = errorShapeProblem(describe.transport, response);
    if (problem) throw new FuzzViolation(`${problem} — ${response.status} for ${where}`);
    const changed = Object.keys({ ...baseline, ...after }).filter(
      (table) => JSON.stringify(baseline[table]) !== JSON.stringify(after[table]),
    );
    if (changed.length) {
      throw new FuzzViolation(`refused request (${response.status}) changed ${changed.join(', ')}: ${where}`);
    }
  } else if (
    describe.transport === 'trpc' &&
    !(response.json && typeof response.json === 'object' && 'result' in response.json)
  ) {
    throw new FuzzViolation(`success without a tRPC result for ${where}: ${response.text.slice(0, 200)}`);
  }
  return { response, baseline: after };
}

export interface TCampaignSetup {
  server: THardenedServer;
  /** Principal name → bearer token (null: anonymous). */
  principals: Record<string, string | null>;
  samples: Record<string, unknown>;
  /** procedure path → `query` or `mutation` */
  kinds: Record<string, 'query' | 'mutation'>;
  /** procedure path → REST route (every procedure has one). */
  restRoutes: Record<string, { method: string; path: string }>;
}

export interface TCampaignResult {
  tried: number;
  byStatus: Record<string, number>;
}

/** Seeds the records the samples point at and returns a campaign over every procedure. */
export async function setUpCampaign(
  server: THardenedServer,
  kinds: Record<string, 'query' | 'mutation'>,
  restRoutes: Record<string, { method: string; path: string }>,
): Promise<TCampaignSetup> {
  const admin = await server.account('admin', 'ACTIVE');
  const customer = await server.account('customer', 'ACTIVE');
  const agent = await server.account('agent', 'APPROVED');
  const pendingAgent = await server.account('agent', 'PENDING');
  const seed = async (path: string, input: unknown, token: string) => {
    const response = await server.trpc('mutation', path, input, { token });
    const id = (response.json as { result?: { data?: { id?: string } } }).result?.data?.id;
    if (!id) throw new Error(`seeding with ${path} failed: ${response.text}`);
    return id;
  };
  const terms = { productCode: 'HOME', amount: '100000.00', termMonths: 36 };
  const loan = () => seed('loans.create', terms, customer.token);
  const newLoanId = await loan();
  const pendingLoanId = await loan();
  const approvedLoanId = await loan();
  const activeLoanId = await loan();
  for (const id of [pendingLoanId, approvedLoanId, activeLoanId]) {
    await seed('loans.forward', { loanId: id }, agent.token);
  }
  for (const id of [approvedLoanId, activeLoanId]) await seed('loans.approve', { loanId: id }, admin.token);
  await seed('loans.disburse', { loanId: activeLoanId }, admin.token);
  const repaymentId = await seed(
    'loans.repay',
    { loanId: activeLoanId, amount: '100.00', idempotencyKey: 'fuzz-seed-repayment' },
    admin.token,
  );
  const samples = fuzzSamples({
    pendingAgentId: pendingAgent.id,
    agentId: agent.id,
    customerId: customer.id,
    newLoanId,
    pendingLoanId,
    approvedLoanId,
    activeLoanId,
    repaymentId,
  });
  return { server, principals: { anonymous: null, admin: admin.token }, samples, kinds, restRoutes };
}

/**
 * Runs `runs` cases per procedure × principal × transport (fast-check, shrinking on failure). Throws the
 * first violation; returns how many requests were tried and their statuses.
 */
export async function runCampaign(
  setup: TCampaignSetup,
  options: { runs: number; seed?: number; paths?: readonly string[]; onProgress?: (tried: number) => void },
): Promise<TCampaignResult> {
  const { server } = setup;
  const result: TCampaignResult = { tried: 0, byStatus: {} };
  let baseline = await databaseFingerprint(server.db);
  const transports: ('trpc' | 'rest')[] = ['trpc', 'rest'];
  for (const path of options.paths ?? Object.keys(setup.kinds)) {
    const kind = setup.kinds[path] ?? 'query';
    for (const [principal, token] of Object.entries(setup.principals)) {
      for (const transport of transports) {
        const route = setup.restRoutes[path];
        if (transport === 'rest' && !route) throw new FuzzViolation(`no REST route for ${path}`);
        const property = fc.asyncProperty(fuzzInput(setup.samples[path]), async (input) => {
          const send = (): Promise<TRawResponse> => {
            const auth = token ? { token } : {};
            if (transport === 'rest' && route) {
              const request = restRequestFor(route, input);
              return server.request(`/api/v1${request.url}`, {
                ...auth,
                method: request.method,
                ...(request.body !== undefined ? { body: request.body } : {}),
              });
            }
            const text = input.kind === 'raw' ? input.text : renderJson(input.node);
            return kind === 'query'
              ? server.request(`/trpc/${path}?input=${encodeLoose(text)}`, auth)
              : server.request(`/trpc/${path}`, { ...auth, method: 'POST', body: text });
          };
          const checked = await checkFuzzCase(server, send, { transport, path, principal, input }, baseline);
          baseline = checked.baseline;
          result.tried += 1;
          const status = String(checked.response.status);
          result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
          options.onProgress?.(result.tried);
        });
        await fc.assert(property, {
          numRuns: options.runs,
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          // A violation is reported with its smallest input; bounded so a failing CI run ends soon.
          endOnFailure: false,
          interruptAfterTimeLimit: 120_000,
        });
      }
    }
  }
  return result;
}
