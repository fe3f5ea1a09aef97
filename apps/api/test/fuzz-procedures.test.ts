import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../src/rest/routes';
import { procedurePaths } from '../src/trpc/catalogue';
import {
  procedureKinds,
  runCampaign,
  setUpCampaign,
  startHardenedServer,
  type TCampaignSetup,
  type THardenedServer,
} from './support/fuzz';

/**
 * Hostile input for every procedure of the router, over real HTTP, on tRPC and REST, as an anonymous
 * caller and as an admin: never a 5xx, always the documented error shape, and a refused request leaves
 * every table byte-for-byte as it was. CI runs FUZZ_RUNS cases per procedure × caller × transport;
 * `pnpm fuzz` runs the long campaign (scripts/fuzz.ts).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

let server: THardenedServer;
let setup: TCampaignSetup;

beforeAll(async () => {
  // Generous limits: the campaign should reach the procedures, not stop at the throttle (tested elsewhere).
  server = await startHardenedServer({
    security: {
      throttle: {
        windowSeconds: 900,
        loginFailuresPerUserIp: 1000,
        loginFailuresPerUser: 1000,
        loginFailuresPerIp: 1000,
        registrationsPerIp: 1000,
      },
    },
  });
  setup = await setUpCampaign(server, procedureKinds(), restRoutes());
});
afterAll(() => server?.close());

describe('fuzzing every procedure over HTTP', () => {
  it('has a sample input and a REST route for every procedure of the router', () => {
    expect(Object.keys(setup.samples).sort()).toEqual(procedurePaths().sort());
    expect(Object.keys(setup.restRoutes).sort()).toEqual(procedurePaths().sort());
  });

  it(`answers ${RUNS} hostile inputs per procedure, caller and transport without a 5xx or a stray write`, async () => {
    const result = await runCampaign(setup, { runs: RUNS });
    const expected = procedurePaths().length * 2 * 2 * RUNS;
    expect(result.tried).toBe(expected);
    // The campaign reached past validation: refusals of several kinds, and some successes.
    expect(Object.keys(result.byStatus)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    console.info(`fuzz: ${result.tried} inputs tried, by status ${JSON.stringify(result.byStatus)}`);
  }, 120_000);

  it('stores and searches free text with quotes and semicolons as text (found by the fuzzer)', async () => {
    // On the embedded database a `;` inside a value used to turn a statement into a multi-statement run:
    // a rejection with such a reason was a false 409, a search returned garbage rows (a 500).
    const admin = await server.account('admin', 'ACTIVE');
    const agent = await server.account('agent', 'APPROVED');
    const customer = await server.account('customer', 'ACTIVE');
    const opened = await server.trpc(
      'mutation',
      'loans.openForCustomer',
      { productCode: 'CAR', amount: '20000', termMonths: 24, customerId: customer.id },
      { token: agent.token },
    );
    const loanId = (opened.json as { result: { data: { id: string } } }).result.data.id;
    const reason = "Income too low; debt too high'); drop table loans; --";
    const rejected = await server.trpc(
      'mutation',
      'loans.reject',
      { loanId, reason },
      { token: admin.token },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({
      result: { data: { status: 'REJECTED', rejectionReason: reason } },
    });
    const pending = await server.account('agent', 'PENDING');
    const agentRejected = await server.request(`/api/v1/agents/${pending.id}/reject`, {
      method: 'POST',
      body: { reason: 'No licence; no references' },
      token: admin.token,
    });
    expect(agentRejected.status).toBe(200);
    const search = await server.trpc(
      'query',
      'customers.list',
      { search: "x'); drop table users; --", limit: 5 },
      { token: admin.token },
    );
    expect(search.status).toBe(200);
    expect(search.json).toMatchObject({ result: { data: { items: [] } } });
    const history = await server.trpc('query', 'loans.history', { loanId }, { token: admin.token });
    expect(history.text).toContain('drop table loans');
  });

  it('never lets a prototype-polluting key through to a handler', async () => {
    const polluted = await server.request('/trpc/loans.quote', {
      method: 'GET',
    });
    expect(polluted.status).toBe(400);
    const body = '{"productCode":"HOME","amount":"100000","termMonths":36,"__proto__":{"isAdmin":true}}';
    const quote = await server.request(`/trpc/loans.quote?input=${encodeURIComponent(body)}`);
    expect(quote.status).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const rest = await server.request('/api/v1/auth/login', {
      method: 'POST',
      body: '{"username":"x.y","password":"long enough pw","constructor":{"prototype":{"isAdmin":true}}}',
    });
    expect(rest.status).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
