/**
 * Business dates are `YYYY-MM-DD` strings in UTC (servicing spec §2). The arithmetic runs on whole day
 * numbers with Howard Hinnant's civil-calendar algorithms, never on `Date`, so no time zone, DST or
 * two-digit-year quirk (`Date.UTC(99, …)` is 1999) can shift a due date.
 */

const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

interface TCivilDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseCivil(date: string): TCivilDate | null {
  const match = DATE_FORMAT.exec(date);
  if (match === null) {
    return null;
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

function requireCivil(date: string): TCivilDate {
  const civil = parseCivil(date);
  if (civil === null) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return civil;
}

function formatCivil({ year, month, day }: TCivilDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar date written `YYYY-MM-DD` ("2025-02-29" is false). */
export function isCalendarDate(text: string): boolean {
  return parseCivil(text) !== null;
}

/** Days since 1970-01-01 (negative before). Throws RangeError for a malformed date. */
export function toDayNumber(date: string): number {
  const { year, month, day } = requireCivil(date);
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of `toDayNumber`. */
export function fromDayNumber(dayNumber: number): string {
  const shifted = dayNumber + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return formatCivil({ year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day });
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * `date` plus `months`, on the same day of the month clamped to the target month's last day. Always
 * count from the original date (`addMonths(start, k)`), never chain: 31 Jan + 1 → 28 Feb, + 2 → 31 Mar.
 */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = requireCivil(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatCivil({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/** -1, 0 or 1 as `a` is before, on or after `b`. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  const difference = toDayNumber(a) - toDayNumber(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** The later of two dates. */
export function laterDate(a: string, b: string): string {
  return compareDates(a, b) >= 0 ? a : b;
}

/** Due date of installment `k` (1-based): `disbursedOn + k months`, clamped, counted from disbursement. */
export function dueDateOf(disbursedOn: string, installmentNumber: number): string {
  return addMonths(disbursedOn, installmentNumber);
}
