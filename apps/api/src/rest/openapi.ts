import { ZLoginResult, ZOk, ZUser, ZUserPage } from '@loanbook/domain/accounts';
import { ERROR_REASONS, ERRORS, errorCodeOfStatus, type TErrorSpec } from '@loanbook/domain/errors';
import { ZHistoryEntry, ZLoan, ZLoanDetail, ZLoanPage, ZQuote } from '@loanbook/domain/loans';
import { ZLoanProduct } from '@loanbook/domain/products';
import { ZLoanTransaction, ZPayoffQuote, ZPortfolioSummary, ZPosition } from '@loanbook/domain/servicing';
import { z } from 'zod';
import { inputJsonSchema, type TJsonSchema, type TProcedureInfo } from '../trpc/catalogue';
import { successExamples } from './openapi-examples';
import { pathParamsOf, REST_TAGS, type TRestRoute } from './route';

/** Where the REST routes live; the document's server URL, so its paths read `/loans`, `/auth/login`. */
export const REST_PREFIX = '/api/v1';

/** Response schemas worth a name of their own in the document (the rest are named after their procedure). */
const NAMED_OUTPUTS: readonly (readonly [z.ZodType, string])[] = [
  [ZUser, 'User'],
  [ZUserPage, 'UserPage'],
  [ZLoginResult, 'LoginResult'],
  [ZOk, 'Ok'],
  [ZLoanProduct, 'LoanProduct'],
  [ZQuote, 'Quote'],
  [ZLoan, 'Loan'],
  [ZLoanDetail, 'LoanDetail'],
  [ZLoanPage, 'LoanPage'],
  [ZHistoryEntry, 'HistoryEntry'],
  [ZLoanTransaction, 'LoanTransaction'],
  [ZPayoffQuote, 'PayoffQuote'],
  [ZPosition, 'Position'],
  [ZPortfolioSummary, 'PortfolioSummary'],
];

const pascal = (path: string) =>
  path
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const camel = (path: string) => {
  const name = pascal(path);
  return name.charAt(0).toLowerCase() + name.slice(1);
};

/** The error statuses an operation documents: derived from who may call it, its path and its method. */
function errorStatusesOf({ meta }: TProcedureInfo, route: TRestRoute): number[] {
  if (route.errorStatuses) return [...route.errorStatuses];
  // 400 everywhere: invalid input, and on routes without input an unknown query parameter or a bad body.
  const statuses = new Set<number>([400]);
  if (meta.access?.allow !== 'anyone') {
    statuses.add(401);
    statuses.add(403);
  }
  if (pathParamsOf(route.path).length) statuses.add(404);
  if (route.method !== 'GET') statuses.add(409);
  statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * zod writes `.int()` as the safe-integer range (±9007199254740991): JavaScript's limit, not the API's.
 * Dropped here; the domain schemas give each integer its real range in their metadata (a term 1–600, a
 * version 1–2147483647, a count ≥ 0), and the OpenAPI lint test checks that every integer has one.
 */
function withoutSafeIntegerRange<T>(schema: T): T {
  const tidy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(tidy);
    if (!isRecord(value)) return value;
    const isSafeBound = (key: string, bound: unknown) =>
      (key === 'minimum' && bound === Number.MIN_SAFE_INTEGER) ||
      (key === 'maximum' && bound === Number.MAX_SAFE_INTEGER);
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, entry]) => (isSafeBound(key, entry) ? [] : [[key, tidy(entry)]])),
    );
  };
  return tidy(schema) as T;
}

/** The output schemas as named components, nested ones referenced by `$ref`. */
function outputComponents(procedures: readonly TProcedureInfo[]) {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [schema, id] of NAMED_OUTPUTS) {
    registry.add(schema, { id });
    names.set(schema, id);
  }
  for (const { path, output } of procedures) {
    if (names.has(output)) continue;
    const id = `${pascal(path)}Output`;
    registry.add(output, { id });
    names.set(output, id);
  }
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components: Record<string, TJsonSchema> = {};
  for (const [id, { $schema: _dialect, $id: _id, ...schema }] of Object.entries(schemas))
    components[id] = withoutSafeIntegerRange(schema);
  return {
    components,
    refFor: (output: z.ZodType) => ({ $ref: `#/components/schemas/${names.get(output)}` }),
  };
}

const ERROR_SCHEMA: TJsonSchema = {
  type: 'object',
  description: 'The one error shape of the API, for every status.',
  properties: {
    code: {
      type: 'string',
      description: 'Machine-readable: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, …',
    },
    message: { type: 'string', description: 'For a person; safe to show' },
    fieldErrors: {
      type: 'object',
      description: 'Input field (dotted path, `_root` for the whole input) → messages',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
    reason: {
      type: 'string',
      enum: [...ERROR_REASONS],
      description: 'Why, where clients must tell cases of one code apart (e.g. a suspended account)',
    },
  },
  required: ['code', 'message'],
  additionalProperties: false,
};

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
};

function errorResponse(status: number) {
  const code = errorCodeOfStatus(status);
  const { description, message, exampleFieldErrors }: TErrorSpec = ERRORS[code];
  return {
    description,
    ...(status === 429 ? { headers: RETRY_AFTER } : {}),
    content: {
      'application/json': {
        schema: {
          allOf: [{ $ref: '#/components/schemas/Error' }, { properties: { code: { const: code } } }],
        },
        example: { code, message, ...(exampleFieldErrors ? { fieldErrors: exampleFieldErrors } : {}) },
      },
    },
  };
}

