import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TDatabase } from '../db/orm';
import { createRequestContext } from '../http/request-context';
import type { TTokenService } from '../modules/auth/tokens';
import { createCaller } from '../trpc/app-router';
import { appCatalogue, inputJsonSchema, type TProcedureInfo } from '../trpc/catalogue';
import { registerDocsPage } from './docs-page';
import { buildProcedureInput, textFields } from './input';
import { buildOpenApiDocument, REST_PREFIX } from './openapi';
import { RestError, toRestError } from './rest-error';
import { type TRestRoute, toFastifyPath } from './route';

export interface TRestPluginOptions {
  db: TDatabase;
  tokens: TTokenService;
}

const isObjectLike = (value: unknown): value is object =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

/** Calls a procedure of a server-side caller by its path ("loans.approve"). */
async function callProcedure(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (isObjectLike(node) ? Reflect.get(node, key) : undefined), caller);
  if (typeof procedure !== 'function') throw new Error(`The caller has no procedure ${path}`);
  const result: unknown = await procedure(input);
  return result;
}

/** `/loans/{loanId}` → a regular expression matching `/loans/<anything but a slash>`. */
const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);

/** Everything under /api/v1: one JSON body parser, one error shape, one generic handler per route. */
function registerRoutes(
  api: FastifyInstance,
  routed: readonly { info: TProcedureInfo; route: TRestRoute }[],
  { db, tokens }: TRestPluginOptions,
) {
  // JSON only (anything else is 415), through Fastify's own prototype-poisoning-safe parser; but an
  // empty body is "no body" — an action such as POST /loans/{loanId}/approve needs none — and malformed
  // JSON is a 400 in our error shape.
  const parseJson = api.getDefaultJsonParser('error', 'error');
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body !== 'string' || body.trim() === '') return done(null, undefined);
    parseJson(request, body, (error, value) =>
      error
        ? done(new RestError(400, 'BAD_REQUEST', 'The request body is not valid JSON'), undefined)
        : done(null, value),
    );
  });

  api.setErrorHandler((error, request, reply) => {
    const { status, body, isInternal } = toRestError(error);
    if (isInternal) {
      const cause = error instanceof Error && error.cause ? error.cause : error;
      request.log.error({ err: cause, url: request.url }, 'REST request failed');
    }
    return reply.code(status).send(body);
  });

  const patterns = routed.map(({ route }) => ({ method: route.method, pattern: patternOf(route.path) }));
  api.setNotFoundHandler((request, reply) => {
    const pathname = new URL(request.url, 'http://localhost').pathname;
    const path = pathname.slice(REST_PREFIX.length) || '/';
    const allowed = patterns.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method);
    if (allowed.length) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send({
          code: 'METHOD_NOT_SUPPORTED',
          message: `${request.method} is not supported on ${pathname}: use ${allowed.join(' or ')}`,
        });
    }
    return reply.code(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${pathname}` });
  });

  for (const { info, route } of routed) {
    const inputSchema = info.input ? inputJsonSchema(info.input) : null;
    api.route({
      method: route.method,
      url: toFastifyPath(route.path),
      handler: async (request, reply) => {
        const input = buildProcedureInput({
          method: route.method,
          params: textFields(request.params),
          query: textFields(request.query),
          body: request.body,
          inputSchema,
        });
        // The same context as the tRPC adapter builds; a throttling refusal gets its Retry-After from
        // the onError hook.
        const caller = createCaller(await createRequestContext(request, { db, tokens }));
        const output = await callProcedure(caller, info.path, input);
        return reply.code(route.successStatus ?? 200).send(output);
      },
    });
  }
}

/**
 * REST + OpenAPI over the tRPC procedures: `/api/v1/...` from the routes the procedures declare, the
 * OpenAPI document at `/api/openapi.json`, and the interactive reference at `/api/docs`.
 */
export const restPlugin: FastifyPluginAsync<TRestPluginOptions> = async (app, options) => {
  const routed = appCatalogue().flatMap((info) => (info.meta.rest ? [{ info, route: info.meta.rest }] : []));
  const document = JSON.stringify(buildOpenApiDocument(routed));
  app.get('/api/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(document),
  );
  await registerDocsPage(app);
  await app.register(async (api) => registerRoutes(api, routed, options), { prefix: REST_PREFIX });
};
