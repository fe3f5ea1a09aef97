import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PRICING_CACHE_MAX_AGE_MS } from '../src/modules/products/loan-products.service';
import { usePrincipals } from './support/principals';

/** Loan products (list, create, update, deactivate), their history, and the quote priced from them. */

const fixture = usePrincipals();
const { as } = fixture;

const sql = <T>(query: string, params: unknown[] = []) =>
  fixture.api.db.fork().getConnection().execute<T[]>(query, params);

const productHistory = (code: string) =>
  sql<{ version: number; action: string; actor_id: string | null; actor_role: string; changes: unknown }>(
    "select version, action, actor_id, actor_role, changes from history_entries where entity_type = 'loanProduct' and entity_id = ? order by version",
    [code],
  );

const productCount = async () =>
  (await sql<{ n: number }>('select count(*)::int as n from loan_products'))[0]?.n;

const product = (code: string, overrides: Record<string, unknown> = {}) => ({
  code,
  name: `${code} loan`,
  annualRatePercent: '5.50',
  minAmount: '1000',
  maxAmount: '50000',
  minTermMonths: 6,
  maxTermMonths: 60,
  ...overrides,
});

describe('loanProducts.list', () => {
  const SEEDED = [
    ['CAR', 'Car loan', '7.25'],
    ['EDUCATION', 'Education loan', '14.70'],
    ['HOME', 'Home loan', '6.90'],
    ['PERSONAL', 'Personal loan', '10.75'],
  ];

  it.each(['anonymous', 'customer', 'pendingAgent', 'agent', 'admin'] as const)(
    'shows the seeded products with their rates to %s',
    async (name) => {
      const products = await as(name).loanProducts.list();
      expect(products.map((p) => [p.code, p.name, p.annualRatePercent])).toEqual(SEEDED);
      expect(products.every((p) => p.active)).toBe(true);
      expect(products.find((p) => p.code === 'HOME')).toEqual({
        code: 'HOME',
        name: 'Home loan',
        annualRatePercent: '6.90',
        minAmount: '10000.00',
        maxAmount: '2000000.00',
        minTermMonths: 12,
        maxTermMonths: 360,
        // The seed products' late fee and grace days (servicing.md §3).
        lateFee: '25.00',
        lateFeeGraceDays: 5,
        active: true,
      });
    },
  );
});

describe('loanProducts.create', () => {
  it('lets an admin add a product, recorded in history as CREATED by that admin', async () => {
    const created = await as('admin').loanProducts.create(product('BOAT', { annualRatePercent: 8.125 }));
    expect(created).toEqual({
      code: 'BOAT',
      name: 'BOAT loan',
      annualRatePercent: '8.125',
      minAmount: '1000.00',
      maxAmount: '50000.00',
      minTermMonths: 6,
      maxTermMonths: 60,
      // Without a late fee given: none, and the default 5 grace days (api-contract.md).
      lateFee: '0.00',
      lateFeeGraceDays: 5,
      active: true,
    });
    const listed = await as('anonymous').loanProducts.list();
    expect(listed.find((p) => p.code === 'BOAT')).toEqual(created);

    const history = await productHistory('BOAT');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      version: 1,
      action: 'CREATED',
      actor_id: fixture.principal('admin')?.id,
      actor_role: 'admin',
      changes: {
        name: { from: null, to: 'BOAT loan' },
        annualRatePercent: { from: null, to: '8.125' },
        maxAmount: { from: null, to: '50000.00' },
      },
    });
  });

  it.each([
    ['anonymous', 'UNAUTHORIZED'],
    ['customer', 'FORBIDDEN'],
    ['agent', 'FORBIDDEN'],
    ['suspendedAgent', 'FORBIDDEN'],
  ] as const)('refuses %s with %s and adds nothing', async (name, code) => {
    const before = await productCount();
    await expect(as(name).loanProducts.create(product('NOTMINE'))).rejects.toMatchObject({ code });
    expect(await productCount()).toBe(before);
  });

  it('refuses limits where the minimum exceeds the maximum (400)', async () => {
    const before = await productCount();
    await expect(
      as('admin').loanProducts.create(product('CROSSED', { minAmount: '60000', maxAmount: '50000' })),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { fieldErrors: { maxAmount: ['Maximum amount must not be below the minimum amount'] } },
    });
    await expect(
      as('admin').loanProducts.create(product('CROSSED', { minTermMonths: 61 })),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { fieldErrors: { maxTermMonths: expect.any(Array) } },
    });
    expect(await productCount()).toBe(before);
    expect(await productHistory('CROSSED')).toEqual([]);
  });

  it('refuses a duplicate code with 409, and keeps the original', async () => {
    await expect(
      as('admin').loanProducts.create(product('HOME', { name: 'Second home', annualRatePercent: '1.00' })),
    ).rejects.toMatchObject({ code: 'CONFLICT', cause: { fieldErrors: { code: expect.any(Array) } } });
    const home = (await as('admin').loanProducts.list()).find((p) => p.code === 'HOME');
    expect(home).toMatchObject({ name: 'Home loan', annualRatePercent: '6.90' });
  });

  it('refuses the second of two concurrent creates of one code with 409', async () => {
    const results = await Promise.allSettled([
      as('admin').loanProducts.create(product('TWIN')),
      as('admin').loanProducts.create(product('TWIN', { name: 'Other twin' })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await productHistory('TWIN')).toHaveLength(1);
  });
});

