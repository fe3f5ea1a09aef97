/**
 * CSV as RFC 4180 writes it (and spreadsheets export it): comma-separated, fields in double quotes when
 * they hold a comma, a quote (doubled) or a line break; CRLF or LF line ends; an optional UTF-8 BOM.
 */

export interface TCsvRecord {
  /** The 1-based line the record starts on, for messages ("line 12"). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {}

/** Parses CSV text into records; blank lines are skipped. */
export function parseCsv(text: string): TCsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: TCsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      if (fieldStarted || field !== '')
        throw new CsvSyntaxError(`line ${line}: a quote inside an unquoted field`);
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) throw new CsvSyntaxError(`line ${recordLine}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return records;
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

/** One CSV line (without its line end); formula-looking text is not altered, so round trips are exact. */
export function formatCsvRow(values: readonly (string | number | null | undefined)[]): string {
  return values
    .map((value) => {
      const text = value === null || value === undefined ? '' : String(value);
      return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}

export const formatCsv = (rows: readonly (readonly (string | number | null | undefined)[])[]): string =>
  rows.map((row) => `${formatCsvRow(row)}\r\n`).join('');
