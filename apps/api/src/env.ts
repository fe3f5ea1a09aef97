import { z } from 'zod';

/**
 * The only place that reads `process.env`. Everything else receives a validated `TConfig`, so tests can
 * build a server with any configuration without touching the process environment.
 */
const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL connection string; unset → embedded PGlite in DATA_DIR. */
  DATABASE_URL: z.url().optional(),
  /**
   * The tables' owner, for migrations only (with DATABASE_URL): the server then runs as DATABASE_URL's
   * least-privileged role (a member of loanbook_runtime) and migrates through this one (docs/security.md).
   */
  MIGRATION_DATABASE_URL: z.url().optional(),
  /**
   * Comma-separated PostgreSQL read-replica URLs (with DATABASE_URL): loan lists read from them, every
   * write and every read-before-write stays on the primary (docs/scaling.md).
   */
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()))
    .optional(),
  DATA_DIR: z.string().default('./data'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 bytes').optional(),
  ADMIN_USERNAME: z.string().min(3).optional(),
  ADMIN_PASSWORD: z.string().min(10, 'ADMIN_PASSWORD must be at least 10 characters').optional(),
  /** Directory of the built web app served on `/`; defaults to apps/web/dist. */
  WEB_DIST_DIR: z.string().optional(),
  // Hardening knobs (docs/security.md). All optional; the defaults are the safe choice.
  /** Comma-separated origins allowed to call the API from a browser; unset → no CORS headers at all. */
  CORS_ORIGINS: z.string().optional(),
  /**
   * Which proxies to believe for the client address (`X-Forwarded-For`): unset/`false` → none, the socket
   * address is the client; `true` → any; a number → that many hops; otherwise a comma-separated IP/CIDR
   * list. Believing a header a client can set would let it dodge per-IP throttling.
   */
  TRUST_PROXY: z.string().optional(),
  /** Largest request body in bytes. */
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  /** Time allowed to receive a whole request (slow-client protection), in milliseconds. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Login/registration throttling: window length and the limits counted within one window. */
  THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  LOGIN_FAILURES_PER_USER_IP: z.coerce.number().int().min(1).default(5),
  LOGIN_FAILURES_PER_USER: z.coerce.number().int().min(1).default(20),
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  REGISTRATIONS_PER_IP: z.coerce.number().int().min(1).default(20),
  /**
   * The demo book (src/modules/demo): `0` never creates it, `1` creates it on a fresh embedded database
   * whatever NODE_ENV says; unset: on for `pnpm start` (NODE_ENV development), off in test and production.
   */
  LOANBOOK_DEMO: z.stringbool().optional(),
});

export type TConfig = z.infer<typeof ZEnv>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  // An empty variable (e.g. `ADMIN_USERNAME=` from compose) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = ZEnv.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
