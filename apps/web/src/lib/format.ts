import { ISO_DATE } from '@loanbook/domain/formats';

/**
 * Display formatting in the viewer's locale. Money and rates arrive as decimal strings and are handed to
 * `Intl.NumberFormat` as strings, which formats them exactly (ES2023 Intl.NumberFormat v3): no value is
 * ever turned into a binary float on its way to the screen.
 */
type TDecimalText = `${number}`;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const isDecimalText = (value: string): value is TDecimalText => DECIMAL_TEXT.test(value);

/**
 * Each formatter is made on first use, not when the module loads: making one costs a slow phone tens of
 * milliseconds (the locale's data), and a screen needs only some of them.
 */
const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
};
const moneyFormat = once(
  () => new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
);
const rateFormat = once(
  () =>
    new Intl.NumberFormat(undefined, {
      style: 'unit',
      unit: 'percent',
      minimumFractionDigits: 2,
      maximumFractionDigits: 3,
    }),
);
const dateTimeFormat = once(
  () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
);
const dateFormat = once(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }));
const businessDateFormat = once(
  () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }),
);

/** "1234567.5" → "1,234,567.50" (en-US), "1.234.567,50" (de-DE). Non-numeric text is shown as is. */
export function formatMoney(value: string): string {
  const text = value.trim();
  return isDecimalText(text) ? moneyFormat().format(text) : value;
}

/** "6.9" → "6.90%"; "3.625" → "3.625%". */
export function formatRate(value: string): string {
  const text = value.trim();
  return isDecimalText(text) ? rateFormat().format(text) : value;
}

/** A whole number of months: "1 month", "36 months". */
export const formatTerm = (months: number): string => `${months} ${months === 1 ? 'month' : 'months'}`;

/** Local date and time of an ISO instant (the UTC ISO string goes in a `title`, see `<DateTime>`). */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : dateTimeFormat().format(at);
}

export function formatDate(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : dateFormat().format(at);
}

/**
 * A business date (`YYYY-MM-DD`, a UTC calendar day such as a due date) in the viewer's locale, the same
 * day wherever they are.
 */
export function formatBusinessDate(text: string): string {
  const at = new Date(`${text}T00:00:00Z`);
  return ISO_DATE.test(text) && !Number.isNaN(at.getTime()) ? businessDateFormat().format(at) : text;
}

/** "APPROVED" → "Approved". */
export const humanize = (code: string): string =>
  code.charAt(0).toUpperCase() + code.slice(1).toLowerCase().replaceAll('_', ' ');
