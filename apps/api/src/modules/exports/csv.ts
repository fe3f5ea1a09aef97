/**
 * CSV text (RFC 4180) that spreadsheets open safely: every field is quoted and its quotes doubled, rows end
 * with CRLF, and a field a spreadsheet would run as a formula — one starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return — is prefixed with an apostrophe (OWASP "CSV injection"). Plain decimal numbers
 * ("-12.50") are data, not formulas, and pass unchanged, so amounts stay exact. The web app's own CSV
 * (apps/web/src/lib/csv.ts) follows the same rule.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export type TCsvCell = string | number | null | undefined;

export function csvField(value: TCsvCell): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** One CSV line, CRLF included. */
export const csvRow = (cells: readonly TCsvCell[]): string => `${cells.map(csvField).join(',')}\r\n`;

/** A byte order mark first, so spreadsheet programs read the file as UTF-8 (usernames may hold any letter). */
export const UTF8_BOM = '\uFEFF';
