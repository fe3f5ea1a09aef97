import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from './support/db';
import { startHardenedServer, type THardenedServer } from './support/fuzz';

/**
 * How the API delivers the built web app (docs/web.md "Delivery"): the precompressed variant the browser
 * accepts (brotli, gzip, or the file itself), fingerprinted assets cached for a year, `index.html` and the
 * SPA fallback revalidated on every use — with the security headers, and API answers still `no-store`.
 *
 * Like the other tests of the served SPA (security-http), a stand-in build: the server's behaviour is
 * tested whatever apps/web/dist holds (it may not be built). Its `.br` / `.gz` variants are made as the
 * web build's precompress plugin makes them (apps/web/build/precompress.ts). Files do not depend on the
 * database, so this runs on PGlite only.
 */
const ASSET = 'assets/index-Bx7k2LqA.js';
const STYLE = 'assets/index-C9fQ2mZp.css';
const INDEX_HTML =
  '<!doctype html><html lang="en"><head><title>Loanbook</title></head><body><div id="root"></div></body></html>';
/** A page prerendered at build (apps/web/build/prerender.ts): sent for its own path. */
const SIGNUP_HTML =
  '<!doctype html><html lang="en"><head><title>Loanbook</title></head><body><div id="root" inert data-prerendered="/signup"><h1>Create an account</h1></div></body></html>';
const ASSET_JS = Array.from(
  { length: 400 },
  (_, i) => `export const value${i} = { id: ${i}, label: "Loanbook module ${i}" };`,
).join('\n');
const STYLE_CSS = Array.from({ length: 200 }, (_, i) => `.rule-${i} { margin: ${i}px; }`).join('\n');

interface TBytesResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly the headers given (fetch would add its own Accept-Encoding and decode the body). */
function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<TBytesResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe.runIf(testDatabaseKind() === 'pglite')('delivery of the web app', () => {
  let server: THardenedServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'loanbook-web-delivery-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), INDEX_HTML);
    await writeFile(join(webDir, 'signup.html'), SIGNUP_HTML);
    for (const [file, text] of [
      [ASSET, ASSET_JS],
      [STYLE, STYLE_CSS],
    ] as const) {
      const source = Buffer.from(text);
      await writeFile(join(webDir, file), source);
      await writeFile(
        join(webDir, `${file}.br`),
        brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
      await writeFile(join(webDir, `${file}.gz`), gzipSync(source, { level: 9 }));
    }
    // Small files get no variants: they are sent as they are, whatever the browser accepts.
    await writeFile(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    server = await startHardenedServer({ webDistDir: webDir });
  });
  afterAll(async () => {
    await server?.close();
    if (webDir) await rm(webDir, { recursive: true, force: true });
  });

  it('sends brotli when accepted, else gzip, else the file itself: the same bytes every time', async () => {
    const file = await readFile(join(webDir, ASSET));
    const br = await get(server.baseUrl, `/${ASSET}`, { 'accept-encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(file.length / 4);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).equals(file)).toBe(true);

    const gzip = await get(server.baseUrl, `/${ASSET}`, { 'accept-encoding': 'gzip' });
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(gzip.body).equals(file)).toBe(true);

    const identity = await get(server.baseUrl, `/${ASSET}`);
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/accept-encoding/i);
    expect(identity.body.equals(file)).toBe(true);

    // Each variant has its own validator, so a cache never answers one encoding's 304 with another's body.
    expect(new Set([br.headers.etag, gzip.headers.etag, identity.headers.etag]).size).toBe(3);
  });

  it('prefers brotli whatever the order, honours q=0, and sends CSS the same way', async () => {
    const css = await readFile(join(webDir, STYLE));
    const browser = await get(server.baseUrl, `/${STYLE}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(browser.headers['content-encoding']).toBe('br');
    expect(browser.headers['content-type']).toMatch(/^text\/css/);
    expect(brotliDecompressSync(browser.body).equals(css)).toBe(true);
    const noBrotli = await get(server.baseUrl, `/${STYLE}`, { 'accept-encoding': 'br;q=0, gzip' });
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(noBrotli.body).equals(css)).toBe(true);
    const unknown = await get(server.baseUrl, `/${STYLE}`, { 'accept-encoding': 'zstd' });
    expect(unknown.headers['content-encoding']).toBeUndefined();
    expect(unknown.body.equals(css)).toBe(true);
  });

  it('sends a file without variants as it is', async () => {
    const icon = await get(server.baseUrl, '/favicon.svg', { 'accept-encoding': 'br, gzip' });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.body.toString()).toContain('<svg');
  });

  it('does not serve the variants under their own names', async () => {
    for (const suffix of ['.br', '.gz']) {
      const response = await get(server.baseUrl, `/${ASSET}${suffix}`);
      expect(response.status).toBe(404);
      expect(response.headers['content-encoding']).toBeUndefined();
    }
  });

  it('caches fingerprinted assets for a year, in every encoding', async () => {
    for (const encoding of ['br', 'gzip', '']) {
      const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
      for (const file of [ASSET, STYLE]) {
        const response = await get(server.baseUrl, `/${file}`, headers);
        expect(response.headers['cache-control']).toBe(IMMUTABLE);
      }
    }
  });

  it('has index.html, the SPA fallback and other files revalidated on every use', async () => {
    for (const path of ['/', '/index.html', '/loans/123', '/login?redirect=%2Fdashboard', '/favicon.svg']) {
      const response = await get(server.baseUrl, path, { 'accept-encoding': 'br, gzip' });
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'], path).toBe('no-cache');
      if (path !== '/favicon.svg') {
        expect(response.headers['content-type'], path).toMatch(/^text\/html/);
        expect(response.body.toString(), path).toBe(INDEX_HTML);
      }
    }
    // no-cache means "ask first": an unchanged page is a 304 without a body.
    const first = await get(server.baseUrl, '/');
    expect(first.headers.etag).toBeTruthy();
    const again = await get(server.baseUrl, '/', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('sends a prerendered page for its path, revalidated, and the app shell for every other', async () => {
    for (const path of ['/signup', '/signup?from=home', '/signup.html']) {
      const response = await get(server.baseUrl, path);
      expect(response.status, path).toBe(200);
      expect(response.headers['content-type'], path).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], path).toBe('no-cache');
      expect(response.body.toString(), path).toBe(SIGNUP_HTML);
    }
    // Only a page of its own: not a deeper path, not the shell under another name, not a missing page.
    for (const path of ['/signup/more', '/index', '/login', '/users/signup']) {
      const response = await get(server.baseUrl, path);
      expect(response.status, path).toBe(200);
      expect(response.body.toString(), path).toBe(INDEX_HTML);
    }
  });

  it('keeps the security headers on files and the no-store of API answers', async () => {
    for (const path of [`/${ASSET}`, '/', '/loans/123']) {
      const response = await get(server.baseUrl, path, { 'accept-encoding': 'br' });
      expect(String(response.headers['content-security-policy']), path).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options'], path).toBe('nosniff');
      expect(response.headers['strict-transport-security'], path).toMatch(/max-age=\d+/);
    }
    for (const path of ['/trpc/loanProducts.list', '/api/v1/loan-products']) {
      const response = await get(server.baseUrl, path, { 'accept-encoding': 'br, gzip' });
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'], path).toBe('no-store');
    }
    // A missing asset (an old build's chunk after a redeploy) is still a 404, not the app shell.
    const missing = await get(server.baseUrl, '/assets/gone-D3adB33f.js', { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).not.toBe(IMMUTABLE);
  });
});
