import {
  createTRPCClient,
  type HTTPHeaders,
  httpBatchLink,
  httpLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import type { AppRouter } from './router.js';

type TFetch = NonNullable<Parameters<typeof httpLink>[0]['fetch']>;

/** A bearer token; null or undefined: call anonymously. */
export type LoanbookToken = string | null | undefined;

export interface LoanbookClientOptions {
  /** Where Loanbook runs, e.g. `https://loans.example.com` (the client adds `/trpc`); `''` for same origin. */
  url: string | URL;
  /** The bearer token from `auth.login`: a string, or a function read before every request. */
  token?: LoanbookToken | (() => LoanbookToken | Promise<LoanbookToken>);
  /**
   * Send the queries made in the same tick as one HTTP request (at most 10, the server's limit). Default
   * true; `false` sends one request per call. Mutations always go one per request: each is its own
   * database transaction on the server, with its own HTTP status.
   */
  batch?: boolean;
  /** Extra headers for every request (the token is added as `authorization`). */
  headers?: HTTPHeaders | (() => HTTPHeaders | Promise<HTTPHeaders>);
  /** A `fetch` to use instead of the global one (tests, proxies, timeouts). */
  fetch?: TFetch;
}

/** A typed client for every procedure: `client.loans.list.query({ status: ['ACTIVE'] })`. */
export type LoanbookClient = TRPCClient<AppRouter>;

/** The most calls the server accepts in one batched request (`MAX_BATCH_SIZE` in apps/api). */
export const MAX_BATCH_SIZE = 10;

/** The tRPC endpoint under a server's base URL: `https://host/base` → `https://host/base/trpc`. */
export function trpcEndpoint(url: string | URL): string {
  const base = String(url).replace(/\/+$/, '');
  return base.endsWith('/trpc') ? base : `${base}/trpc`;
}

/** A client for the Loanbook API at `url`, signed in with `token` when one is given. */
export function createLoanbookClient(options: LoanbookClientOptions): LoanbookClient {
  const { token, headers: extraHeaders, fetch } = options;
  const headers = async (): Promise<HTTPHeaders> => {
    const extra = typeof extraHeaders === 'function' ? await extraHeaders() : (extraHeaders ?? {});
    const bearer = typeof token === 'function' ? await token() : token;
    return bearer ? { ...extra, authorization: `Bearer ${bearer}` } : { ...extra };
  };
  const common = { url: trpcEndpoint(options.url), headers, ...(fetch ? { fetch } : {}) };
  const single = httpLink(common);
  const link =
    options.batch === false
      ? single
      : splitLink({
          condition: (operation) => operation.type === 'query',
          true: httpBatchLink({ ...common, maxItems: MAX_BATCH_SIZE }),
          false: single,
        });
  return createTRPCClient<AppRouter>({ links: [link] });
}
