import { describe, expect, it } from 'vitest';
import { createLoanbookClient, errorDetails, trpcEndpoint } from '../src/index';

interface TSeen {
  url: string;
  authorization: string | null;
}

/** A fetch that records each request and answers every call of a batch with `{ ok: true }`. */
function recordingFetch(seen: TSeen[]) {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    const calls = new URL(url).pathname.split('/').at(-1)?.split(',') ?? [];
    const body = url.includes('batch=1')
      ? calls.map(() => ({ result: { data: { ok: true } } }))
      : { result: { data: { ok: true } } };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  };
}

describe('createLoanbookClient', () => {
  it('calls /trpc under the base URL, however it is written', () => {
    expect(trpcEndpoint('https://loans.example.com')).toBe('https://loans.example.com/trpc');
    expect(trpcEndpoint('https://loans.example.com/lending/')).toBe('https://loans.example.com/lending/trpc');
    expect(trpcEndpoint('https://loans.example.com/trpc')).toBe('https://loans.example.com/trpc');
    expect(trpcEndpoint('')).toBe('/trpc');
  });

  it('reads a token function before every request, and sends none when it returns null', async () => {
    const seen: TSeen[] = [];
    let token: string | null = null;
    const client = createLoanbookClient({
      url: 'http://api.test',
      token: () => token,
      batch: false,
      fetch: recordingFetch(seen),
    });
    await client.auth.me.query();
    token = 'first';
    await client.auth.me.query();
    token = 'second';
    await client.auth.me.query();
    expect(seen.map((request) => request.authorization)).toEqual([null, 'Bearer first', 'Bearer second']);
    expect(seen[0]?.url).toBe('http://api.test/trpc/auth.me');
  });

  it('batches queries made together into one request, and sends each mutation on its own', async () => {
    const seen: TSeen[] = [];
    const client = createLoanbookClient({
      url: 'http://api.test/',
      token: 'fixed',
      fetch: recordingFetch(seen),
    });
    await Promise.all([
      client.auth.me.query(),
      client.loanProducts.list.query(),
      client.agents.approve.mutate({ agentId: 'a' }),
      client.agents.approve.mutate({ agentId: 'b' }),
    ]);
    expect(seen.map((request) => request.url).sort()).toEqual([
      'http://api.test/trpc/agents.approve',
      'http://api.test/trpc/agents.approve',
      expect.stringMatching(/^http:\/\/api\.test\/trpc\/auth\.me,loanProducts\.list\?batch=1/),
    ]);
    expect(seen.every((request) => request.authorization === 'Bearer fixed')).toBe(true);
  });

  it("flattens the API's error shape, and says when there was no answer at all", async () => {
    const failing = async () =>
      new Response(
        JSON.stringify({
          error: {
            message: 'Invalid input',
            code: -32600,
            data: {
              code: 'BAD_REQUEST',
              httpStatus: 400,
              path: 'loans.create',
              fieldErrors: { amount: ['Amount must be greater than zero'] },
            },
          },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      );
    const client = createLoanbookClient({ url: 'http://api.test', batch: false, fetch: failing });
    const error = await client.loans.create
      .mutate({ productCode: 'HOME', amount: 0, termMonths: 12 })
      .catch((e: unknown) => e);
    expect(errorDetails(error)).toEqual({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      message: 'Invalid input',
      fieldErrors: { amount: ['Amount must be greater than zero'] },
      reason: null,
    });

    const offline = createLoanbookClient({
      url: 'http://api.test',
      batch: false,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const unreachable = errorDetails(await offline.auth.me.query().catch((e: unknown) => e));
    expect(unreachable).toMatchObject({ code: null, httpStatus: null, message: 'fetch failed' });
  });
});
