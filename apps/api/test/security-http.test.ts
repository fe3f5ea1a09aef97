import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/env';
import { parseTrustProxy, securityConfigFrom } from '../src/security/config';
import { startHardenedServer, type THardenedServer } from './support/fuzz';

/** Security headers, CORS, body and time limits, and error bodies that give nothing away. */
let server: THardenedServer;
let webDir: string;
const SQL_TEXT = 'select password_hash from users where id = $1';

beforeAll(async () => {
  // A stand-in SPA build: the headers are the server's, whatever the page.
  webDir = await mkdtemp(join(tmpdir(), 'loanbook-web-'));
  await writeFile(
    join(webDir, 'index.html'),
    '<!doctype html><html><body><div id="root"></div></body></html>',
  );
  server = await startHardenedServer({
    webDistDir: webDir,
    security: { bodyLimit: 64 * 1024, requestTimeoutMs: 800 },
    configure: (app) => {
      // A handler that fails with an error full of internals, as a bug or a driver would.
      app.get('/test/boom', async () => {
        throw new Error(`${SQL_TEXT} - relation "users" violates constraint`);
      });
    },
  });
});
afterAll(async () => {
  await server?.close();
  await rm(webDir, { recursive: true, force: true });
});

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

describe('security headers', () => {
  it.each(['/', '/loans/123', '/healthz', '/trpc/loanProducts.list', '/api/v1/loan-products', '/api/docs'])(
    '%s carries the CSP and the other helmet headers',
    async (path) => {
      const response = await server.request(path);
      expect(response.status).toBe(200);
      const csp = header(response.headers['content-security-policy']) ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-request-id']).toMatch(/^[\w-]+$/);
    },
  );
});

describe('CORS', () => {
  it('is off by default: no Access-Control headers for any origin, preflight included', async () => {
    const simple = await server.request('/trpc/loanProducts.list', {
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.status).toBe(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await server.request('/trpc/auth.login', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('allows exactly the configured origins', async () => {
    const allowed = 'https://app.example.com';
    const cors = await startHardenedServer({ security: { corsOrigins: [allowed] }, db: server.db });
    try {
      const preflight = await cors.request('/trpc/auth.login', {
        method: 'OPTIONS',
        headers: {
          origin: allowed,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
      expect(header(preflight.headers['access-control-allow-headers'])).toMatch(/authorization/);
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const simple = await cors.request('/api/v1/loan-products', { headers: { origin: allowed } });
      expect(simple.headers['access-control-allow-origin']).toBe(allowed);
      expect(header(simple.headers['access-control-expose-headers'])).toMatch(/retry-after/);
      for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
        const other = await cors.request('/api/v1/loan-products', { headers: { origin } });
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      }
    } finally {
      await cors.close();
    }
  });

  it('reads CORS_ORIGINS as an allow-list and refuses a wildcard', () => {
    const config = (env: Record<string, string>) => securityConfigFrom(readConfig({ ...env }));
    expect(config({}).corsOrigins).toEqual([]);
    expect(config({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(() => config({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => config({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });
});

describe('limits', () => {
  it('refuses a body over the limit with 413 in each transport’s error shape', async () => {
    const big = { username: 'x'.repeat(70 * 1024), password: 'long enough pw' };
    const trpc = await server.trpc('mutation', 'auth.login', big);
    expect(trpc.status).toBe(413);
    expect(trpc.json).toMatchObject({ error: { data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } });
    const rest = await server.request('/api/v1/auth/login', { method: 'POST', body: big });
    expect(rest.status).toBe(413);
    expect(rest.json).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
  });

  /** Opens a raw connection, writes `text`, and returns what the server sent before it closed. */
  const stall = (text: string) =>
    new Promise<{ answer: string; ms: number }>((resolve, reject) => {
      const started = Date.now();
      const socket = connect(Number(new URL(server.baseUrl).port), '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
      socket.on('error', reject);
      socket.write(text);
      setTimeout(() => socket.destroy(new Error('the server never closed the connection')), 10_000);
    });

  it('answers 408 and closes the connection when the headers do not arrive in time (slow loris)', async () => {
    const { answer, ms } = await stall('POST /trpc/auth.login HTTP/1.1\r\nHost: x\r\nContent-Type: app');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"code":"TIMEOUT"');
    // requestTimeout is 800 ms, checked every 200 ms; slack for a busy machine.
    expect(ms).toBeLessThan(6_000);
  });

  it('closes a connection whose body stalls (idle timeout: twice the request timeout)', async () => {
    const { ms } = await stall(
      'POST /trpc/auth.login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
    );
    expect(ms).toBeGreaterThanOrEqual(1_500);
    expect(ms).toBeLessThan(8_000);
  });

  it('refuses an oversized URL with 431 in the error shape', async () => {
    const response = await server.request(`/trpc/loans.quote?input=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.json).toEqual({ code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', message: expect.any(String) });
  });
});

describe('error bodies', () => {
  it('hides an internal failure behind "Internal error" and logs it with the request id', async () => {
    // Not behind a trusted proxy: the server picks the request id, whatever the client sends.
    const response = await server.request('/test/boom', { headers: { 'x-request-id': 'boom-request-1' } });
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' });
    expect(response.text).not.toMatch(/select|password|relation|stack|\.ts:/i);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const logged = server.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const entry = logged.find((line) => line.requestId === requestId && line.level === 50);
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain(SQL_TEXT);
  });

  it('answers a URL that is not valid UTF-8 with 400 in the error shape (found by the fuzzer)', async () => {
    const rest = await server.request('/api/v1/loans/%ED%A0%80');
    expect(rest.status).toBe(400);
    expect(rest.json).toEqual({ code: 'BAD_REQUEST', message: expect.any(String) });
    const trpc = await server.request('/trpc/loans.get%ED%A0%80');
    expect(trpc.status).toBe(400);
    expect(trpc.json).toMatchObject({ error: { data: { code: 'BAD_REQUEST', httpStatus: 400 } } });
  });

  it('answers malformed JSON and a wrong content type as 400/415 without parser internals', async () => {
    const trpc = await server.request('/trpc/auth.login', { method: 'POST', body: '{"username": ' });
    expect(trpc.status).toBe(400);
    expect(trpc.text).not.toMatch(/at JSON\.parse|position \d+|Unexpected/i);
    const rest = await server.request('/api/v1/auth/login', { method: 'POST', body: '{"username": ' });
    expect(rest.status).toBe(400);
    expect(rest.json).toEqual({ code: 'BAD_REQUEST', message: expect.any(String) });
    const xml = await server.request('/api/v1/auth/login', {
      method: 'POST',
      body: '<login/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
  });
});
