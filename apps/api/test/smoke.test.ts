import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipals, createTestApi, type TTestApi } from './support/api';

let api: TTestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api?.close());

describe('smoke', () => {
  it('runs a loan through its life with history', async () => {
    const p = await createPrincipals(api);
    const loan = await api
      .as(p.customer)
      .loans.apply.call(null, { productCode: 'HOME', amount: '10000', termMonths: 12 });
    expect(loan.status).toBe('NEW');
    const edited = await api
      .as(p.agent)
      .loans.update({ loanId: loan.id, expectedVersion: 1, amount: 12000.5 });
    expect(edited.principal).toBe('12000.50');
    const fwd = await api.as(p.agent).loans.forward({ loanId: loan.id });
    const ok = await api.as(p.admin).loans.approve({ loanId: loan.id });
    console.log(fwd.version, ok);
    const history = await api.as(p.customer).loans.history({ loanId: loan.id });
    console.log(JSON.stringify(history, null, 1));
    const list = await api.as(p.admin).loans.list({ limit: 10 });
    expect(list.items).toHaveLength(1);
  });
});
