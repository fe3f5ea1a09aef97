import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from '../src/rest/openapi';
import { appCatalogue } from '../src/trpc/catalogue';

/**
 * The quality of the OpenAPI document beyond being valid (test/rest-routes.test.ts): every example agrees
 * with its schema, integers carry the domain's bounds rather than JavaScript's, money carries its format,
 * and Redocly's `recommended` ruleset finds nothing. The document is built as the server builds it at
 * startup (src/rest/plugin.ts); it depends on no database, so it is checked once, in the PGlite project.
 */

const document = buildOpenApiDocument(
  appCatalogue().flatMap((info) => (info.meta.rest ? [{ info, route: info.meta.rest }] : [])),
);

type TNode = Record<string, unknown>;
const isNode = (value: unknown): value is TNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Every object of the document with its JSON pointer (`#/paths/~1loans/get`). */
function* nodes(value: unknown, at = '#'): Generator<[string, TNode]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* nodes(item, `${at}/${index}`);
  } else if (isNode(value)) {
    yield [at, value];
    for (const [key, item] of Object.entries(value)) yield* nodes(item, `${at}/${pointer(key)}`);
  }
}

/** The money fields of the API, inputs and outputs (all decimal strings with two places). */
const MONEY_FIELDS = new Set([
  'amount',
  'minAmount',
  'maxAmount',
  'lateFee',
  'principal',
  'interest',
  'fee',
  'fees',
  'installment',
  'balance',
  'monthlyInstallment',
  'totalInterest',
  'totalPayable',
  'principalOutstanding',
  'principalOverdue',
  'interestOverdue',
  'feesOverdue',
  'nextDueAmount',
  'totalPaid',
  'paidPrincipal',
  'paidInterest',
  'paidFee',
  'accruedInterest',
  'credit',
  'total',
]);

describe.skipIf(process.env.TEST_DB === 'postgres')('the OpenAPI document', () => {
  it('shows an example of every success response, and every example passes its own schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi.json');
    const failures: string[] = [];
    let checked = 0;
    // Media types (bodies, responses) and parameters: wherever an `example` sits beside its `schema`.
    for (const [at, node] of nodes(document)) {
      if (!('example' in node) || !isNode(node.schema)) continue;
      const validate = ajv.compile({ $ref: `openapi.json${at}/schema` });
      checked++;
      if (!validate(node.example)) {
        for (const error of validate.errors ?? [])
          failures.push(`${at}${error.instancePath} ${error.message}`);
      }
    }
    expect(failures).toEqual([]);

    const withoutExample: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const { responses } = z
          .object({ responses: z.record(z.string(), z.looseObject({})) })
          .parse(operation);
        const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
        expect(success, `${method} ${path}`).toHaveLength(1);
        for (const [status, response] of success) {
          const json = z
            .object({ content: z.object({ 'application/json': z.looseObject({ example: z.unknown() }) }) })
            .parse(response).content['application/json'];
          if (json.example === undefined) withoutExample.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(withoutExample).toEqual([]);
    expect(checked).toBeGreaterThan(Object.keys(document.paths).length);
  });

  it('bounds every integer by the domain, not by JavaScript', () => {
    const unbounded: string[] = [];
    for (const [at, node] of nodes(document)) {
      if (node.type !== 'integer') continue;
      const bounds = [node.minimum, node.maximum, node.exclusiveMinimum, node.exclusiveMaximum];
      const hasLowerBound = typeof node.minimum === 'number' || typeof node.exclusiveMinimum === 'number';
      const isJavaScriptBound = bounds.some(
        (bound) => typeof bound === 'number' && Math.abs(bound) >= Number.MAX_SAFE_INTEGER,
      );
      if (!hasLowerBound || isJavaScriptBound) unbounded.push(`${at} ${JSON.stringify(node)}`);
    }
    expect(unbounded).toEqual([]);
  });

  it('gives every money field, in and out, its decimal pattern and an example that matches it', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [at, node] of nodes(document)) {
      if (!isNode(node.properties)) continue;
      for (const [name, property] of Object.entries(node.properties)) {
        if (!MONEY_FIELDS.has(name) || !isNode(property)) continue;
        // A money input is a string or a number (anyOf); a nullable output is a string or null.
        const variants = Array.isArray(property.anyOf) ? property.anyOf.filter(isNode) : [property];
        const texts = variants.filter((variant) => variant.type === 'string');
        if (texts.length !== 1) problems.push(`${at}/properties/${name}: no string form`);
        for (const text of texts) {
          checked++;
          const examples = Array.isArray(text.examples) ? text.examples : [];
          if (typeof text.pattern !== 'string' || examples.length === 0) {
            problems.push(`${at}/properties/${name}: ${JSON.stringify(text)}`);
            continue;
          }
          const pattern = new RegExp(text.pattern, 'u');
          if (!pattern.test('1250.00') || pattern.test('1250.001') || pattern.test('-5.00')) {
            problems.push(`${at}/properties/${name}: ${text.pattern} is not a two-decimal amount`);
          }
          for (const example of examples) {
            if (typeof example !== 'string' || !pattern.test(example)) {
              problems.push(`${at}/properties/${name}: example ${JSON.stringify(example)}`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(MONEY_FIELDS.size);
  });

  it('names the licence it is published under', () => {
    expect(document.info.license).toEqual({
      name: 'Proprietary (all rights reserved)',
      identifier: 'LicenseRef-Loanbook-Proprietary',
    });
  });

  it("passes Redocly's recommended ruleset with no error and no warning", { timeout: 120_000 }, async () => {
    const clean = await redoclyLint(document);
    expect(clean.problems).toEqual([]);
    expect(clean.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });

    // The lint is not a rubber stamp: a missing licence or an example its schema refuses is reported.
    // (JSON.stringify leaves out a property whose value is undefined.)
    const spoiled = { ...structuredClone(document), info: { ...document.info, license: undefined } };
    const listLoans = spoiled.paths['/loans']?.get;
    const responses = isNode(listLoans) && isNode(listLoans.responses) ? listLoans.responses : {};
    // An example without the page's required `nextCursor`.
    responses['200'] = {
      description: 'OK',
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/LoanPage' }, example: { items: [] } },
      },
    };
    const rules = (await redoclyLint(spoiled)).problems.map(({ ruleId }) => ruleId);
    expect(rules).toEqual(expect.arrayContaining(['info-license', 'no-invalid-media-type-examples']));
  });
});

const ZLintReport = z.object({
  totals: z.object({ errors: z.number(), warnings: z.number(), ignored: z.number() }),
  problems: z.array(z.looseObject({ ruleId: z.string(), message: z.string() })),
});

const REDOCLY_CLI = join(
  dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
  'bin',
  'cli.js',
);

/**
 * `redocly lint --extends recommended` of a document written to a temporary file, its JSON report. No
 * telemetry and no update check: the run must not reach the network. The exit code is not read (it is 1
 * whenever there is an error); the report is.
 */
async function redoclyLint(openApi: object) {
  const directory = await mkdtemp(join(tmpdir(), 'loanbook-openapi-'));
  try {
    const file = join(directory, 'openapi.json');
    await writeFile(file, JSON.stringify(openApi, null, 2));
    const run = promisify(execFile);
    const args = [REDOCLY_CLI, 'lint', '--extends', 'recommended', '--format', 'json', file];
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const { stdout } = await run(process.execPath, args, { env, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    return ZLintReport.parse(JSON.parse(stdout));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
