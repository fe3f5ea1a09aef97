/**
 * `loanbook` against a live server: how it signs in (or says how), and how an import finishes the loans an
 * earlier, interrupted run left pending or approved instead of opening them a second time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLoanbookClient, type LoanbookClient } from '@loanbook/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TImportSummary } from '../src/book/report';
import { ADMIN, startApiServer, type TApiServer } from './support/api-server';
import { runCli } from './support/cli';

const PASSWORD = 'a long enough password';
const HEADER = 'record,customer,email,loan_ref,product,amount,term_months,disbursed_on,paid_on';

describe('loanbook sign-in and resuming an interrupted import', () => {
  let server: TApiServer;
  let dir: string;
  let admin: LoanbookClient;
  let agent: LoanbookClient;
  let tokens: { admin: string; agent: string };

  beforeAll(async () => {
    [server, dir] = await Promise.all([startApiServer(), mkdtemp(join(tmpdir(), 'loanbook-cli-sessions-'))]);
    const anonymous = createLoanbookClient({ url: server.url });
    const adminToken = (await anonymous.auth.login.mutate(ADMIN)).token;
    admin = createLoanbookClient({ url: server.url, token: adminToken });
    const account = await anonymous.auth.registerAgent.mutate({
      username: 'resume-agent',
      password: PASSWORD,
      email: 'resume-agent@example.com',
    });
    await admin.agents.approve.mutate({ agentId: account.id });
    const agentToken = (await anonymous.auth.login.mutate({ username: 'resume-agent', password: PASSWORD }))
      .token;
    agent = createLoanbookClient({ url: server.url, token: agentToken });
    tokens = { admin: adminToken, agent: agentToken };
    await writeFile(join(dir, 'empty.csv'), `${HEADER}\n`);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says which token it needs when there is none and no terminal to ask at', async () => {
    const run = await runCli(['import', 'empty.csv'], { cwd: dir, env: { LOANBOOK_URL: server.url } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Set LOANBOOK_TOKEN to the token of an admin');
  });

  it('refuses a token the server does not accept, and one of the wrong role', async () => {
    const forged = await runCli(['import', 'empty.csv'], {
      cwd: dir,
      env: { LOANBOOK_URL: server.url, LOANBOOK_TOKEN: 'not-a-token' },
    });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('LOANBOOK_TOKEN was not accepted');

    const asAgent = await runCli(['import', 'empty.csv'], {
      cwd: dir,
      env: { LOANBOOK_URL: server.url, LOANBOOK_TOKEN: tokens.agent },
    });
    expect(asAgent.code).toBe(1);
    expect(asAgent.stderr).toContain('resume-agent is an agent; this needs an admin');
  });

  it('says what is wrong with a file it cannot read as a book', async () => {
    await writeFile(join(dir, 'bad.csv'), 'record,customer,mail\n');
    const run = await runCli(['import', 'bad.csv'], {
      cwd: dir,
      env: { LOANBOOK_URL: server.url, LOANBOOK_TOKEN: tokens.admin },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.csv: Unknown column "mail"');
  });

  it('finishes the loans an interrupted run left pending or approved, without opening them twice', async () => {
    const customer = await admin.auth.registerCustomer.mutate({
      username: 'resume-cust',
      password: PASSWORD,
      email: 'resume-cust@example.com',
    });
    const terms = { customerId: customer.id, productCode: 'CAR', termMonths: 12 };
    const pending = await agent.loans.openForCustomer.mutate({ ...terms, amount: '5000.00' });
    const approved = await agent.loans.openForCustomer.mutate({ ...terms, amount: '6000.00' });
    await admin.loans.approve.mutate({ loanId: approved.id });
    await writeFile(
      join(dir, 'resume.csv'),
      [
        HEADER,
        'customer,resume-cust,resume-cust@example.com,,,,,,',
        'loan,resume-cust,,R-1,CAR,5000,12,2025-01-10,',
        'repayment,,,R-1,,435.00,,,2025-02-10',
        'loan,resume-cust,,R-2,CAR,6000,12,2025-01-20,',
      ].join('\n'),
    );
    const env = {
      LOANBOOK_URL: server.url,
      LOANBOOK_TOKEN: tokens.admin,
      LOANBOOK_AGENT_TOKEN: tokens.agent,
    };
    const run = await runCli(['import', 'resume.csv', '--json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as TImportSummary;
    expect(summary.customers).toMatchObject({ created: 0, skipped: 1 });
    expect(summary.loans).toMatchObject({ created: 2, failed: 0 });
    expect(summary.repayments).toMatchObject({ created: 1, failed: 0 });

    const { items } = await admin.loans.list.query({ customerId: customer.id, sort: 'asc' });
    expect(items.map(({ id, status, disbursedOn }) => ({ id, status, disbursedOn }))).toEqual([
      { id: pending.id, status: 'ACTIVE', disbursedOn: '2025-01-10' },
      { id: approved.id, status: 'ACTIVE', disbursedOn: '2025-01-20' },
    ]);
  });
});
