import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { restRouteFor } from '../src/rest/routes';
import { procedureAt, procedurePaths } from '../src/trpc/catalogue';
import { startTestServer, type TTestServer } from './support/http';
import { restRequest } from './support/rest';

const LOAN_ID = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

const ZOperation = z.looseObject({
  'x-trpc-procedure': z.string(),
  security: z.array(z.unknown()).optional(),
  responses: z.record(
    z.string(),
    z.looseObject({
      content: z.record(z.string(), z.looseObject({ schema: z.unknown() })).optional(),
    }),
  ),
});
const ZDocument = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), ZOperation)),
  components: z.looseObject({ securitySchemes: z.record(z.string(), z.unknown()) }),
});

/**
 * The REST layer over HTTP: the OpenAPI document, the reference page, and the answers of the transport
 * itself. The route declarations are checked without a server in test/unit/catalogue.test.ts.
 */

/** The parser types its input as a complete OpenAPI document; ours is JSON read back from the server. */
const asParserInput = (document: object) => document as Parameters<typeof validate>[0];

describe('over HTTP', () => {
  let server: TTestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const fetchDocument = async () => {
    const response = await fetch(`${server.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return ZDocument.parse(await response.json());
  };

  it('publishes an OpenAPI document that a maintained validator accepts', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await validate(asParserInput(structuredClone(document)));
    expect(result.valid ? [] : result.errors).toEqual([]);

    // The validator is not a rubber stamp: an unknown security scheme type, or a dangling $ref, fails.
    const badScheme = {
      ...document,
      components: { ...document.components, securitySchemes: { bearerAuth: { type: 'password' } } },
    };
    expect((await validate(asParserInput(badScheme))).valid).toBe(false);
    const dangling = {
      ...document,
      paths: {
        ...document.paths,
        '/extra': { get: { responses: { '200': { $ref: '#/components/responses/Nothing' } } } },
      },
    };
    expect((await validate(asParserInput(dangling))).valid).toBe(false);
  });

  it('documents every procedure at its route, with its access rule as the security requirement', async () => {
    const document = await fetchDocument();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of procedurePaths()) {
      const route = restRouteFor(path);
      const operation = route && document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${path}: ${route?.method} ${route?.path}`).toBeDefined();
      if (!route || !operation) continue;
      expect(operation['x-trpc-procedure']).toBe(path);
      expect(
        operation.responses[String(route.successStatus ?? 200)]?.content?.['application/json']?.schema,
      ).toBeDefined();
      expect(operation.responses.default).toBeDefined();
      const isPublic = procedureAt(path).meta.access?.allow === 'anyone';
      // Public operations opt out of the document-wide bearer requirement; the others inherit it.
      expect(operation.security, path).toEqual(isPublic ? [] : undefined);
      if (!isPublic) expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
      if (route.method !== 'GET') expect(operation.responses['400'], path).toBeDefined();
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(procedurePaths().length);
  });

  it('serves an interactive reference at /api/docs that loads nothing from another site', async () => {
    const page = await fetch(`${server.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(urls.length).toBeGreaterThanOrEqual(4);
    const types: Record<string, RegExp> = { '.css': /text\/css/, '.js': /javascript/, '.png': /image\/png/ };
    for (const url of urls) {
      // Relative to the page: works offline, and behind a path prefix.
      expect(url).not.toMatch(/^(?:[a-z]+:|\/\/|\/)/i);
      const asset = await fetch(new URL(url, `${server.baseUrl}/api/docs`));
      expect(asset.status, url).toBe(200);
      const extension = url.slice(url.lastIndexOf('.'));
      expect(asset.headers.get('content-type'), url).toMatch(types[extension] ?? /./);
      const text = await asset.text();
      if (extension === '.css') expect(text).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//);
      if (url.endsWith('init.js')) {
        expect(text).toContain("url: 'openapi.json'");
        expect(text).toContain('validatorUrl: null');
        expect(text).not.toMatch(/https?:\/\//);
      }
    }
    // Only the files the page needs are served from the package.
    const other = await fetch(`${server.baseUrl}/api/docs/assets/package.json`);
    expect(other.status).toBe(404);
  });

  it('answers an unknown route with 404 and a known route on the wrong method with 405, in the error shape', async () => {
    const unknown = await restRequest(server.baseUrl, 'GET', '/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 'NOT_FOUND', message: 'No route GET /api/v1/no-such-thing' });

    // The old API approved loans over GET; that is refused, naming the method to use.
    const overGet = await restRequest(server.baseUrl, 'GET', `/loans/${LOAN_ID}/approve`);
    expect(overGet.status).toBe(405);
    expect(overGet.headers.get('allow')).toBe('POST');
    expect(overGet.body).toEqual({
      code: 'METHOD_NOT_SUPPORTED',
      message: `GET is not supported on /api/v1/loans/${LOAN_ID}/approve: use POST`,
    });
  });

  it('refuses malformed JSON, non-JSON bodies and a body that contradicts the path with 400/415', async () => {
    const malformed = await restRequest(server.baseUrl, 'POST', '/auth/login', {
      rawBody: '{"username": "a",',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ code: 'BAD_REQUEST', message: 'The request body is not valid JSON' });

    const notAnObject = await restRequest(server.baseUrl, 'POST', '/auth/login', { body: ['alice'] });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { _root: expect.any(Array) },
    });

    const form = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=alice&password=secret',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the request body as application/json',
    });

    const contradicting = await restRequest(server.baseUrl, 'PATCH', '/loan-products/HOME', {
      body: { code: 'CAR', name: 'Renamed' },
    });
    expect(contradicting.status).toBe(400);
    expect(contradicting.body).toEqual({
      code: 'BAD_REQUEST',
      message: 'Invalid input',
      fieldErrors: { code: ['Must match the code in the path, or be left out'] },
    });
  });

  it('reads typed query strings and reports unknown or mistyped parameters as field errors', async () => {
    const quote = await restRequest(
      server.baseUrl,
      'GET',
      '/loans/quote?productCode=HOME&amount=10000&termMonths=12',
    );
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ principal: '10000.00', termMonths: 12, monthlyInstallment: '864.81' });

    const notANumber = await restRequest(
      server.baseUrl,
      'GET',
      '/loans/quote?productCode=HOME&amount=10000&termMonths=twelve',
    );
    expect(notANumber.status).toBe(400);
    expect(notANumber.body).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { termMonths: expect.any(Array) },
    });

    const typo = await restRequest(
      server.baseUrl,
      'GET',
      '/loans/quote?productCode=HOME&amount=10000&termMonths=12&term=3',
    );
    expect(typo.status).toBe(400);
    expect(typo.body).toMatchObject({ fieldErrors: { term: ['Unknown field'] } });
  });
});
