import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, formatCsv, parseCsv } from '../../src/csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and counts lines', () => {
    const text = '\uFEFFa,b,c\r\n1,"two, three","say ""hi"""\r\n\r\n"multi\nline",,x\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two, three', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', '', 'x'] },
    ]);
  });

  it('keeps empty trailing fields and reads a last line without a line end', () => {
    expect(parseCsv('a,b,\nc,,')).toEqual([
      { line: 1, fields: ['a', 'b', ''] },
      { line: 2, fields: ['c', '', ''] },
    ]);
  });

  it('refuses an unclosed quote and a stray quote, naming the line', () => {
    expect(() => parseCsv('a\n"open,b\n')).toThrow(
      new CsvSyntaxError('line 2: a quoted field is not closed'),
    );
    expect(() => parseCsv('a\nab"c,d\n')).toThrow(CsvSyntaxError);
  });

  it('round-trips what formatCsv writes', () => {
    const rows = [
      ['id', 'note'],
      ['1', 'plain'],
      ['2', 'with, comma'],
      ['3', 'with "quotes"\nand a line'],
      ['4', ' padded '],
    ];
    expect(parseCsv(formatCsv(rows)).map((record) => record.fields)).toEqual(rows);
  });
});
