import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TDatabase } from '../db/orm';
import { authenticate } from '../modules/auth/authenticate';
import type { TTokenService } from '../modules/auth/tokens';
import { type AppRouter, appRouter } from '../trpc/app-router';
import { createContextInner } from '../trpc/context';

export interface TServerDeps {
  db: TDatabase;
  tokens: TTokenService;
  logger: FastifyServerOptions['logger'];
  /** Built web app to serve on `/`, or null to serve the API only. */
  webDistDir: string | null;
}

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Builds the HTTP server (not listening yet): tRPC at /trpc, probes, and the SPA. */
export async function buildServer({ db, tokens, logger, webDistDir }: TServerDeps) {
  const app = Fastify({
    logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
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
      createContext: async ({ req }) => {
        const em = db.fork();
        const { user, authError } = await authenticate(em, tokens, req.headers.authorization);
        return createContextInner({ em, tokens, user, authError, requestId: req.id, ip: req.ip });
      },
      onError: ({ error, path, ctx }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          app.log.error({ err: error.cause ?? error, path, requestId: ctx?.requestId }, 'procedure failed');
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  if (webDistDir && existsSync(resolve(webDistDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: resolve(webDistDir), wildcard: false });
    // Deep links of the single-page app (e.g. /loans/123) get the app shell; API paths stay 404.
    app.setNotFoundHandler((request, reply) => {
      const isApi = /^\/(trpc|api)(\/|$)/.test(request.url);
      if (request.method === 'GET' && !isApi) return reply.sendFile('index.html');
      return reply.code(404).send({ code: 'NOT_FOUND', message: 'Not found' });
    });
  }
  return app;
}