/** The entries of a record whose keys are (keep) or are not (!keep) among `keys`. */
const pick = <T>(record: Readonly<Record<string, T>> | undefined, keys: readonly string[], keep: boolean) =>
  Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => keys.includes(key) === keep));

function operation(
  info: TProcedureInfo,
  route: TRestRoute,
  refFor: (output: z.ZodType) => { $ref: string },
  examples: ReadonlyMap<string, unknown>,
) {
  const { access, note } = info.meta;
  const isPublic = access?.allow === 'anyone';
  const who = !access ? 'nobody' : access.allow === 'anyone' ? 'anyone' : access.allow.join(', ');
  const successStatus = route.successStatus ?? 200;
  const input = info.input ? withoutSafeIntegerRange(inputJsonSchema(info.input)) : null;
  const properties = input?.properties ?? {};
  const required = input?.required ?? [];
  const pathParams = pathParamsOf(route.path);
  const parameterFor = (name: string, location: 'path' | 'query') => {
    const schema = properties[name];
    const isArray = typeof schema === 'object' && schema.type === 'array';
    const example = route.example?.[name];
    return {
      name,
      in: location,
      required: location === 'path' || required.includes(name),
      schema: schema ?? { type: 'string' },
      ...(isArray
        ? { style: 'form', explode: true, description: 'Repeat the parameter, or separate values by commas' }
        : {}),
      ...(example === undefined ? {} : { example }),
    };
  };
  const parameters = pathParams.map((name) => parameterFor(name, 'path'));
  let requestBody: Record<string, unknown> | undefined;
  if (route.method === 'GET') {
    for (const name of Object.keys(properties)) {
      if (!pathParams.includes(name)) parameters.push(parameterFor(name, 'query'));
    }
  } else if (input && Object.keys(properties).some((name) => !pathParams.includes(name))) {
    const bodyRequired = required.filter((name) => !pathParams.includes(name));
    const { properties: _all, required: _allRequired, ...rest } = input;
    const body: TJsonSchema = {
      ...rest,
      properties: pick(properties, pathParams, false),
      ...(bodyRequired.length ? { required: bodyRequired } : {}),
    };
    const example = pick(route.example, pathParams, false);
    requestBody = {
      required: bodyRequired.length > 0,
      content: {
        'application/json': { schema: body, ...(Object.keys(example).length ? { example } : {}) },
      },
    };
  }
  const example = examples.get(info.path);
  const responses: Record<string, unknown> = {
    [String(successStatus)]: {
      description: successStatus === 201 ? 'Created' : 'OK',
      content: {
        'application/json': { schema: refFor(info.output), ...(example === undefined ? {} : { example }) },
      },
    },
  };
  for (const status of errorStatusesOf(info, route)) {
    responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  }
  responses.default = {
    description: 'Any other failure (500 Internal error, 405, 413, 415), in the same shape',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  return {
    operationId: camel(info.path),
    summary: route.summary,
    description: `tRPC procedure \`${info.path}\` (${info.type}). Who: ${who}${note ? ` (${note})` : ''}.`,
    tags: [route.tag],
    'x-trpc-procedure': info.path,
    ...(isPublic ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/**
 * Loanbook is not published under an open licence: the repository has no LICENSE and its one package
 * meant for others (`@loanbook/client`) says `UNLICENSED`. SPDX has no identifier for "all rights
 * reserved"; `LicenseRef-…` is SPDX's own form for a licence that is not on its list.
 */
const LICENSE = { name: 'Proprietary (all rights reserved)', identifier: 'LicenseRef-Loanbook-Proprietary' };

/**
 * The OpenAPI 3.1 document of the REST API, derived at startup from each procedure's declared
 * route and its input and output zod schemas: the same schemas tRPC validates with, so they cannot drift.
 */
export function buildOpenApiDocument(routed: readonly { info: TProcedureInfo; route: TRestRoute }[]) {
  const { components, refFor } = outputComponents(routed.map(({ info }) => info));
  const examples = successExamples();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { info, route } of routed) {
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = operation(info, route, refFor, examples);
    paths[route.path] = item;
  }
  const statuses = [...new Set(routed.flatMap(({ info, route }) => errorStatusesOf(info, route)))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Loanbook API',
      version: '1.0.0',
      description: [
        'REST over the same procedures as the tRPC API at `/trpc`: each operation names its procedure',
        '(`x-trpc-procedure`) and runs it with the same access control, validation and output schema.',
        'Send `Authorization: Bearer <token>` with the token from `POST /auth/login`.',
        'Money is a decimal string with two places (`"10000.00"`); timestamps are ISO 8601 UTC;',
        'dates (`from`, `to`) are `YYYY-MM-DD`, both inclusive. Lists take `cursor` and `limit` and',
        'return `{ items, nextCursor }`. Every error is `{ code, message, fieldErrors? }`.',
      ].join(' '),
      license: LICENSE,
    },
    servers: [{ url: REST_PREFIX, description: 'This server' }],
    security: [{ bearerAuth: [] }],
    tags: Object.entries(REST_TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The `token` returned by `POST /auth/login`; valid for one hour.',
        },
      },
      schemas: { ...components, Error: ERROR_SCHEMA },
      responses: Object.fromEntries(
        statuses.sort((a, b) => a - b).map((status) => [`Error${status}`, errorResponse(status)]),
      ),
    },
  };
}
