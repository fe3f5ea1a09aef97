import { ConnectionException } from '@mikro-orm/core';

/** Socket errors of a lost or refused connection (Node's `error.code`). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/**
 * SQLSTATE of a lost database: class 08 (connection exception), 57P01–57P03 (admin shutdown, crash
 * shutdown, cannot connect now).
 */
const isConnectionSqlState = (code: string) => code.startsWith('08') || /^57P0[123]$/.test(code);

/** Error classes the driver stack throws when no connection can be had, by their stable `name`. */
const CONNECTION_ERROR_NAMES = new Set(['KnexTimeoutError', 'ConnectionException']);

const fieldOf = (error: object, key: string): unknown => (key in error ? Reflect.get(error, key) : undefined);

/**
 * Whether a failure means the database could not be reached (answered 503, never 500): recognised by
 * the driver's error codes and classes — Node's socket codes, PostgreSQL's SQLSTATE, knex's pool timeout,
 * MikroORM's ConnectionException — on the error or anywhere down its `cause` chain. Never by message.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (error instanceof ConnectionException) return true;
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const name = fieldOf(error, 'name');
  if (typeof name === 'string' && CONNECTION_ERROR_NAMES.has(name)) return true;
  for (const key of ['code', 'sqlState', 'errno']) {
    const code = fieldOf(error, key);
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || isConnectionSqlState(code))) return true;
  }
  return isConnectionFailure(fieldOf(error, 'cause'), depth + 1);
}

/** Whether the error (or its cause chain) carries a SQLSTATE: PostgreSQL itself answered. */
function hasSqlState(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  for (const key of ['code', 'sqlState']) {
    const code = fieldOf(error, key);
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return true;
  }
  return hasSqlState(fieldOf(error, 'cause'), depth + 1);
}

/**
 * `isConnectionFailure`, plus the failures a driver reports without any code — a client left unusable by a
 * dropped connection, a transaction the pool already ended — told apart from bugs by asking the database:
 * an error PostgreSQL did not answer with a SQLSTATE, while `select 1` fails too, is a lost database.
 */
export async function isDatabaseLost(error: unknown, isReachable: () => Promise<boolean>): Promise<boolean> {
  if (isConnectionFailure(error)) return true;
  if (hasSqlState(error)) return false;
  return !(await isReachable().catch(() => false));
}
