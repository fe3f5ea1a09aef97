import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from './support/api';
import { startHardenedServer, type THardenedServer, type TRawResponse } from './support/fuzz';

/**
 * The audit trail: sign-ins, agent status changes and loan decisions are logged as structured records with
 * actor, IP and request id — over tRPC and REST alike — and never with a password.
 */
let server: THardenedServer;
beforeAll(async () => {
  server = await startHardenedServer();
});
afterAll(() => server?.close());

interface TLogLine {
  audit?: boolean;
  event?: string;
  outcome?: string;
  actor?: { id: string; username: string; role: string } | null;
  ip?: string;
  requestId?: string;
  reqId?: string;
  username?: string;
  code?: string;
  targetType?: string;
  targetId?: string;
  status?: string;
  reason?: string;
}

const auditRecords = (): TLogLine[] =>
  server.logs.map((line) => JSON.parse(line) as TLogLine).filter((line) => line.audit === true);

/** The one audit record written for the request that produced `response`. */
function recordOf(response: TRawResponse): TLogLine {
  const requestId = response.headers['x-request-id'];
  const records = auditRecords().filter((record) => record.requestId === requestId);
  expect(records, `audit records of request ${String(requestId)}`).toHaveLength(1);
  const [record] = records;
  if (!record) throw new Error('no audit record');
  expect(record.reqId).toBe(requestId);
  return record;
}

