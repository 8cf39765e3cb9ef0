/** The rules for a table's cells and CSV bodies: types read from JSON and CSV, the CSV reader, and which Accept wants CSV. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../../main/inference/csv-table.ts';
import { prefersCsv } from '../../../main/inference/csv-answer.ts';
import { readCell } from '../../../main/inference/table-cells.ts';
import { namesProblem } from '../../../main/inference/table-rows.ts';
import type { ColumnType, TableColumn } from '../../../main/shared/conversion-schema.ts';

const column = (type: ColumnType): TableColumn => ({ name: 'c', type, tensor: 'X', index: 0 });

describe('table cells', () => {
  it('reads numbers from JSON numbers and CSV text, a gap (null, empty, NaN) as NaN', () => {
    expect(readCell(column('number'), 17.99, 'json')).toBe(17.99);
    expect(readCell(column('number'), ' -1.5e3 ', 'csv')).toBe(-1500);
    expect(readCell(column('number'), '.5', 'csv')).toBe(0.5);
    for (const gap of [null, '', 'NaN', 'nan']) expect(readCell(column('number'), gap, gap === null ? 'json' : 'csv')).toBeNaN();
  });

  it('refuses a word, hex, Infinity and a numeric string in JSON for a number, naming the column and the value', () => {
    for (const [value, source] of [
      ['old', 'csv'],
      ['0x1F', 'csv'],
      ['Infinity', 'csv'],
      ['12', 'json'],
      [true, 'json'],
    ] as const) {
      expect(() => readCell(column('number'), value, source), String(value)).toThrow(
        `column "c" expects a number, got ${JSON.stringify(value)}`,
      );
    }
  });

  it('takes integers only, and no gap, in an integer column', () => {
    expect(readCell(column('integer'), '3', 'csv')).toBe(3);
    expect(() => readCell(column('integer'), 2.5, 'json')).toThrow('column "c" expects an integer, got 2.5');
    expect(() => readCell(column('integer'), '', 'csv')).toThrow('column "c" expects an integer (it cannot be empty), got ""');
  });

  it('reads booleans as true/false in any case or 1/0, and strings as they are', () => {
    for (const yes of [true, 1, 'True', 'true', '1', ' TRUE ']) expect(readCell(column('boolean'), yes, 'csv')).toBe(true);
    for (const no of [false, 0, 'False', 'false', '0']) expect(readCell(column('boolean'), no, 'csv')).toBe(false);
    expect(() => readCell(column('boolean'), 'yes', 'csv')).toThrow('column "c" expects true or false, got "yes"');
    expect(readCell(column('string'), 'never seen', 'json')).toBe('never seen');
    expect(() => readCell(column('string'), 3, 'json')).toThrow('column "c" expects a string, got 3');
  });

  it('names every missing and unknown column in one line', () => {
    expect(namesProblem(['sex'], ['Sex'])).toBe('missing column "sex"; unknown column "Sex"');
    expect(namesProblem(['a', 'b'], [])).toBe('missing columns "a", "b"');
    const many = Array.from({ length: 25 }, (_, i) => `x${i}`);
    expect(namesProblem([], many)).toMatch(/"x19" and 5 more$/);
  });
});

describe('CSV bodies', () => {
  it('reads a CSV without quotes as csv-parse does: CRLF or LF, a BOM, empty lines skipped, line numbers kept', () => {
    const text = '\ufeffa,b c,d\r\n1,,x y\r\n\r\n2,3,4\n';
    const table = readCsvTable(text, 10);
    const reference = parse(text, { bom: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
    expect([table.header, ...table.records]).toEqual(reference);
    expect(table.lines).toEqual([2, 4]);
  });

  it('reads quoted fields with commas, quotes and line breaks through csv-parse', () => {
    const table = readCsvTable(Buffer.from('name,note\r\n"Smith, J","say ""hi""\r\nagain"\n3,"4"\r5,6'), 10);
    expect(table.records).toEqual([
      ['Smith, J', 'say "hi"\r\nagain'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('refuses an empty body, a header alone, a short record and too many rows, saying which', () => {
    for (const text of ['', '\r\n', '\ufeff']) expect(() => readCsvTable(text, 10)).toThrow(/^the CSV is empty/);
    expect(() => readCsvTable('a,b\n', 10)).toThrow('the CSV has a header but no rows: send at least one row under it');
    for (const text of ['a,b\n1,2\n3\n', 'a,b\n1,2\n"3"\n'])
      expect(() => readCsvTable(text, 10)).toThrow(/^the CSV cannot be read: Invalid Record Length: expect 2, got 1 on line 3/);
    for (const text of ['a\n1\n2\n3\n', 'a\n"1"\n2\n3\n']) {
      expect(() => readCsvTable(text, 2)).toThrow(
        expect.objectContaining({ code: 'INPUT_TOO_LARGE', message: 'more than 2 rows in one request; the limit is 2' }),
      );
    }
  });
});

describe('Accept', () => {
  it('answers CSV only when text/csv is asked for at least as much as JSON', () => {
    expect(prefersCsv('text/csv')).toBe(true);
    expect(prefersCsv('text/csv;q=0.9, application/json;q=0.8')).toBe(true);
    expect(prefersCsv('application/json, text/csv;q=0.5')).toBe(false);
    expect(prefersCsv('*/*')).toBe(false);
    expect(prefersCsv('text/csv;q=0')).toBe(false);
    expect(prefersCsv(undefined)).toBe(false);
  });
});
