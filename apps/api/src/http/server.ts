import { existsSync, readdirSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TDatabase } from '../db/orm';
import type { TTokenService } from '../modules/auth/tokens';
import { exportsPlugin } from '../modules/exports/exports.plugin';
import { API_PACKAGE_DIR } from '../paths';
import { restPlugin } from '../rest/plugin';
import { DEFAULT_SECURITY, type TSecurityConfig } from '../security/config';
import { clientErrorHandler, frameworkErrors, registerHttpHygiene } from '../security/http-hygiene';
import { registerRequestSecurity } from '../security/request-security';
import { createThrottle, retryAfterSecondsOf } from '../security/throttle';
import { type AppRouter, appRouter } from '../trpc/app-router';
import { assertCatalogueComplete } from '../trpc/catalogue';
import { rewriteProcedureAliases } from './procedure-aliases';
import { createRequestContext } from './request-context';

export interface TServerDeps {
  db: TDatabase;
  tokens: TTokenService;
  logger: FastifyServerOptions['logger'];
  /** Built web app to serve on `/`, or null to serve the API only. */
  webDistDir: string | null;
  /** Abuse limits and HTTP hygiene (docs/security.md); defaults: DEFAULT_SECURITY. */
  security?: Partial<TSecurityConfig>;
}

/** RFC 6750 §3: a 401 names the scheme, and says when the token sent was not accepted. */
const bearerChallenge = (sentToken: boolean) =>
  `Bearer realm="loanbook"${sentToken ? ', error="invalid_token"' : ''}`;

/** The most procedure calls one `/trpc` request may batch. */
export const MAX_BATCH_SIZE = 10;

/** The web app's build in the workspace (apps/web/dist), from source and from the bundle alike. */
export const DEFAULT_WEB_DIST = resolve(API_PACKAGE_DIR, '../web/dist');

/**
 * Caching of the built web app: files under `assets/` have a content hash in their name (a new build
 * makes new names), so browsers keep them a year without asking again; everything else — `index.html`,
 * which names the current assets, and the SPA fallback that returns it — is revalidated on every use
 * (`no-cache`: a 304 when unchanged), so a deploy is seen at the next page load.
 */
export function webCacheControl(pathInDist: string): string {
  return pathInDist.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Builds the HTTP server (not listening yet): tRPC at /trpc, probes, and the SPA. */
export async function buildServer({ db, tokens, logger, webDistDir, security }: TServerDeps) {
  assertCatalogueComplete();
  const config: TSecurityConfig = { ...DEFAULT_SECURITY, ...security };
  const { trustProxy } = config;
  const trustsProxy = Array.isArray(trustProxy) ? trustProxy.length > 0 : Boolean(trustProxy);
  const app = Fastify({
    logger,
    rewriteUrl: (req) => rewriteProcedureAliases(req.url ?? '/'),
    // The request id goes into logs and audit records: only a trusted proxy may choose it.
    genReqId: (req) => {
      const given = trustsProxy ? req.headers['x-request-id'] : undefined;
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: config.bodyLimit,
    // Only configured proxies may name the client: a client-set X-Forwarded-For would dodge IP throttling.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    // A client gets this long to send its whole request (slow-loris); an idle socket twice as long.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs * 2,
    // Node checks request timeouts on this interval (default 30 s), so a short timeout needs a short one.
    http: {
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.requestTimeoutMs / 4))),
    },
    clientErrorHandler,
    frameworkErrors,
  });

  await registerHttpHygiene(app, config);
  registerRequestSecurity(app, config.throttle ? createThrottle(config.throttle) : null);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // API answers depend on who asks: no shared or browser cache may keep them.
    if (/^\/(trpc|api)(\/|$|\?)/.test(request.url)) reply.header('cache-control', 'no-store');
    if (reply.statusCode === 401) {
      reply.header('www-authenticate', bearerChallenge(request.headers.authorization !== undefined));
    }
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await db.fork().getConnection().execute('select 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      // One request runs at most this many procedures (the web app's batch link sends no more): a larger
      // batch is one 400, so one request cannot fan out into hundreds of queries (docs/security.md).
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ req }) => createRequestContext(req, { db, tokens }),
      responseMeta: ({ errors, ctx }) => {
        const headers: Record<string, string> = {};
        const seconds = errors.map((error) => retryAfterSecondsOf(error)).find((value) => value !== null);
        if (seconds) headers['retry-after'] = String(seconds);
        // tRPC writes its own status, so the 401 challenge of /trpc is set here (REST's in onSend).
        if (errors.some((error) => error.code === 'UNAUTHORIZED')) {
          headers['www-authenticate'] = bearerChallenge(Boolean(ctx?.authError));
        }
        return { headers };
      },
      onError: ({ error, path, ctx }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          app.log.error({ err: error.cause ?? error, path, requestId: ctx?.requestId }, 'procedure failed');
        } else if (error.code === 'SERVICE_UNAVAILABLE') {
          // Not a bug, but operators need to see why the database was unreachable.
          app.log.warn(
            { err: error.cause ?? error, path, requestId: ctx?.requestId },
            'database unavailable',
          );
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  await app.register(restPlugin, { db, tokens });
  await app.register(exportsPlugin, { db, tokens });

  if (webDistDir && existsSync(resolve(webDistDir, 'index.html'))) {
    const root = resolve(webDistDir);
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      // The build writes `<file>.br` and `<file>.gz` beside each text file (apps/web/build/precompress.ts):
      // the variant the browser accepts is sent (br, then gzip, then the file itself), with
      // `Vary: Accept-Encoding`. The variants are not URLs of their own.
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      cacheControl: false,
      setHeaders: (reply, path) => reply.header('cache-control', webCacheControl(relative(root, path))),
    });
    // Pages prerendered at build (`login.html` for /login…: apps/web/build/prerender.ts) are sent for
    // their path; other deep links of the single-page app (e.g. /loans/123) get the app shell. API paths
    // and missing files (an old build's chunk after a redeploy) stay 404, so the browser reports a failed
    // load, not HTML.
    const prerendered = new Set(
      readdirSync(root).filter((name) => name.endsWith('.html') && name !== 'index.html'),
    );
    app.setNotFoundHandler((request, reply) => {
      const { pathname } = new URL(request.url, 'http://localhost');
      const isApi = /^\/(trpc|api)(\/|$)/.test(pathname);
      const isFile = /\.[a-z0-9]+$/i.test(pathname);
      const page = `${pathname.slice(1)}.html`;
      if (request.method === 'GET' && !isApi && !isFile) {
        return reply.sendFile(prerendered.has(page) ? page : 'index.html');
      }
      return reply.code(404).send({ code: 'NOT_FOUND', message: 'Not found' });
    });
  }
  return app;
}
