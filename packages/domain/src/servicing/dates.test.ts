import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  dueDateOf,
  fromDayNumber,
  isCalendarDate,
  toDayNumber,
} from './dates';

const MS_PER_DAY = 86_400_000;
/** 1900-01-01 … 2999-12-31 as day numbers. */
const dayNumbers = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2999-12-31') });

describe('due dates', () => {
  it('clamps to the month end, always counting from the disbursement date', () => {
    expect([1, 2, 3, 4].map((k) => dueDateOf('2025-01-31', k))).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
    ]);
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-03-31', -1, '2025-02-28'],
    ['1900-01-29', 1, '1900-02-28'],
    ['2000-01-30', 1, '2000-02-29'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('never moves the day of month except to clamp it to a shorter month', () => {
    fc.assert(
      fc.property(dayNumbers, fc.integer({ min: 0, max: 600 }), (start, months) => {
        const from = fromDayNumber(start);
        const due = addMonths(from, months);
        const fromDay = Number(from.slice(8));
        const dueDay = Number(due.slice(8));
        const dueMonthEnd = Number(addDays(addMonths(`${due.slice(0, 7)}-01`, 1), -1).slice(8));
        expect(dueDay).toBe(Math.min(fromDay, dueMonthEnd));
      }),
      { numRuns: 300 },
    );
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2025-02-15', '2025-03-15', 28],
    ['2024-02-15', '2024-03-15', 29],
    ['2024-12-31', '2025-01-01', 1],
    ['2025-03-01', '2025-02-15', -14],
    ['1970-01-01', '1970-01-01', 0],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('agrees with UTC milliseconds and round-trips every date from 1900 to 2999', () => {
    fc.assert(
      fc.property(dayNumbers, fc.integer({ min: -1000, max: 1000 }), (day, step) => {
        const date = fromDayNumber(day);
        // Date is only the oracle here; the helpers never use it.
        expect(date).toBe(new Date(day * MS_PER_DAY).toISOString().slice(0, 10));
        expect(toDayNumber(date)).toBe(day);
        expect(daysBetween(date, addDays(date, step))).toBe(step);
        expect(compareDates(date, addDays(date, step))).toBe(step > 0 ? -1 : step < 0 ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-04-31', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00:00Z', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it('throws RangeError rather than guessing for a malformed date', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});
