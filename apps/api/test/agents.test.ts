import type { TAgentStatus, TRole } from '@loanbook/domain/accounts';
import { describe, expect, it } from 'vitest';
import { PRINCIPALS, refusal, TEST_PASSWORD, type TPrincipalName } from './support/api';
import { usePrincipals } from './support/principals';

/** agents.* through the server-side caller: the lifecycle, its history, and who may drive it. */
const fixture = usePrincipals();

const admin = () => fixture.user('admin');

interface THistoryRow {
  version: number;
  action: string;
  actor_id: string | null;
  actor_username: string;
  actor_role: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

const historyOf = (userId: string) =>
  fixture.api.db
    .fork()
    .getConnection()
    .execute<THistoryRow[]>(
      "select version, action, actor_id, actor_username, actor_role, changes from history_entries where entity_type = 'user' and entity_id = ? order by version",
      [userId],
    );

const statusOf = async (userId: string) => {
  const [row] = await fixture.api.db
    .fork()
    .getConnection()
    .execute<{ status: string; status_reason: string | null; token_version: number }[]>(
      'select status, status_reason, token_version from users where id = ?',
      [userId],
    );
  return row;
};

const newAgent = (status: TAgentStatus) => fixture.api.createAccount('agent', status);

const loginAs = (username: string) =>
  fixture.as('anonymous').auth.login({ username, password: TEST_PASSWORD });

describe('agents.list', () => {
  it('lists agents only, and filters them by status', async () => {
    const made: Record<TAgentStatus, string[]> = { PENDING: [], APPROVED: [], REJECTED: [], SUSPENDED: [] };
    for (const status of ['PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED'] as const) {
      for (let i = 0; i < 2; i++) made[status].push((await newAgent(status)).id);
    }
    const all = await fixture.as('admin').agents.list({ limit: 100 });
    expect(all.nextCursor).toBeNull();
    expect(all.items.every((user) => user.role === 'agent')).toBe(true);
    const allIds = all.items.map((user) => user.id);
    expect(allIds).toEqual(expect.arrayContaining(Object.values(made).flat()));
    expect(allIds).not.toContain(fixture.principal('customer')?.id);
    expect(allIds).not.toContain(admin().id);

    for (const status of ['PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED'] as const) {
      const page = await fixture.as('admin').agents.list({ status, limit: 100 });
      expect(page.items.length).toBeGreaterThanOrEqual(2);
      expect(page.items.every((user) => user.role === 'agent' && user.status === status)).toBe(true);
      const ids = page.items.map((user) => user.id);
      expect(ids).toEqual(expect.arrayContaining(made[status]));
      // Every agent of that status in the database, not just some of them.
      expect(ids.sort()).toEqual(
        all.items
          .filter((user) => user.status === status)
          .map((user) => user.id)
          .sort(),
      );
    }
  });

  it('refuses a status that agents do not have', async () => {
    const refused = await refusal(fixture.as('admin').agents.list({ status: 'ACTIVE' as TAgentStatus }));
    expect(refused.code).toBe('BAD_REQUEST');
  });
});

describe('the agent lifecycle', () => {
  it('approve: PENDING → APPROVED, recorded with the admin as actor; the agent can then sign in', async () => {
    const agent = await newAgent('PENDING');
    expect((await refusal(loginAs(agent.username))).code).toBe('FORBIDDEN');

    const user = await fixture.as('admin').agents.approve({ agentId: agent.id });
    expect(user).toMatchObject({ id: agent.id, username: agent.username, role: 'agent', status: 'APPROVED' });
    expect(user).not.toHaveProperty('passwordHash');

    const history = await historyOf(agent.id);
    expect(history.map((row) => row.action)).toEqual(['CREATED', 'APPROVED']);
    expect(history[1]).toMatchObject({
      version: 2,
      actor_id: admin().id,
      actor_username: admin().username,
      actor_role: 'admin',
      changes: { status: { from: 'PENDING', to: 'APPROVED' } },
    });
    const session = await loginAs(agent.username);
    expect(session.user.status).toBe('APPROVED');
  });

  it('reject: PENDING → REJECTED with the reason kept and recorded; the agent cannot sign in', async () => {
    const agent = await newAgent('PENDING');
    const reason = 'Could not verify the licence number';
    const user = await fixture.as('admin').agents.reject({ agentId: agent.id, reason });
    expect(user).toMatchObject({ id: agent.id, status: 'REJECTED' });
    expect(await statusOf(agent.id)).toMatchObject({ status: 'REJECTED', status_reason: reason });

    const history = await historyOf(agent.id);
    expect(history.map((row) => row.action)).toEqual(['CREATED', 'REJECTED']);
    expect(history[1]).toMatchObject({
      actor_id: admin().id,
      actor_role: 'admin',
      changes: { status: { from: 'PENDING', to: 'REJECTED' }, statusReason: { from: null, to: reason } },
    });
    const refused = await refusal(loginAs(agent.username));
    expect(refused).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/rejected/) });
  });

  it('reject needs a reason', async () => {
    const agent = await newAgent('PENDING');
    for (const reason of ['', '   ']) {
      expect((await refusal(fixture.as('admin').agents.reject({ agentId: agent.id, reason }))).code).toBe(
        'BAD_REQUEST',
      );
    }
    expect((await statusOf(agent.id))?.status).toBe('PENDING');
    expect(await historyOf(agent.id)).toHaveLength(1);
  });

  it('suspend and reinstate: APPROVED → SUSPENDED → APPROVED, each recorded; tokens issued before die', async () => {
    const agent = await newAgent('APPROVED');
    const before = await statusOf(agent.id);

    const suspended = await fixture.api
      .as(admin())
      .agents.suspend({ agentId: agent.id, reason: 'Audit in progress' });
    expect(suspended).toMatchObject({ id: agent.id, status: 'SUSPENDED' });
    expect((await refusal(loginAs(agent.username))).message).toMatch(/suspended/);
    const afterSuspension = await statusOf(agent.id);
    expect(afterSuspension?.token_version).toBe((before?.token_version ?? 0) + 1);

    const reinstated = await fixture.as('admin').agents.reinstate({ agentId: agent.id });
    expect(reinstated).toMatchObject({ id: agent.id, status: 'APPROVED' });
    expect((await loginAs(agent.username)).user.status).toBe('APPROVED');

    const history = await historyOf(agent.id);
    expect(history.map((row) => row.action)).toEqual(['CREATED', 'SUSPENDED', 'REINSTATED']);
    expect(history[1]).toMatchObject({
      actor_id: admin().id,
      changes: {
        status: { from: 'APPROVED', to: 'SUSPENDED' },
        statusReason: { from: null, to: 'Audit in progress' },
      },
    });
    expect(history[2]).toMatchObject({
      actor_id: admin().id,
      actor_role: 'admin',
      changes: { status: { from: 'SUSPENDED', to: 'APPROVED' } },
    });
  });

  it('suspend without a reason', async () => {
    const agent = await newAgent('APPROVED');
    expect(await fixture.as('admin').agents.suspend({ agentId: agent.id })).toMatchObject({
      status: 'SUSPENDED',
    });
    expect((await historyOf(agent.id)).at(-1)?.action).toBe('SUSPENDED');
  });

  const illegal: [string, TAgentStatus, 'approve' | 'reject' | 'suspend' | 'reinstate'][] = [
    ['approve an approved agent (approve twice)', 'APPROVED', 'approve'],
    ['approve a rejected agent', 'REJECTED', 'approve'],
    ['approve a suspended agent', 'SUSPENDED', 'approve'],
    ['reject an approved agent', 'APPROVED', 'reject'],
    ['reject a rejected agent', 'REJECTED', 'reject'],
    ['suspend a pending agent', 'PENDING', 'suspend'],
    ['suspend a suspended agent', 'SUSPENDED', 'suspend'],
    ['suspend a rejected agent', 'REJECTED', 'suspend'],
    ['reinstate an approved agent', 'APPROVED', 'reinstate'],
    ['reinstate a pending agent', 'PENDING', 'reinstate'],
    ['reinstate a rejected agent', 'REJECTED', 'reinstate'],
  ];

  it.each(illegal)(
    '%s is a CONFLICT that changes nothing and writes no history',
    async (_, status, command) => {
      const agent = await newAgent(status);
      const before = await statusOf(agent.id);
      const historyBefore = await historyOf(agent.id);
      const caller = fixture.as('admin').agents;
      const call =
        command === 'reject'
          ? caller.reject({ agentId: agent.id, reason: 'no' })
          : command === 'suspend'
            ? caller.suspend({ agentId: agent.id, reason: 'no' })
            : caller[command]({ agentId: agent.id });
      const refused = await refusal(call);
      expect(refused.code).toBe('CONFLICT');
      expect(refused.message).toContain(status);
      expect(await statusOf(agent.id)).toEqual(before);
      expect(await historyOf(agent.id)).toEqual(historyBefore);
    },
  );

  it('approving twice: the first succeeds, the second is a CONFLICT with no second history row', async () => {
    const agent = await newAgent('PENDING');
    await fixture.as('admin').agents.approve({ agentId: agent.id });
    const refused = await refusal(fixture.as('admin').agents.approve({ agentId: agent.id }));
    expect(refused.code).toBe('CONFLICT');
    expect((await historyOf(agent.id)).map((row) => row.action)).toEqual(['CREATED', 'APPROVED']);
  });

  it('a customer, an admin or an unknown id is not an agent: NOT_FOUND', async () => {
    const customerId = fixture.principal('customer')?.id ?? '';
    for (const agentId of [customerId, admin().id, crypto.randomUUID()]) {
      const refused = await refusal(fixture.as('admin').agents.approve({ agentId }));
      expect(refused.code).toBe('NOT_FOUND');
    }
    expect((await statusOf(customerId))?.status).toBe('ACTIVE');
    expect((await historyOf(customerId)).map((row) => row.action)).toEqual(['CREATED']);
  });

  it('an agent id that is not a uuid is BAD_REQUEST', async () => {
    expect((await refusal(fixture.as('admin').agents.approve({ agentId: 'not-a-uuid' }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('who may manage agents', () => {
  const INACTIVE: Partial<Record<TPrincipalName, RegExp>> = {
    pendingAgent: /awaiting approval/,
    rejectedAgent: /rejected/,
    suspendedAgent: /suspended/,
  };
  const procedures = ['list', 'approve', 'reject', 'suspend', 'reinstate'] as const;
  const callers = PRINCIPALS.filter((name) => name !== 'admin');

  it.each(procedures.flatMap((procedure) => callers.map((name) => [procedure, name] as const)))(
    'agents.%s as %s is refused and changes nothing',
    async (procedure, name) => {
      const target = await newAgent(
        procedure === 'reinstate' ? 'SUSPENDED' : procedure === 'suspend' ? 'APPROVED' : 'PENDING',
      );
      const before = await statusOf(target.id);
      const caller = fixture.as(name).agents;
      const call =
        procedure === 'list'
          ? caller.list({})
          : procedure === 'reject'
            ? caller.reject({ agentId: target.id, reason: 'no' })
            : caller[procedure]({ agentId: target.id });
      const refused = await refusal(call);
      const principal = fixture.principal(name);
      if (!principal) {
        expect(refused.code).toBe('UNAUTHORIZED');
      } else {
        expect(refused.code).toBe('FORBIDDEN');
        const role: TRole = principal.role;
        expect(refused.message).toMatch(INACTIVE[name] ?? new RegExp(`${role} role`));
      }
      expect(await statusOf(target.id)).toEqual(before);
      expect(await historyOf(target.id)).toHaveLength(1);
    },
  );

  it('the inactive-account messages are distinct from each other and from the role message', async () => {
    const messages = await Promise.all(
      (['pendingAgent', 'rejectedAgent', 'suspendedAgent', 'customer'] as const).map(
        async (name) => (await refusal(fixture.as(name).agents.list({}))).message,
      ),
    );
    expect(new Set(messages).size).toBe(4);
  });
});
