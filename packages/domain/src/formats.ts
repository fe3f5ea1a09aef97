import { isCalendarDate } from './servicing/dates';

/**
 * Text formats shared by the zod schemas and by code that must not load zod (the web app's router, which
 * is part of its first bundle). Plain data and predicates only: `@loanbook/domain/formats`.
 */

/** A product code: an upper-case letter, then upper-case letters, digits or underscores (2–20 in all). */
export const PRODUCT_CODE = /^[A-Z][A-Z0-9_]{1,19}$/;

/** A UUID as PostgreSQL's `uuid` type accepts it (any version). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A business date `YYYY-MM-DD` (UTC calendar day). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The dates Loanbook accepts anywhere (filters, value dates, cursors): wide enough for any real loan
 * book, narrow enough that date arithmetic (`to` + 1 day) never leaves what PostgreSQL and ISO-8601 text
 * can hold.
 */
export const DATE_RANGE = { min: '1900-01-01', max: '2999-12-31' } as const;

/** Whether `text` is a real calendar date (`2026-02-30` is not) within `DATE_RANGE`. */
export const isBusinessDate = (text: string): boolean =>
  isCalendarDate(text) && text >= DATE_RANGE.min && text <= DATE_RANGE.max;
