import { Readable } from 'node:stream';
import { ZLoanListInput } from '@loanbook/domain/loans';
import type { FastifyPluginAsync } from 'fastify';
import type { TDatabase } from '../../db/orm';
import { createRequestContext } from '../../http/request-context';
import { coerceTextFields, textFields } from '../../rest/input';
import { REST_PREFIX } from '../../rest/openapi';
import { RestError, toRestError } from '../../rest/rest-error';
import { createCaller } from '../../trpc/app-router';
import { inputJsonSchema } from '../../trpc/catalogue';
import type { TTokenService } from '../auth/tokens';
import { loanCsvChunks } from './loans-csv';

export interface TExportsPluginOptions {
  db: TDatabase;
  tokens: TTokenService;
}

/** Where the loan export lives: `GET /api/v1/exports/loans.csv?<the filters of GET /api/v1/loans>`. */
export const LOANS_CSV_PATH = `${REST_PREFIX}/exports/loans.csv`;

const LIST_INPUT_SCHEMA = inputJsonSchema(ZLoanListInput);
/** Paging belongs to the export itself: a client's cursor or limit would silently cut the file short. */
const PAGING_FIELDS = ['cursor', 'limit'] as const;

/** The list filters of the query string, typed as `loans.list` types them (arrays, numbers). */
function filtersOf(query: unknown): Record<string, unknown> {
  const fields = textFields(query);
  const refused = PAGING_FIELDS.filter((name) => name in fields);
  if (refused.length) {
    throw new RestError(
      400,
      'BAD_REQUEST',
      'An export contains every matching loan: it takes the list filters, not paging',
      Object.fromEntries(refused.map((name) => [name, ['Not a filter of an export']])),
    );
  }
  return coerceTextFields(fields, LIST_INPUT_SCHEMA);
}

const stamp = () => new Date().toISOString().slice(0, 10);

/**
 * CSV exports streamed by the server (docs/web.md "CSV export"): the whole filtered list, keyset page by
 * keyset page, however many loans match, so no client pages through the API to build a file.
 *
 * Authentication and authorization are `loans.list`'s own: the request's bearer token becomes the same
 * procedure context as any REST call, and the filters are first run through `loans.list` itself (one row),
 * so a bad filter is the same 400 with field errors, a missing token the same 401, a suspended account the
 * same 403 — all as JSON, before a byte of CSV is sent. The rows then come from `listVisibleLoans`, the
 * function behind `loans.list`: a customer's export holds their own loans only.
 */
export const exportsPlugin: FastifyPluginAsync<TExportsPluginOptions> = async (app, { db, tokens }) => {
  app.get(LOANS_CSV_PATH, async (request, reply) => {
    try {
      const filters = filtersOf(request.query);
      const ctx = await createRequestContext(request, { db, tokens });
      // Validates the filters and authorizes the caller exactly as the list does (the input is checked
      // again by the procedure; the cast only satisfies the compiler).
      const probe = { ...filters, limit: 1 } as Parameters<
        ReturnType<typeof createCaller>['loans']['list']
      >[0];
      await createCaller(ctx).loans.list(probe);
      const { user } = ctx;
      if (!user) throw new RestError(401, 'UNAUTHORIZED', 'Sign in to continue');
      const { cursor: _cursor, limit: _limit, ...input } = ZLoanListInput.parse(probe);
      ctx.audit({
        event: 'loans.exported',
        outcome: 'success',
        actor: { id: user.id, username: user.username, role: user.role },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="loans-${stamp()}.csv"`)
        .send(Readable.from(loanCsvChunks(ctx.em, user, input)));
    } catch (error) {
      const { status, body, isInternal } = toRestError(error);
      if (isInternal) request.log.error({ err: error, url: request.url }, 'CSV export failed');
      return reply.code(status).send(body);
    }
  });
};
