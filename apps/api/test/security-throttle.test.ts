import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TThrottleLimits } from '../src/security/config';
import { TEST_PASSWORD } from './support/api';
import { startHardenedServer, type THardenedServer, type TRawResponse } from './support/fuzz';

/**
 * Login and registration throttling over real HTTP. Each client IP is a real loopback source address
 * (127.0.0.x), not a header: the server believes no X-Forwarded-For unless configured to.
 * Small limits keep the test short; production defaults are in src/security/config.ts.
 */
const LIMITS: TThrottleLimits = {
  windowSeconds: 900,
  loginFailuresPerUserIp: 3,
  loginFailuresPerUser: 7,
  loginFailuresPerIp: 8,
  registrationsPerIp: 3,
};

let server: THardenedServer;
beforeAll(async () => {
  server = await startHardenedServer({ security: { throttle: LIMITS } });
});
afterAll(() => server?.close());

let ipCounter = 1;
/** A fresh client address for each scenario, so scenarios do not share per-IP counters. */
const nextIp = () => `127.0.0.${++ipCounter}`;

const login = (ip: string, username: string, password: string, via: 'trpc' | 'rest' = 'trpc') =>
  via === 'trpc'
    ? server.trpc('mutation', 'auth.login', { username, password }, { localAddress: ip })
    : server.request('/api/v1/auth/login', {
        method: 'POST',
        body: { username, password },
        localAddress: ip,
      });

const WRONG = 'not the password at all';

const errorOf = (response: TRawResponse) =>
  (response.json as { error?: { message: string; data: { code: string } } }).error;

async function failTimes(ip: string, username: string, times: number) {
  for (let i = 0; i < times; i += 1) expect((await login(ip, username, WRONG)).status).toBe(401);
}

describe('login throttling', () => {
  it('refuses a username from an IP after its failures, with 429 and Retry-After, even with the right password', async () => {
    const alice = await server.account('customer', 'ACTIVE', 'throttle.alice');
    const ip = nextIp();
    await failTimes(ip, alice.username, LIMITS.loginFailuresPerUserIp);
    const refused = await login(ip, alice.username, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(errorOf(refused)?.data.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LIMITS.windowSeconds - 60);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.windowSeconds);
    // Case does not dodge the counter: usernames are case-insensitive.
    expect((await login(ip, 'THROTTLE.ALICE', TEST_PASSWORD)).status).toBe(429);

    // Another IP is not locked out by this one, and its success does not free the first IP.
    expect((await login(nextIp(), alice.username, TEST_PASSWORD)).status).toBe(200);
    expect((await login(ip, alice.username, TEST_PASSWORD)).status).toBe(429);
  });

  it('treats an unknown username exactly like a known one', async () => {
    await server.account('customer', 'ACTIVE', 'throttle.known');
    const answers = [];
    for (const username of ['throttle.known', 'throttle.nobody']) {
      const ip = nextIp();
      await failTimes(ip, username, LIMITS.loginFailuresPerUserIp);
      answers.push(await login(ip, username, WRONG));
    }
    const [known, unknown] = answers;
    if (!known || !unknown) throw new Error('both attempts were made');
    expect(known.status).toBe(429);
    expect(unknown.status).toBe(429);
    expect(errorOf(unknown)).toEqual(errorOf(known));
    expect(
      Math.abs(Number(known.headers['retry-after']) - Number(unknown.headers['retry-after'])),
    ).toBeLessThanOrEqual(2);
  });

  it("a success resets only that username's failures from that IP; the IP's own count stays", async () => {
    const bob = await server.account('customer', 'ACTIVE', 'throttle.bob');
    const ip = nextIp();
    await failTimes(ip, bob.username, 2);
    expect((await login(ip, bob.username, TEST_PASSWORD)).status).toBe(200);
    // Reset: two more failures are allowed again (2 + 2 would be over 3 without the reset).
    await failTimes(ip, bob.username, 2);
    // But the IP has 4 failures on record: 4 more for other names reach its limit of 8 …
    await failTimes(ip, 'throttle.dave', 2);
    await failTimes(ip, 'throttle.erin', 2);
    // … so a username never tried from this IP is refused here, and only here.
    expect((await login(ip, 'throttle.frank', WRONG)).status).toBe(429);
    expect((await login(nextIp(), 'throttle.frank', WRONG)).status).toBe(401);
  });

  it('slows one username down across all IPs, but never locks its owner out', async () => {
    const gina = await server.account('customer', 'ACTIVE', 'throttle.gina');
    for (let i = 0; i < 2; i += 1) await failTimes(nextIp(), gina.username, 3);
    const third = nextIp();
    await failTimes(third, gina.username, 1);
    // Attempt 8 is past the all-IPs limit of 7: still answered (401), but only after a delay that grows.
    const started = Date.now();
    expect((await login(third, gina.username, WRONG)).status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    // The owner, from anywhere, still signs in with the right password (slowed, not refused).
    const owner = Date.now();
    expect((await login(nextIp(), gina.username, TEST_PASSWORD)).status).toBe(200);
    expect(Date.now() - owner).toBeGreaterThanOrEqual(500);
  });

  it('does not count refused attempts: a locked-out IP cannot lock the account for everyone', async () => {
    const henry = await server.account('customer', 'ACTIVE', 'throttle.henry');
    const ip = nextIp();
    await failTimes(ip, henry.username, 3);
    for (let i = 0; i < 6; i += 1) expect((await login(ip, henry.username, WRONG)).status).toBe(429);
    // 3 counted failures (not 9) against the all-IPs limit of 7: the owner still gets in elsewhere.
    expect((await login(nextIp(), henry.username, TEST_PASSWORD)).status).toBe(200);
  });

  it('lets no burst of concurrent guesses past the limit', async () => {
    const ivan = await server.account('customer', 'ACTIVE', 'throttle.ivan');
    const ip = nextIp();
    const results = await Promise.all(Array.from({ length: 10 }, () => login(ip, ivan.username, WRONG)));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(LIMITS.loginFailuresPerUserIp);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10 - LIMITS.loginFailuresPerUserIp);
  });

  it('counts REST and tRPC attempts together, and answers 429 with Retry-After over REST', async () => {
    const judy = await server.account('customer', 'ACTIVE', 'throttle.judy');
    const ip = nextIp();
    expect((await login(ip, judy.username, WRONG, 'rest')).status).toBe(401);
    expect((await login(ip, judy.username, WRONG, 'trpc')).status).toBe(401);
    expect((await login(ip, judy.username, WRONG, 'rest')).status).toBe(401);
    const refused = await login(ip, judy.username, TEST_PASSWORD, 'rest');
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ignores a client-set X-Forwarded-For (no proxy is trusted by default)', async () => {
    const kim = await server.account('customer', 'ACTIVE', 'throttle.kim');
    const ip = nextIp();
    await failTimes(ip, kim.username, 3);
    const spoofed = await server.trpc(
      'mutation',
      'auth.login',
      { username: kim.username, password: TEST_PASSWORD },
      { localAddress: ip, headers: { 'x-forwarded-for': '203.0.113.7' } },
    );
    expect(spoofed.status).toBe(429);
  });

  it('counts a wrong current password on auth.changePassword as a failed sign-in', async () => {
    const lee = await server.account('customer', 'ACTIVE', 'throttle.lee');
    const ip = nextIp();
    const change = (currentPassword: string) =>
      server.trpc(
        'mutation',
        'auth.changePassword',
        { currentPassword, newPassword: 'a brand new passphrase' },
        { token: lee.token, localAddress: ip },
      );
    for (let i = 0; i < 3; i += 1) expect((await change(WRONG)).status).toBe(400);
    expect((await change(TEST_PASSWORD)).status).toBe(429);
  });
});

