import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { computeLoanFigures, formatMoney, MoneyDecimal, type TLoanFigures } from './schedule';

const TWO_DECIMALS = /^\d+\.\d{2}$/;

/** Integer cents → "1234.56", built from strings so the test never does float math on money. */
function centsToText(cents: number): string {
  const digits = String(cents).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Thousandths of a percent → "6.900". */
function milliPercentToText(milli: number): string {
  const digits = String(milli).padStart(4, '0');
  return `${digits.slice(0, -3)}.${digits.slice(-3)}`;
}

describe('computeLoanFigures', () => {
  it('matches the product spec example: 100,000.00 at 9.99 % for 36 months', () => {
    const figures = computeLoanFigures({ principal: '100000.00', annualRatePercent: '9.99', termMonths: 36 });

    expect(figures.monthlyInstallment).toBe('3226.25');
    expect(figures.schedule).toHaveLength(36);
    expect(figures.schedule[0]).toEqual({
      period: 1,
      installment: '3226.25',
      interest: '832.50',
      principal: '2393.75',
      balance: '97606.25',
    });
    expect(figures.schedule[35]?.period).toBe(36);
    expect(figures.schedule[35]?.balance).toBe('0.00');
    expect(figures.totalPayable).toBe(
      formatMoney(figures.schedule.reduce((sum, row) => sum.plus(row.installment), new MoneyDecimal(0))),
    );
  });

  it('splits an interest-free loan evenly and lets the last installment absorb the remainder', () => {
    const figures = computeLoanFigures({ principal: '100.00', annualRatePercent: '0', termMonths: 3 });

    expect(figures.monthlyInstallment).toBe('33.33');
    expect(figures.schedule.map((row) => row.installment)).toEqual(['33.33', '33.33', '33.34']);
    expect(figures.schedule.map((row) => row.balance)).toEqual(['66.67', '33.34', '0.00']);
    expect(figures.totalInterest).toBe('0.00');
    expect(figures.totalPayable).toBe('100.00');
  });

  it('charges principal plus one month of interest for a one-month loan', () => {
    const figures = computeLoanFigures({ principal: '1200.00', annualRatePercent: '12', termMonths: 1 });

    expect(figures.monthlyInstallment).toBe('1212.00');
    expect(figures.schedule).toEqual([
      { period: 1, installment: '1212.00', interest: '12.00', principal: '1200.00', balance: '0.00' },
    ]);
    expect(figures.totalInterest).toBe('12.00');
  });

  it('rounds an exact half cent of interest up even when rate / 1200 does not terminate', () => {
    // 48.00 · 3.625 / 1200 = 0.145 exactly; a truncated r = 0.0030208333… would give 0.1449… → 0.14.
    const figures = computeLoanFigures({ principal: '48.00', annualRatePercent: '3.625', termMonths: 1 });

    expect(figures.schedule[0]?.interest).toBe('0.15');
    expect(figures.totalPayable).toBe('48.15');
  });

  it('caps the principal part of a tiny loan whose rounded EMI over-pays, never going below zero', () => {
    // 0.09 / 6 = 0.015 → EMI 0.02; five of those would repay 0.10.
    const figures = computeLoanFigures({ principal: '0.09', annualRatePercent: '0', termMonths: 6 });

    expect(figures.monthlyInstallment).toBe('0.02');
    expect(figures.schedule.map((row) => row.installment)).toEqual([
      '0.02',
      '0.02',
      '0.02',
      '0.02',
      '0.01',
      '0.00',
    ]);
    expect(figures.schedule.map((row) => row.balance)).toEqual([
      '0.07',
      '0.05',
      '0.03',
      '0.01',
      '0.00',
      '0.00',
    ]);
    expect(figures.totalPayable).toBe('0.09');
  });

  it('keeps every principal part non-negative at the extreme of 100 % over 100 years', () => {
    // 702.06 · 100 / 1200 = 58.505 exactly: a half-cent tie in the first interest, while (1+r)^1200 has
    // ~42 digits, so (1+r)^n − 1 rounds to (1+r)^n. Computed naively the EMI rounds to 58.50, one cent
    // below the interest, and the balance would grow.
    const figures = computeLoanFigures({ principal: '702.06', annualRatePercent: '100', termMonths: 1200 });

    expect(figures.monthlyInstallment).toBe('58.51');
    expect(figures.schedule[0]?.interest).toBe('58.51');
    expect(figures.schedule.filter((row) => row.principal.startsWith('-'))).toEqual([]);
    expect(figures.schedule.at(-1)?.balance).toBe('0.00');
  });

  it.each([
    [{ principal: '0', annualRatePercent: '5', termMonths: 12 }, 'principal'],
    [{ principal: '0.00', annualRatePercent: '5', termMonths: 12 }, 'principal'],
    [{ principal: '-100', annualRatePercent: '5', termMonths: 12 }, 'principal'],
    [{ principal: '100.001', annualRatePercent: '5', termMonths: 12 }, 'principal'],
    [{ principal: '1e5', annualRatePercent: '5', termMonths: 12 }, 'principal'],
    [{ principal: '100', annualRatePercent: '-1', termMonths: 12 }, 'annualRatePercent'],
    [{ principal: '100', annualRatePercent: 'abc', termMonths: 12 }, 'annualRatePercent'],
    [{ principal: '100', annualRatePercent: '5', termMonths: 0 }, 'termMonths'],
    [{ principal: '100', annualRatePercent: '5', termMonths: 1.5 }, 'termMonths'],
  ])('rejects %o as a bad %s', (input, field) => {
    const attempt = () => computeLoanFigures(input);
    expect(attempt).toThrow(DomainError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { [field]: [expect.any(String)] } });
    }
  });

  it('keeps the schedule consistent for any principal, rate and term', () => {
    const loans = fc.record({
      principalCents: fc.integer({ min: 1, max: 1_000_000_000 }),
      rateMilliPercent: fc.integer({ min: 0, max: 30_000 }),
      termMonths: fc.integer({ min: 1, max: 480 }),
    });

    fc.assert(
      fc.property(loans, ({ principalCents, rateMilliPercent, termMonths }) => {
        const principal = centsToText(principalCents);
        const annualRatePercent = milliPercentToText(rateMilliPercent);
        const figures = computeLoanFigures({ principal, annualRatePercent, termMonths });
        expect(figures.schedule).toHaveLength(termMonths);
        expect(findScheduleViolation(principal, annualRatePercent, figures)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every installment but the last equal to the EMI for ordinary loans', () => {
    // From 10,000.00, up to 15 % and 30 years, the rounding drift stays far below one EMI, so no loan is
    // paid off early. (Far outside this, e.g. 100,000.00 at 30 % over 40 years, the drift compounds and
    // the capped early payoff tested above does happen.)
    const loans = fc.record({
      principalCents: fc.integer({ min: 1_000_000, max: 1_000_000_000 }),
      rateMilliPercent: fc.integer({ min: 0, max: 15_000 }),
      termMonths: fc.integer({ min: 1, max: 360 }),
    });

    fc.assert(
      fc.property(loans, ({ principalCents, rateMilliPercent, termMonths }) => {
        const figures = computeLoanFigures({
          principal: centsToText(principalCents),
          annualRatePercent: milliPercentToText(rateMilliPercent),
          termMonths,
        });
        const irregular = figures.schedule
          .slice(0, -1)
          .filter((row) => row.installment !== figures.monthlyInstallment);
        expect(irregular).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * Checks a schedule against the rules of product spec §3 "Money" with plain decimal.js arithmetic, and
 * returns the first rule broken (with the row), or null. One assertion per loan keeps 300 loans fast.
 */
function findScheduleViolation(
  principal: string,
  annualRatePercent: string,
  figures: TLoanFigures,
): string | null {
  const { schedule, monthlyInstallment } = figures;
  for (const [name, value] of Object.entries({
    monthlyInstallment,
    totalInterest: figures.totalInterest,
    totalPayable: figures.totalPayable,
  })) {
    if (!TWO_DECIMALS.test(value)) return `${name} ${value} does not have exactly two decimals`;
  }
  const emi = new MoneyDecimal(monthlyInstallment);
  let openingBalance = new MoneyDecimal(principal);
  let principalSum = new MoneyDecimal(0);
  let installmentSum = new MoneyDecimal(0);
  for (const [index, row] of schedule.entries()) {
    const at = `period ${index + 1} (${JSON.stringify(row)})`;
    if (row.period !== index + 1) return `${at}: wrong period number`;
    // The pattern has no sign, so this also rules out negative values.
    for (const value of [row.installment, row.interest, row.principal, row.balance]) {
      if (!TWO_DECIMALS.test(value)) return `${at}: ${value} is not a non-negative amount with two decimals`;
    }
    const balance = new MoneyDecimal(row.balance);
    if (balance.greaterThan(openingBalance)) return `${at}: balance went up`;
    // Interest on the opening balance, half-up to the cent; multiplying before dividing keeps ties exact.
    if (row.interest !== formatMoney(openingBalance.times(annualRatePercent).div(1200))) {
      return `${at}: interest is not balance · r rounded half-up`;
    }
    if (formatMoney(new MoneyDecimal(row.interest).plus(row.principal)) !== row.installment) {
      return `${at}: installment is not interest + principal`;
    }
    if (formatMoney(openingBalance.minus(row.principal)) !== row.balance) {
      return `${at}: balance is not the opening balance minus the principal part`;
    }
    const isLast = index === schedule.length - 1;
    // Before the last period an installment is the EMI, unless rounding drift paid the loan off early.
    const isPaidOffEarly = row.balance === '0.00' && new MoneyDecimal(row.installment).lessThan(emi);
    if (!isLast && row.installment !== monthlyInstallment && !isPaidOffEarly) {
      return `${at}: installment is not the EMI ${monthlyInstallment}`;
    }
    openingBalance = balance;
    principalSum = principalSum.plus(row.principal);
    installmentSum = installmentSum.plus(row.installment);
  }
  if (schedule.at(-1)?.balance !== '0.00') return 'final balance is not 0.00';
  if (formatMoney(principalSum) !== formatMoney(principal)) {
    return `principal parts add up to ${principalSum}`;
  }
  if (figures.totalPayable !== formatMoney(installmentSum)) {
    return 'totalPayable is not the sum of installments';
  }
  if (figures.totalPayable !== formatMoney(new MoneyDecimal(principal).plus(figures.totalInterest))) {
    return 'totalPayable is not principal + totalInterest';
  }
  return null;
}

describe('formatMoney', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['0', '0.00'],
    ['2.345', '2.35'],
    ['2.344', '2.34'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatMoney(input)).toBe(expected);
  });
});
