import type { TRole, TUserStatus } from '@loanbook/domain/accounts';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { hashPassword } from '../../src/modules/auth/password';
import type { TPrincipal } from '../../src/modules/auth/principal';
import { createTokenService } from '../../src/modules/auth/tokens';
import { toPrincipal } from '../../src/modules/users/user.dto';
import { User } from '../../src/modules/users/user.entity';
import { REST_PREFIX } from '../../src/rest/openapi';
import { pathParamsOf } from '../../src/rest/route';
import { restRouteFor } from '../../src/rest/routes';
import { TEST_JWT_SECRET, TEST_PASSWORD } from './api';
import type { TTestServer } from './http';
import { assertNoSecrets } from './secrets';

export interface TRestResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/** One HTTP request under /api/v1 with an optional bearer token and JSON body. */
export async function restRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<TRestResponse> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${baseUrl}${REST_PREFIX}${path}`, {
    method,
    headers: {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  assertNoSecrets(`${method} ${path}`, text);
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/**
 * The REST request for a procedure call, built from its route the way a REST client reads the OpenAPI
 * document: `{param}`s from the input, the other fields as query string (GET) or JSON body.
 */
export function restRequestFor(procedure: string, input: Record<string, unknown> = {}) {
  const route = restRouteFor(procedure);
  if (!route) throw new Error(`No REST route for ${procedure}`);
  return restRequestForRoute(route, input);
}

/** The same, for a route given by hand (`{ method: 'POST', path: '/loans/{loanId}/approve' }`). */
export function restRequestForRoute(
  route: { method: string; path: string },
  input: Record<string, unknown> = {},
) {
  const params = pathParamsOf(route.path);
  const path = route.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(String(input[name])),
  );
  const rest = Object.entries(input).filter(([name]) => !params.includes(name));
  if (route.method === 'GET') {
    const query = new URLSearchParams();
    for (const [name, value] of rest) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
    }
    const search = query.toString();
    return {
      method: route.method,
      path: search ? `${path}?${search}` : path,
      body: undefined,
      openApiPath: route.path,
    };
  }
  return {
    method: route.method,
    path,
    body: rest.length ? Object.fromEntries(rest) : undefined,
    openApiPath: route.path,
  };
}

const ZOpenApiLike = z.looseObject({
  paths: z.record(
    z.string(),
    z.record(z.string(), z.looseObject({ responses: z.record(z.string(), z.unknown()) })),
  ),
});
type TOpenApiLike = z.infer<typeof ZOpenApiLike>;

/**
 * Validates response bodies against the published OpenAPI document with ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1). A status the operation does not document explicitly is a failure, not a
 * silent fall back to `default`.
 */
export function createContractValidator(document: TOpenApiLike) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi.json');
  const cache = new Map<string, ValidateFunction>();
  const pointer = (...parts: string[]) =>
    parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
  return (openApiPath: string, method: string, status: number, body: unknown): string[] => {
    const operation = document.paths[openApiPath]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${openApiPath} is not in the document`];
    const response = operation.responses[String(status)];
    if (!response) return [`${method} ${openApiPath} does not document status ${status}`];
    const isRef = typeof response === 'object' && response !== null && '$ref' in response;
    const ref = isRef
      ? `openapi.json${String(response.$ref)}/content/application~1json/schema`
      : `openapi.json#/${pointer('paths', openApiPath, method.toLowerCase(), 'responses', String(status))}/content/application~1json/schema`;
    let validate = cache.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      cache.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
  };
}

/** A REST client for a test server that checks every response against the OpenAPI document. */
export async function createRestClient(server: TTestServer) {
  const documentResponse = await fetch(`${server.baseUrl}/api/openapi.json`);
  const document = ZOpenApiLike.parse(await documentResponse.json());
  const validate = createContractValidator(document);
  /** Every (procedure, status) the client saw, with the schema violations of its body. */
  const seen: { procedure: string; status: number; violations: string[] }[] = [];
  return {
    document,
    seen,
    async call(procedure: string, input?: Record<string, unknown>, token?: string) {
      const request = restRequestFor(procedure, input);
      const response = await restRequest(server.baseUrl, request.method, request.path, {
        ...(token ? { token } : {}),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const violations = validate(request.openApiPath, request.method, response.status, response.body);
      seen.push({ procedure, status: response.status, violations });
      if (violations.length) {
        throw new Error(
          `${procedure} → ${response.status} does not match the OpenAPI document:\n${violations.join('\n')}\n${JSON.stringify(response.body)}`,
        );
      }
      return response;
    },
  };
}

const tokens = createTokenService(TEST_JWT_SECRET);
let passwordHash: Promise<string> | undefined;
let counter = 0;

/** Inserts an account straight into the server's database (how an admin exists before any admin does). */
export async function insertAccount(
  server: TTestServer,
  role: TRole,
  status: TUserStatus,
  username = `${role}${++counter}_${crypto.randomUUID().slice(0, 6)}`,
): Promise<TPrincipal & { password: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const em = server.db.fork();
  const user = em.create(User, {
    username,
    email: `${username}@example.com`,
    phone: null,
    passwordHash: await passwordHash,
    role,
    status,
    statusReason: null,
  });
  await em.flush();
  return { ...toPrincipal(user), password: TEST_PASSWORD };
}

/** A valid token for an account that cannot sign in itself (pending, rejected or suspended agents). */
export const issueToken = async (principal: TPrincipal): Promise<string> =>
  (await tokens.issue({ userId: principal.id, role: principal.role, tokenVersion: 0 })).token;