describe('registration throttling', () => {
  it('allows a few registrations per IP, then 429 with Retry-After, on tRPC and REST alike', async () => {
    const ip = nextIp();
    const registration = (n: number) => ({
      username: `throttle.reg${n}`,
      password: 'long enough pw',
      email: `throttle.reg${n}@example.com`,
    });
    expect(
      (await server.trpc('mutation', 'auth.registerCustomer', registration(1), { localAddress: ip })).status,
    ).toBe(200);
    // A refused duplicate counts too: registration is also a way to probe for usernames.
    expect(
      (await server.trpc('mutation', 'auth.registerAgent', registration(1), { localAddress: ip })).status,
    ).toBe(409);
    expect(
      (await server.request('/api/v1/customers', { method: 'POST', body: registration(2), localAddress: ip }))
        .status,
    ).toBe(201);
    const refused = await server.request('/api/v1/agents', {
      method: 'POST',
      body: registration(3),
      localAddress: ip,
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const trpcRefused = await server.trpc('mutation', 'auth.registerCustomer', registration(3), {
      localAddress: ip,
    });
    expect(trpcRefused.status).toBe(429);
    expect(Number(trpcRefused.headers['retry-after'])).toBeGreaterThan(0);
    // The refused registration wrote nothing; another IP registers the same name.
    expect(
      (await server.trpc('mutation', 'auth.registerCustomer', registration(3), { localAddress: nextIp() }))
        .status,
    ).toBe(200);
  });
});

describe('throttling across replicas and windows', () => {
  it('holds across two API servers on one database, and ends with its window', async () => {
    const limits = { ...LIMITS, windowSeconds: 2 };
    // Two more servers on this file's database: replicas behind a load balancer.
    const first = await startHardenedServer({ security: { throttle: limits }, db: server.db });
    const second = await startHardenedServer({ security: { throttle: limits }, db: server.db });
    try {
      const mia = await first.account('customer', 'ACTIVE', 'replica.mia');
      const attempt = (replica: THardenedServer, password: string) =>
        replica.trpc(
          'mutation',
          'auth.login',
          { username: mia.username, password },
          { localAddress: '127.0.0.200' },
        );
      expect((await attempt(first, WRONG)).status).toBe(401);
      expect((await attempt(second, WRONG)).status).toBe(401);
      expect((await attempt(first, WRONG)).status).toBe(401);
      const refused = await attempt(second, TEST_PASSWORD);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await attempt(second, TEST_PASSWORD)).status).toBe(200);
    } finally {
      await second.close();
      await first.close();
    }
  }, 60_000);
});
