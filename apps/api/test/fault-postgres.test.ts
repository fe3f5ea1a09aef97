import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/orm';
import { restRoutes } from '../src/rest/routes';
import { testDatabaseKind } from './support/db';
import { startHardenedServer, type THardenedServer, type TRawResponse } from './support/fuzz';
import {
  ledgerViolations,
  loanBookViolations,
  postingSummary,
  runLoad,
  settleInDoubt,
  type TLoadFigures,
} from './support/invariants';
import { startPrivateCluster, type TPgCluster } from './support/pg-cluster';

/**
 * PostgreSQL dies in the middle of load — lifecycle changes and money postings in flight — and comes back.
 * Runs on a private cluster (never the shared server other tests use), in the postgres project only. The
 * API process under test is this one: it must keep answering, fail fast with 503 while the database is
 * away, and recover by itself; no acknowledged posting may be lost or duplicated, a posting whose answer
 * was lost is resent with its key (the original if it had committed, posted once if not), and every
 * loan's columns still replay from its ledger.
 */
const FAIL_FAST_MS = 5_000;
const RECOVERY_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(testDatabaseKind() === 'postgres')('PostgreSQL stopped under load', () => {
  let cluster: TPgCluster;
  let server: THardenedServer;

  /** A loan of its own, disbursed today, that the load never touches (so it is still ACTIVE afterwards). */
  async function activeLoan(adminToken: string): Promise<string> {
    const customer = await server.account('customer', 'ACTIVE');
    const agent = await server.account('agent', 'APPROVED');
    const call = async (path: string, input: unknown, token: string) => {
      const response = await server.trpc('mutation', path, input, { token });
      const loan = (response.json as { result?: { data?: { id: string } } } | undefined)?.result?.data;
      if (!loan) throw new Error(`${path} answered ${response.status}: ${response.text}`);
      return loan.id;
    };
    const loanId = await call(
      'loans.create',
      { productCode: 'HOME', amount: '20000', termMonths: 24 },
      customer.token,
    );
    await call('loans.forward', { loanId }, agent.token);
    await call('loans.approve', { loanId }, adminToken);
    await call('loans.disburse', { loanId }, adminToken);
    return loanId;
  }

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    const db = await openDatabase({ kind: 'postgres', url: cluster.url });
    await db.migrate();
    server = await startHardenedServer({
      db: { ...db, destroy: db.close, url: cluster.url },
      // The other way an answer gets lost: the connection drops after the posting committed.
      configure: (app) =>
        app.addHook('onSend', async (request, _reply, payload) => {
          if (request.headers['x-test-lose-answer']) request.raw.socket.destroy();
          return payload;
        }),
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await server?.db.close().catch(() => undefined);
    await cluster?.destroy();
  });

  it('answers 503 fast while it is down, stays up, recovers within 5 s, and loses or doubles no posting', async () => {
    const admin = await server.account('admin', 'ACTIVE');
    const lostAnswerLoan = await activeLoan(admin.token);
    let stopLoad = false;
    let live: TLoadFigures | undefined;
    const load: Promise<TLoadFigures> = runLoad(server, {
      clients: 6,
      durationMs: 120_000,
      restRoutes: restRoutes(),
      servicingLoans: 6,
      onStarted: (figures) => {
        live = figures;
      },
      stop: () => stopLoad,
    });
    // Loans disbursed, then the clients run a while (at least 1.5 s and a few acknowledged postings, even
    // on a busy machine): postings are in flight when the database goes.
    let loadFailed = false;
    load.catch(() => {
      loadFailed = true; // reported where the load is awaited
    });
    const warmUp = Date.now();
    await sleep(1_500);
    while (!loadFailed && (live?.postings.length ?? 0) < 5 && Date.now() - warmUp < 20_000) await sleep(100);

    await cluster.stop();
    const down = Date.now();

    // While it is down: every request that needs the database is a quick 503 with a clear message.
    const probes: TRawResponse[] = [];
    while (Date.now() - down < 3_000) {
      probes.push(await server.trpc('query', 'loans.list', { limit: 5 }, { token: admin.token }));
      probes.push(await server.request('/api/v1/loans?limit=5', { token: admin.token }));
      probes.push(
        await server.trpc('mutation', 'auth.login', { username: 'someone', password: 'some password' }),
      );
    }
    for (const probe of probes) {
      expect(probe.status, probe.text).toBe(503);
      expect(probe.ms).toBeLessThan(FAIL_FAST_MS);
      expect(probe.text).toMatch(/database is unavailable/i);
    }
    expect((await server.request('/readyz')).status).toBe(503);
    expect((await server.request('/healthz')).status).toBe(200);

    await cluster.start();
    const up = Date.now();
    let recoveredAfter = Number.POSITIVE_INFINITY;
    while (Date.now() - up < RECOVERY_MS * 2) {
      const [list, ready] = await Promise.all([
        server.trpc('query', 'loans.list', { limit: 5 }, { token: admin.token }),
        server.request('/readyz'),
      ]);
      if (list.status === 200 && ready.status === 200) {
        recoveredAfter = Date.now() - up;
        break;
      }
      await sleep(100);
    }
    const slowest = Math.max(...probes.map((probe) => probe.ms));
    console.info(
      `fault: ${probes.length} probes answered 503 while down (slowest ${slowest.toFixed(0)} ms); recovered ${recoveredAfter} ms after restart`,
    );
    expect(recoveredAfter).toBeLessThan(RECOVERY_MS);

    // Let the load run on the recovered database, then stop it and check the book.
    await sleep(1_500);
    stopLoad = true;
    const figures = await load;
    const statuses = Object.entries(figures.outcomes).map(([key, count]) => `${key}×${count}`);
    console.info(`fault: load ${figures.operations} operations: ${statuses.join(', ')}`);
    const internal = Object.entries(figures.outcomes).filter(
      ([key]) => / 5\d\d$/.test(key) && !key.endsWith(' 503'),
    );
    const logged = server.logs
      .filter((line) => line.includes('"level":50'))
      .map((line) => (JSON.parse(line) as { err?: { message?: string } }).err?.message?.slice(0, 300));
    expect(internal, `server errors: ${JSON.stringify(logged)}`).toEqual([]);
    expect(figures.networkErrors).toBe(0);
    expect(Object.keys(figures.outcomes).some((key) => key.endsWith(' 503'))).toBe(true);

    // A repayment that commits but whose answer never arrives: in doubt like the 503s.
    const lost = { loanId: lostAnswerLoan, amount: '0.01', idempotencyKey: `lost-${crypto.randomUUID()}` };
    await expect(
      server.trpc('mutation', 'loans.repay', lost, {
        token: admin.token,
        headers: { 'x-test-lose-answer': '1' },
      }),
    ).rejects.toThrow();
    figures.inDoubt.push({ path: 'loans.repay', input: lost, token: admin.token, status: 0 });

    // Postings whose answer was lost: resent with the same key and request now that the database is back.
    const acknowledgedDuringLoad = figures.postings.length;
    const settled = await settleInDoubt(server, restRoutes(), figures);
    console.info(
      `fault: ${acknowledgedDuringLoad} postings acknowledged during the load; after the resends ${postingSummary(figures)}; ` +
        'resent after recovery: ' +
        `${settled.committedBefore} had committed and returned the original (${settled.answerLost} never acknowledged ` +
        `before: the answer was lost), ${settled.postedByRetry} posted once, ` +
        `${settled.refusedByRetry} refused by the rules`,
    );
    expect(settled.violations).toEqual([]);
    expect(figures.postings.filter((ack) => ack.via === 'first').length).toBeGreaterThan(0);
    expect(figures.inDoubt.length).toBeGreaterThan(1);
    expect(settled.answerLost).toBeGreaterThan(0);
    expect(figures.postingAnomalies).toEqual([]);
    expect(await loanBookViolations(server.db, figures.claims)).toEqual([]);
    expect(await ledgerViolations(server, figures)).toEqual([]);

    // And the service works normally again, on both transports.
    const after = await server.trpc(
      'mutation',
      'loans.create',
      { productCode: 'HOME', amount: '50000', termMonths: 24 },
      {
        token: (await server.account('customer', 'ACTIVE')).token,
      },
    );
    expect(after.status).toBe(200);
  }, 120_000);
});
