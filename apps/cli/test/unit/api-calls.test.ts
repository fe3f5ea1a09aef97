import { createLoanbookClient } from '@loanbook/client';
import { describe, expect, it } from 'vitest';
import { call, RowError, StopImport } from '../../src/book/api-calls';

/** A client whose server answers each call with the next of `answers` (an error code, or 'ok'). */
function clientAnswering(answers: string[]) {
  let calls = 0;
  const client = createLoanbookClient({
    url: 'http://api.test',
    batch: false,
    fetch: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer === 'network') throw new TypeError('fetch failed');
      const status =
        { ok: 200, BAD_REQUEST: 400, UNAUTHORIZED: 401, SERVICE_UNAVAILABLE: 503 }[answer ?? 'ok'] ?? 500;
      const body =
        answer === 'ok'
          ? { result: { data: { ok: true } } }
          : {
              error: {
                message: `${answer}!`,
                code: -32600,
                data: { code: answer, httpStatus: status, fieldErrors: {} },
              },
            };
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
  return { client, calls: () => calls };
}

describe('call', () => {
  it('turns an error about the row into a RowError with its stage', async () => {
    const { client } = clientAnswering(['BAD_REQUEST']);
    const error = await call('open', () => client.auth.me.query(), { repeatable: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RowError);
    expect(error).toMatchObject({ stage: 'open', details: { code: 'BAD_REQUEST', message: 'BAD_REQUEST!' } });
  });

  it('stops the import when the session is over', async () => {
    const { client, calls } = clientAnswering(['UNAUTHORIZED']);
    await expect(call('repay', () => client.auth.me.query(), { repeatable: true })).rejects.toThrow(
      StopImport,
    );
    expect(calls()).toBe(1);
  });

  it('retries a repeatable call through a passing outage', { timeout: 10_000 }, async () => {
    const { client, calls } = clientAnswering(['network', 'SERVICE_UNAVAILABLE', 'ok']);
    await expect(call('repay', () => client.auth.me.query(), { repeatable: true })).resolves.toEqual({
      ok: true,
    });
    expect(calls()).toBe(3);
  });

  it('does not repeat a call that may have gone through: it stops instead', async () => {
    const { client, calls } = clientAnswering(['network', 'ok']);
    await expect(call('open', () => client.auth.me.query(), { repeatable: false })).rejects.toThrow(
      'Loanbook did not answer',
    );
    expect(calls()).toBe(1);
  });
});
