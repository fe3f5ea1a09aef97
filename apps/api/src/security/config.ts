import type { TConfig } from '../env';

/** Throttling limits, each counted within one window of `windowSeconds` (docs/security.md). */
export interface TThrottleLimits {
  windowSeconds: number;
  /** Failed logins for one username from one IP; a successful login from that IP resets it. */
  loginFailuresPerUserIp: number;
  /** Failed logins for one username from all IPs together (distributed guessing). */
  loginFailuresPerUser: number;
  /** Failed logins from one IP, whatever the username (password spraying). */
  loginFailuresPerIp: number;
  /** Registration attempts (customer or agent) from one IP. */
  registrationsPerIp: number;
}

export interface TSecurityConfig {
  /** Origins allowed by CORS; empty → CORS is off (no Access-Control-* headers). */
  corsOrigins: string[];
  /** Fastify `trustProxy`: whose `X-Forwarded-For` to believe for the client IP. */
  trustProxy: boolean | number | string[];
  bodyLimit: number;
  requestTimeoutMs: number;
  /** null: no throttling (only for tests that exercise something else). */
  throttle: TThrottleLimits | null;
}

export const DEFAULT_THROTTLE: TThrottleLimits = {
  windowSeconds: 900,
  loginFailuresPerUserIp: 5,
  loginFailuresPerUser: 20,
  loginFailuresPerIp: 20,
  registrationsPerIp: 20,
};

export const DEFAULT_SECURITY: TSecurityConfig = {
  corsOrigins: [],
  trustProxy: false,
  bodyLimit: 256 * 1024,
  requestTimeoutMs: 30_000,
  throttle: DEFAULT_THROTTLE,
};

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function parseTrustProxy(value: string | undefined): TSecurityConfig['trustProxy'] {
  const text = value?.trim().toLowerCase();
  if (!text || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return list(value);
}

export function securityConfigFrom(config: TConfig): TSecurityConfig {
  const corsOrigins = list(config.CORS_ORIGINS);
  for (const origin of corsOrigins) {
    // An allow-list entry is an exact origin; a wildcard would turn the allow-list off.
    if (origin === '*' || !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com`);
    }
  }
  return {
    corsOrigins,
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    bodyLimit: config.BODY_LIMIT,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    throttle: {
      windowSeconds: config.THROTTLE_WINDOW_SECONDS,
      loginFailuresPerUserIp: config.LOGIN_FAILURES_PER_USER_IP,
      loginFailuresPerUser: config.LOGIN_FAILURES_PER_USER,
      loginFailuresPerIp: config.LOGIN_FAILURES_PER_IP,
      registrationsPerIp: config.REGISTRATIONS_PER_IP,
    },
  };
}
