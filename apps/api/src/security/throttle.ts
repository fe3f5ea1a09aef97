import { createHash } from 'node:crypto';
import { DomainError } from '@loanbook/domain/errors';
import type { TEntityManager } from '../db/orm';
import type { TThrottleLimits } from './config';

/** A 429 that knows when to come back; the transports turn `retryAfterSeconds` into `Retry-After`. */
export class ThrottledError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TOO_MANY_REQUESTS', message);
  }
}

/** Seconds for a `Retry-After` header, if this error (or the one it wraps) is a throttling refusal. */
export function retryAfterSecondsOf(error: unknown): number | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (current instanceof ThrottledError) return current.retryAfterSeconds;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** An attempt counted in advance as a failure; `succeeded()` takes it back once the password is right. */
export interface TLoginAttempt {
  succeeded(): Promise<void>;
}

export interface TThrottle {
  /**
   * Counts a login attempt for (username, ip) before the password is checked: throws ThrottledError over
   * the per-(username, IP) or per-IP limit; over the username's all-IPs limit it only slows the attempt.
   */
  beginLogin(em: TEntityManager, username: string, ip: string): Promise<TLoginAttempt>;
  /** Counts a registration attempt from this IP; throws ThrottledError over the limit. */
  countRegistration(em: TEntityManager, ip: string): Promise<void>;
}

const TOO_MANY_LOGINS = 'Too many failed sign-in attempts: wait a while and try again';
const TOO_MANY_REGISTRATIONS = 'Too many registrations from this address: wait a while and try again';

/** Buckets hold a hash of their key: attempted usernames (often mistyped passwords) are not stored in clear. */
const bucket = (scope: string, ...parts: string[]) =>
  `${scope}:${createHash('sha256').update(parts.join('\u0000')).digest('base64url')}`;

/** Usernames are case-insensitive, so are their counters; the same for an unknown and a known name. */
const normalize = (username: string) => username.trim().toLowerCase();

/** A bucket's limit, and what happens over it: the attempt is refused (429), or slowed down. */
interface TBucketRule {
  limit: number;
  over: 'refuse' | 'slow';
}

/** Past the all-IPs limit of a username, each further attempt waits this much more, up to the cap. */
const SLOWDOWN_STEP_MS = 250;
const MAX_SLOWDOWN_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TCounterRow {
  bucket: string;
  hits: number;
  retry_after: number;
}

/**
 * Fixed-window counters in PostgreSQL (table `login_throttle`), shared by every API replica.
 *
 * An attempt is counted *before* the password is verified, in one transaction that increments every
 * bucket it touches and rolls back if any is over its limit. So concurrent guesses cannot all slip
 * through on a stale count, and a refused attempt adds nothing (a blocked IP cannot push a username over
 * its all-IPs limit and lock its owner out). A successful login then removes its own count and resets
 * that username's failures from that IP, and only those.
 */
export function createThrottle(limits: TThrottleLimits, random: () => number = Math.random): TThrottle {
  const window = limits.windowSeconds;

  /**
   * Counts one attempt in every bucket; over a `refuse` bucket's limit the attempt is refused (and not
   * counted); over a `slow` bucket's limit it goes on, and the returned delay (ms) grows with the excess.
   */
  async function hit(
    em: TEntityManager,
    buckets: Map<string, TBucketRule>,
    message: string,
  ): Promise<number> {
    // Sorted so two transactions lock shared rows in the same order (no deadlock).
    const names = [...buckets.keys()].sort();
    const values = names.map(() => '(?, 1, now() + make_interval(secs => ?))').join(', ');
    const params = names.flatMap((name) => [name, window]);
    let delayMs = 0;
    await em.transactional(async (tx) => {
      const rows = await tx.execute<TCounterRow[]>(
        `insert into login_throttle (bucket, hits, expires_at) values ${values}
         on conflict (bucket) do update set
           hits = case when login_throttle.expires_at <= now() then 1 else login_throttle.hits + 1 end,
           expires_at = case when login_throttle.expires_at <= now() then excluded.expires_at
                             else login_throttle.expires_at end
         returning bucket, hits, greatest(ceil(extract(epoch from expires_at - now())), 1)::int as retry_after`,
        params,
      );
      const excess = (row: TCounterRow) => row.hits - (buckets.get(row.bucket)?.limit ?? 0);
      const refused = rows.filter((row) => excess(row) > 0 && buckets.get(row.bucket)?.over === 'refuse');
      if (refused.length) {
        // Throwing rolls the increments back: a refused attempt is not counted.
        throw new ThrottledError(message, Math.max(...refused.map((row) => Number(row.retry_after))));
      }
      const slowed = Math.max(0, ...rows.filter((row) => excess(row) > 0).map(excess));
      delayMs = Math.min(MAX_SLOWDOWN_MS, slowed * SLOWDOWN_STEP_MS);
    });
    // Ended windows are reset on their next hit anyway; now and then sweep those nobody hits again.
    if (random() < 0.02) {
      await em.execute("delete from login_throttle where expires_at < now() - interval '1 minute'");
    }
    return delayMs;
  }

  return {
    async beginLogin(em, username, ip) {
      const name = normalize(username);
      const userIp = bucket('login-user-ip', name, ip);
      const user = bucket('login-user', name);
      const fromIp = bucket('login-ip', ip);
      // Per (username, IP) and per IP: refused. Per username from anywhere: slowed, never refused — a lock
      // there would let anyone lock a known username's owner out (docs/security.md).
      const delayMs = await hit(
        em,
        new Map<string, TBucketRule>([
          [userIp, { limit: limits.loginFailuresPerUserIp, over: 'refuse' }],
          [user, { limit: limits.loginFailuresPerUser, over: 'slow' }],
          [fromIp, { limit: limits.loginFailuresPerIp, over: 'refuse' }],
        ]),
        TOO_MANY_LOGINS,
      );
      if (delayMs > 0) await sleep(delayMs);
      return {
        async succeeded() {
          await em.transactional(async (tx) => {
            await tx.execute('delete from login_throttle where bucket = ?', [userIp]);
            await tx.execute(
              'update login_throttle set hits = greatest(hits - 1, 0) where bucket in (?, ?) and expires_at > now()',
              [user, fromIp],
            );
          });
        },
      };
    },
    async countRegistration(em, ip) {
      await hit(
        em,
        new Map([[bucket('register-ip', ip), { limit: limits.registrationsPerIp, over: 'refuse' }]]),
        TOO_MANY_REGISTRATIONS,
      );
    },
  };
}
