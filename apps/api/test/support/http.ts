import type { AddressInfo } from 'node:net';
import { buildServer } from '../../src/http/server';
import { createTokenService } from '../../src/modules/auth/tokens';
import type { TSecurityConfig } from '../../src/security/config';
import { TEST_JWT_SECRET } from './api';
import { createTestDatabase, type TTestDatabase } from './db';
import { assertNoSecrets } from './secrets';

export interface TTestServer {
  db: TTestDatabase;
  baseUrl: string;
  /** POST /trpc/<path> (mutation) and GET /trpc/<path>?input= (query), with an optional bearer token. */
  mutate(path: string, input: unknown, token?: string): Promise<TTrpcResponse>;
  query(path: string, input?: unknown, token?: string): Promise<TTrpcResponse>;
  close(): Promise<void>;
}

export interface TTrpcResponse {
  status: number;
  /** `result.data` on success */
  data: unknown;
  /** tRPC error shape on failure: `{ message, code, data: { code, httpStatus, fieldErrors? } }` */
  error: {
    message: string;
    code: number;
    data: { code: string; httpStatus: number; fieldErrors?: Record<string, string[]> };
  } | null;
  headers: Headers;
}

const headersFor = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

async function parse(response: Response): Promise<TTrpcResponse> {
  const text = await response.text();
  assertNoSecrets(response.url, text);
  const body = JSON.parse(text) as { result?: { data: unknown }; error?: TTrpcResponse['error'] };
  return {
    status: response.status,
    data: body.result?.data,
    error: body.error ?? null,
    headers: response.headers,
  };
}

/**
 * The real API server listening on a random loopback port, on a fresh test database — or on `db`, shared
 * with the caller (e.g. a test API's server-side caller), which `close()` then leaves open. `security`
 * overrides the production defaults (throttle limits, …).
 */
export async function startTestServer(
  options: { db?: TTestDatabase; security?: Partial<TSecurityConfig> } = {},
): Promise<TTestServer> {
  const db = options.db ?? (await createTestDatabase());
  const app = await buildServer({
    db,
    tokens: createTokenService(TEST_JWT_SECRET),
    logger: false,
    webDistDir: null,
    ...(options.security ? { security: options.security } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    db,
    baseUrl,
    mutate: async (path, input, token) =>
      parse(
        await fetch(`${baseUrl}/trpc/${path}`, {
          method: 'POST',
          headers: headersFor(token),
          body: JSON.stringify(input),
        }),
      ),
    query: async (path, input, token) => {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return parse(await fetch(`${baseUrl}/trpc/${path}${qs}`, { headers: headersFor(token) }));
    },
    close: async () => {
      await app.close();
      if (!options.db) await db.destroy();
    },
  };
}