describe('audit trail', () => {
  it('logs sign-in successes and failures with the username tried, the IP and the request id', async () => {
    const customer = await server.account('customer', 'ACTIVE', 'audit.carol');
    const ok = await server.trpc('mutation', 'auth.login', {
      username: 'Audit.Carol',
      password: TEST_PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect(recordOf(ok)).toMatchObject({
      event: 'auth.login.succeeded',
      outcome: 'success',
      username: 'Audit.Carol',
      actor: { id: customer.id, username: 'audit.carol', role: 'customer' },
      ip: '127.0.0.1',
    });

    const wrong = await server.request('/api/v1/auth/login', {
      method: 'POST',
      body: { username: 'audit.carol', password: 'a wrong password!' },
      localAddress: '127.0.0.9',
    });
    expect(wrong.status).toBe(401);
    expect(recordOf(wrong)).toMatchObject({
      event: 'auth.login.failed',
      outcome: 'failure',
      code: 'UNAUTHORIZED',
      username: 'audit.carol',
      actor: null,
      ip: '127.0.0.9',
    });

    const pending = await server.account('agent', 'PENDING', 'audit.pending');
    const refused = await server.trpc('mutation', 'auth.login', {
      username: pending.username,
      password: TEST_PASSWORD,
    });
    expect(refused.status).toBe(403);
    expect(recordOf(refused)).toMatchObject({
      event: 'auth.login.failed',
      code: 'FORBIDDEN',
      username: 'audit.pending',
    });
  });

  it('logs agent status changes with the admin as actor and the agent as target', async () => {
    const admin = await server.account('admin', 'ACTIVE', 'audit.admin');
    const adminActor = { id: admin.id, username: admin.username, role: 'admin' };
    const agent = await server.account('agent', 'PENDING', 'audit.agent');
    const approve = await server.trpc(
      'mutation',
      'agents.approve',
      { agentId: agent.id },
      { token: admin.token },
    );
    expect(approve.status).toBe(200);
    expect(recordOf(approve)).toMatchObject({
      event: 'agent.approved',
      outcome: 'success',
      actor: adminActor,
      targetType: 'user',
      targetId: agent.id,
      status: 'APPROVED',
    });
    const suspend = await server.request(`/api/v1/agents/${agent.id}/suspend`, {
      method: 'POST',
      body: { reason: 'Complaint under review' },
      token: admin.token,
    });
    expect(suspend.status).toBe(200);
    expect(recordOf(suspend)).toMatchObject({
      event: 'agent.suspended',
      actor: adminActor,
      targetId: agent.id,
      status: 'SUSPENDED',
      reason: 'Complaint under review',
    });
    const reinstate = await server.trpc(
      'mutation',
      'agents.reinstate',
      { agentId: agent.id },
      { token: admin.token },
    );
    expect(recordOf(reinstate)).toMatchObject({ event: 'agent.reinstated', status: 'APPROVED' });
    const other = await server.account('agent', 'PENDING');
    const reject = await server.trpc(
      'mutation',
      'agents.reject',
      { agentId: other.id, reason: 'No licence' },
      { token: admin.token },
    );
    expect(recordOf(reject)).toMatchObject({
      event: 'agent.rejected',
      status: 'REJECTED',
      reason: 'No licence',
    });

    // A refused attempt is on record too, with who tried.
    const customer = await server.account('customer', 'ACTIVE');
    const forbidden = await server.trpc(
      'mutation',
      'agents.approve',
      { agentId: other.id },
      { token: customer.token },
    );
    expect(forbidden.status).toBe(403);
    expect(recordOf(forbidden)).toMatchObject({
      event: 'agent.approved.failed',
      outcome: 'failure',
      code: 'FORBIDDEN',
      actor: { id: customer.id, role: 'customer' },
      targetId: other.id,
    });
  });

  it('logs loan decisions with the deciding admin, over tRPC and REST', async () => {
    const admin = await server.account('admin', 'ACTIVE');
    const customer = await server.account('customer', 'ACTIVE');
    const agent = await server.account('agent', 'APPROVED');
    const open = async () => {
      const response = await server.trpc(
        'mutation',
        'loans.openForCustomer',
        { productCode: 'CAR', amount: '20000', termMonths: 24, customerId: customer.id },
        { token: agent.token },
      );
      return (response.json as { result: { data: { id: string } } }).result.data.id;
    };
    const first = await open();
    const approve = await server.trpc('mutation', 'loans.approve', { loanId: first }, { token: admin.token });
    expect(approve.status).toBe(200);
    expect(recordOf(approve)).toMatchObject({
      event: 'loan.approved',
      actor: { id: admin.id, role: 'admin' },
      targetType: 'loan',
      targetId: first,
      status: 'APPROVED',
    });
    const second = await open();
    const reject = await server.request(`/api/v1/loans/${second}/reject`, {
      method: 'POST',
      body: { reason: 'Debt ratio too high' },
      token: admin.token,
    });
    expect(reject.status).toBe(200);
    expect(recordOf(reject)).toMatchObject({
      event: 'loan.rejected',
      targetId: second,
      status: 'REJECTED',
      reason: 'Debt ratio too high',
    });
    const again = await server.trpc('mutation', 'loans.approve', { loanId: second }, { token: admin.token });
    expect(again.status).toBe(409);
    expect(recordOf(again)).toMatchObject({
      event: 'loan.approved.failed',
      code: 'CONFLICT',
      targetId: second,
    });
  });

  it('never writes a password into any log line', async () => {
    const secret = 'an unforgettable passphrase';
    await server.trpc('mutation', 'auth.registerCustomer', {
      username: 'audit.dan',
      password: secret,
      email: 'dan@example.com',
    });
    await server.trpc('mutation', 'auth.login', { username: 'audit.dan', password: secret });
    await server.trpc('mutation', 'auth.login', { username: 'audit.dan', password: `${secret}?` });
    const all = server.logs.join('\n');
    expect(all).toContain('audit.dan');
    for (const forbidden of [secret, TEST_PASSWORD, '$argon2', 'passwordHash', 'password_hash']) {
      expect(all).not.toContain(forbidden);
    }
    expect(
      auditRecords()
        .filter((record) => record.username === 'audit.dan')
        .map((record) => record.event),
    ).toEqual(['auth.registered.customer', 'auth.login.succeeded', 'auth.login.failed']);
  });
});