describe('loanProducts.update', () => {
  it('changes the rate and limits, recorded in history as UPDATED with from → to', async () => {
    await as('admin').loanProducts.create(product('VAN', { annualRatePercent: '7.00' }));
    const updated = await as('admin').loanProducts.update({
      code: 'VAN',
      annualRatePercent: '7.40',
      maxAmount: 60000,
    });
    expect(updated).toMatchObject({ annualRatePercent: '7.40', maxAmount: '60000.00', name: 'VAN loan' });
    const history = await productHistory('VAN');
    expect(history.map((h) => [h.version, h.action])).toEqual([
      [1, 'CREATED'],
      [2, 'UPDATED'],
    ]);
    expect(history[1]).toMatchObject({ actor_id: fixture.principal('admin')?.id, actor_role: 'admin' });
    const changes = history[1]?.changes as Record<string, { from: string; to: string }>;
    expect(Object.keys(changes).sort()).toEqual(['annualRatePercent', 'maxAmount']);
    expect(new Decimal(changes.annualRatePercent?.from ?? 'NaN').eq('7.00')).toBe(true);
    expect(new Decimal(changes.annualRatePercent?.to ?? 'NaN').eq('7.40')).toBe(true);
    expect(new Decimal(changes.maxAmount?.from ?? 'NaN').eq('50000')).toBe(true);
    expect(changes.maxAmount?.to).toBe('60000.00');
  });

  it("records a seeded product's change too", async () => {
    await as('admin').loanProducts.update({ code: 'EDUCATION', name: 'Education and training loan' });
    const history = await productHistory('EDUCATION');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      action: 'UPDATED',
      changes: { name: { from: 'Education loan', to: 'Education and training loan' } },
    });
  });

  it.each([
    ['anonymous', 'UNAUTHORIZED'],
    ['customer', 'FORBIDDEN'],
    ['agent', 'FORBIDDEN'],
  ] as const)('refuses %s with %s and changes nothing', async (name, code) => {
    await expect(
      as(name).loanProducts.update({ code: 'HOME', annualRatePercent: '0.10' }),
    ).rejects.toMatchObject({ code });
    const home = (await as('anonymous').loanProducts.list()).find((p) => p.code === 'HOME');
    expect(home?.annualRatePercent).toBe('6.90');
    expect(await productHistory('HOME')).toEqual([]);
  });

  it('refuses an update that would cross the stored limits, and an unknown code (404)', async () => {
    await expect(as('admin').loanProducts.update({ code: 'CAR', minTermMonths: 97 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { fieldErrors: { maxTermMonths: expect.any(Array) } },
    });
    await expect(as('admin').loanProducts.update({ code: 'NOSUCH', name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await productHistory('CAR')).toEqual([]);
  });
});

describe('an inactive product', () => {
  it('cannot be quoted, applied for, opened or edited into, but its loans live on', async () => {
    await as('admin').loanProducts.create(product('RETIRED'));
    const terms = { productCode: 'RETIRED', amount: '5000', termMonths: 12 };
    const existing = await as('customer').loans.create(terms);
    const homeLoan = await as('customer').loans.create({
      productCode: 'HOME',
      amount: '10000',
      termMonths: 12,
    });

    const deactivated = await as('admin').loanProducts.update({ code: 'RETIRED', active: false });
    expect(deactivated.active).toBe(false);
    const history = await productHistory('RETIRED');
    expect(history.at(-1)).toMatchObject({
      action: 'UPDATED',
      changes: { active: { from: true, to: false } },
    });

    const notOffered = {
      code: 'BAD_REQUEST',
      message: 'This product is not offered any more',
      cause: { fieldErrors: { productCode: ['This product is not offered any more'] } },
    };
    const loansBefore = await sql('select * from loans order by id');
    await expect(as('anonymous').loans.quote(terms)).rejects.toMatchObject(notOffered);
    await expect(as('customer').loans.create(terms)).rejects.toMatchObject(notOffered);
    await expect(
      as('agent').loans.openForCustomer({ customerId: fixture.principal('customer')?.id ?? '', ...terms }),
    ).rejects.toMatchObject(notOffered);
    await expect(
      as('agent').loans.update({ loanId: homeLoan.id, expectedVersion: 1, productCode: 'RETIRED' }),
    ).rejects.toMatchObject(notOffered);
    expect(await sql('select * from loans order by id')).toEqual(loansBefore);

    // A loan taken before keeps its product and can still be forwarded and decided.
    await expect(as('customer').loans.get({ loanId: existing.id })).resolves.toMatchObject({
      productCode: 'RETIRED',
      annualRatePercent: '5.50',
    });
    await as('agent').loans.forward({ loanId: existing.id });
    await expect(as('admin').loans.approve({ loanId: existing.id })).resolves.toMatchObject({
      status: 'APPROVED',
    });

    await as('admin').loanProducts.update({ code: 'RETIRED', active: true });
    await expect(as('customer').loans.create(terms)).resolves.toMatchObject({ status: 'NEW' });
  });
});

describe('loans.quote', () => {
  it('prices 100,000.00 at 9.99 % over 36 months as the product spec says', async () => {
    await as('admin').loanProducts.create(
      product('ORACLE', {
        annualRatePercent: '9.99',
        minAmount: '1000',
        maxAmount: '500000',
        maxTermMonths: 120,
      }),
    );
    const quote = await as('anonymous').loans.quote({
      productCode: 'ORACLE',
      amount: 100000,
      termMonths: 36,
    });
    expect(quote).toMatchObject({
      productCode: 'ORACLE',
      annualRatePercent: '9.99',
      principal: '100000.00',
      termMonths: 36,
      monthlyInstallment: '3226.25',
    });
    expect(quote.schedule).toHaveLength(36);
    expect(quote.schedule[0]).toEqual({
      period: 1,
      installment: '3226.25',
      interest: '832.50',
      principal: '2393.75',
      balance: '97606.25',
    });
    expect(quote.schedule.at(-1)?.balance).toBe('0.00');
    expect(quote.schedule.map((row) => row.period)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));

    const sum = (key: 'installment' | 'interest' | 'principal') =>
      quote.schedule.reduce((total, row) => total.plus(row[key]), new Decimal(0)).toFixed(2);
    expect(quote.totalPayable).toBe(sum('installment'));
    expect(quote.totalInterest).toBe(sum('interest'));
    expect(sum('principal')).toBe('100000.00');
    // Independently computed (Python decimal): the reducing-balance total, not the legacy flat formula.
    expect(quote.totalPayable).toBe('116145.00');
    expect(quote.totalInterest).toBe('16145.00');
    const flatTotal = new Decimal('9.99').div(100).times(3).plus(1).times(100000).toFixed(2);
    expect(quote.totalPayable).not.toBe(flatTotal);

    // A customer applying on those terms gets the same figures.
    const loan = await as('customer').loans.create({
      productCode: 'ORACLE',
      amount: '100000.00',
      termMonths: 36,
    });
    expect(loan).toMatchObject({
      annualRatePercent: '9.99',
      monthlyInstallment: quote.monthlyInstallment,
      totalInterest: quote.totalInterest,
      totalPayable: quote.totalPayable,
    });
  });

  it("prices with a change made here at once, and with another process's change within the cache bound", async () => {
    await as('admin').loanProducts.create(product('CACHED', { annualRatePercent: '6.90' }));
    const terms = { productCode: 'CACHED', amount: '10000', termMonths: 24 };
    expect(await as('anonymous').loans.quote(terms)).toMatchObject({ annualRatePercent: '6.90' });
    // Through this API (the product's version moves): the next quote and the next loan see it.
    await as('admin').loanProducts.update({ code: 'CACHED', annualRatePercent: '7.10' });
    expect(await as('anonymous').loans.quote(terms)).toMatchObject({ annualRatePercent: '7.10' });
    await expect(as('customer').loans.create(terms)).resolves.toMatchObject({ annualRatePercent: '7.10' });
    // Behind this process's back (another API process, a console): seen after PRICING_CACHE_MAX_AGE_MS.
    await sql(
      "update loan_products set annual_rate_percent = 7.30, version = version + 1 where code = 'CACHED'",
    );
    await new Promise((resolve) => setTimeout(resolve, PRICING_CACHE_MAX_AGE_MS + 50));
    expect(await as('anonymous').loans.quote(terms)).toMatchObject({ annualRatePercent: '7.30' });
    await sql("update loan_products set active = false, version = version + 1 where code = 'CACHED'");
    await new Promise((resolve) => setTimeout(resolve, PRICING_CACHE_MAX_AGE_MS + 50));
    await expect(as('customer').loans.create(terms)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('quotes outside the product limits as 400 on the offending field', async () => {
    await expect(
      as('anonymous').loans.quote({ productCode: 'HOME', amount: '100', termMonths: 12 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { fieldErrors: { amount: expect.any(Array) } } });
    await expect(
      as('anonymous').loans.quote({ productCode: 'NOSUCH', amount: '10000', termMonths: 12 }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { fieldErrors: { productCode: ['Unknown product'] } },
    });
  });
});
