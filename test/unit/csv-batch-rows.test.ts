/**
 * The CSV batch's pure parts, as the try-it controls run them in a browser: a file read (or refused in words),
 * its rows as JSON instances by column name, and the answers written back beside the rows as CSV.
 */
import { describe, expect, it } from 'vitest';
import type { TableColumn } from '../../main/shared/conversion-schema.ts';
import { exampleRow } from '../../renderer/src/notebook/notebook-format.ts';
import { answerColumns, predictionsCsv } from '../../renderer/src/try/csv-answers.ts';
import { readCsvFile } from '../../renderer/src/try/csv-read.ts';
import { csvInstances } from '../../renderer/src/try/csv-rows.ts';
import { exampleFormRow, instanceOf } from '../../renderer/src/try/table-row.ts';

const COLUMNS: TableColumn[] = [
  { name: 'sex', type: 'string', values: ['female', 'male'], tensor: 'sex', index: 0, example: 'female' },
  { name: 'pclass', type: 'integer', tensor: 'pclass', index: 0, example: 2 },
  { name: 'age', type: 'number', tensor: 'age', index: 0 },
  { name: 'alone', type: 'boolean', tensor: 'alone', index: 0, example: true },
];

const file = (name: string, content: string | Uint8Array<ArrayBuffer>) => new File([content], name, { type: 'text/csv' });

describe('reading a CSV file in the browser', () => {
  it('reads quoted cells, CRLF line ends and a BOM, and skips empty lines', async () => {
    const csv = await readCsvFile(file('a.csv', '\ufeffsex,note\r\nfemale,"a, ""quoted"" note"\r\n\r\nmale,x\r\n'));
    expect(csv).toEqual({
      header: ['sex', 'note'],
      records: [
        ['female', 'a, "quoted" note'],
        ['male', 'x'],
      ],
    });
  });

  it('reads a file a spreadsheet saved in its Windows code page', async () => {
    const csv = await readCsvFile(file('w.csv', new Uint8Array([0x63, 0x69, 0x74, 0x79, 0x0a, 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a])));
    expect(csv.records).toEqual([['Zürich']]);
  });

  it('refuses, in words naming the file, a file that is empty, a header alone, binary, or over the limit', async () => {
    await expect(readCsvFile(file('e.csv', ''))).rejects.toThrow('"e.csv" is empty: a CSV needs a header row');
    await expect(readCsvFile(file('h.csv', 'sex,age\n\n'))).rejects.toThrow('"h.csv" has a header but no rows');
    await expect(readCsvFile(file('p.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0])))).rejects.toThrow(
      '"p.csv" is not a CSV file',
    );
    await expect(readCsvFile(file('q.csv', 'a,b\n"open,1\n'))).rejects.toThrow('"q.csv" cannot be read as CSV');
    await expect(readCsvFile(file('big.csv', 'x'.repeat(3 * 1024 * 1024)), 1024 * 1024)).rejects.toThrow(
      '"big.csv" is 3.0 MB; this model takes at most 1.0 MB of CSV at once',
    );
  });
});

describe('CSV rows as instances by column name', () => {
  it('types number cells as numbers (empty: a gap), keeps other cells as text, and leaves extra columns out', () => {
    const { instances, refused } = csvInstances(
      COLUMNS,
      {
        header: ['id', 'alone', 'age', 'pclass', 'sex'],
        records: [
          ['1', 'True', '', '3', 'male'],
          ['2', 'no', 'old', '1.5', 'other'],
        ],
      },
      'r.csv',
    );
    expect(instances).toEqual([
      { sex: 'male', pclass: 3, age: null, alone: 'True' },
      // What the server refuses it refuses in its own words: the word and the unknown values are sent as they are.
      { sex: 'other', pclass: 1.5, age: 'old', alone: 'no' },
    ]);
    expect(refused.size).toBe(0);
  });

  it('names every missing column, and does not send a row whose cells do not match the header', () => {
    expect(() => csvInstances(COLUMNS, { header: ['sex', 'alone'], records: [['male', 'true']] }, 'r.csv')).toThrow(
      '"r.csv" has no columns "pclass", "age" in its header',
    );
    const { instances, refused } = csvInstances(
      COLUMNS,
      {
        header: ['sex', 'pclass', 'age', 'alone'],
        records: [
          ['male', '1'],
          ['male', '1', '2', 'true'],
        ],
      },
      'r.csv',
    );
    expect(instances[0]).toBeUndefined();
    expect(refused.get(0)).toBe('this row has 2 cells; the header has 4');
    expect(instances[1]).toEqual({ sex: 'male', pclass: 1, age: 2, alone: 'true' });
  });
});

describe('the form row', () => {
  it("fills the model's examples and names the columns it keeps none for, inventing nothing", () => {
    const { row, unknown } = exampleFormRow(COLUMNS);
    expect(row).toEqual({ sex: 'female', pclass: '2', age: '', alone: true });
    expect(unknown).toEqual(['age']);
    expect(instanceOf(COLUMNS, row)).toEqual({ sex: 'female', pclass: 2, age: null, alone: true });
  });
});

describe('the example row of call examples', () => {
  it("takes a bounded column's bound and a column's default, not a 0 the server would refuse", () => {
    const columns: TableColumn[] = [
      { name: 'rooms', type: 'integer', tensor: 'X', index: 0, minimum: 1, maximum: 10 },
      { name: 'rate', type: 'number', tensor: 'X', index: 1, default: 2.5 },
      { name: 'plain', type: 'number', tensor: 'X', index: 2 },
    ];
    expect(exampleRow(columns)).toEqual({ rooms: 1, rate: 2.5, plain: 0 });
    expect(exampleFormRow(columns)).toEqual({ row: { rooms: '1', rate: '2.5', plain: '' }, unknown: ['plain'] });
  });
});

describe('answers written back as CSV', () => {
  it("puts label and score after the row's own cells, apart from a column of the same name, with refused rows' reasons", () => {
    const answers = [
      { prediction: { label: 'high', index: 0, score: 0.75, top_k: [] } },
      { refused: 'column "age" expects a number, got "old"' },
    ];
    const columns = answerColumns(['label', 'age'], answers);
    expect(columns.names).toEqual(['predicted_label', 'score', 'error']);
    // The table shows the score to read; the file keeps it whole.
    expect(columns.cells(answers[0], true)).toEqual(['high', '75.0%', '']);
    expect(
      predictionsCsv(
        ['label', 'age'],
        [
          ['x', '1'],
          ['y, z', 'old'],
        ],
        answers,
      ),
    ).toBe('label,age,predicted_label,score,error\r\nx,1,high,0.75,\r\n"y, z",old,,,"column ""age"" expects a number, got ""old"""\r\n');
  });

  it("writes a regressor's value, and no error column when every row was answered", () => {
    expect(predictionsCsv(['age'], [['3']], [{ prediction: { value: 152.25 } }])).toBe('age,value\r\n3,152.25\r\n');
  });
});
