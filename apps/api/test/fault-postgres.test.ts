import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/orm';
import { restRoutes } from '../src/rest/routes';
import { testDatabaseKind } from './support/db';
import { startHardenedServer, type THardenedServer, type TRawResponse } from './support/fuzz';
import { loanBookViolations, runLoad, type TLoadFigures } from './support/invariants';
import { startPrivateCluster, type TPgCluster } from './support/pg-cluster';

/**
 * PostgreSQL dies in the middle of load and comes back. Runs on a private cluster (never the shared
 * server other tests use), in the postgres project only. The API process under test is this one: it must
 * keep answering, fail fast with 503 while the database is away, and recover by itself.
 */
const FAIL_FAST_MS = 5_000;
const RECOVERY_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(testDatabaseKind() === 'postgres')('PostgreSQL stopped under load', () => {
  let cluster: TPgCluster;
  let server: THardenedServer;

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    const db = await openDatabase({ kind: 'postgres', url: cluster.url });
    await db.migrate();
    server = await startHardenedServer({ db: { ...db, destroy: db.close, url: cluster.url } });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await server?.db.close().catch(() => undefined);
    await cluster?.destroy();
  });

  it('answers 503 fast while it is down, stays up, recovers within 5 s, and leaves no partial write', async () => {
    const admin = await server.account('admin', 'ACTIVE');
    let stopLoad = false;
    const load: Promise<TLoadFigures> = runLoad(server, {
      clients: 6,
      durationMs: 120_000,
      restRoutes: restRoutes(),
      stop: () => stopLoad,
    });
    await sleep(2_000);

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
    expect(await loanBookViolations(server.db, figures.claims)).toEqual([]);

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
