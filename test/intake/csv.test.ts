// CSV ballot files: what is read (keys, labels, delimiters, BOM, quotes, row numbers, resume) and what is refused,
// with the rule, row and column each refusal must name.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBallotFile, readBallotBatches, readBallotFile } from '../../src/modules/intake/index.ts';
import {
  badFile,
  COLUMNS,
  collect,
  enLabel,
  expected,
  PEOPLE,
  readInChunks,
  tempDir,
  toCsv,
  viLabel,
} from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.done());

const read = async (path: string, fromRowNo?: number) => collect(readBallotFile(path, { form: 'DC01', fromRowNo }));
const values = (rows: { values: Record<string, string> }[]) => rows.map((r) => r.values);

function manyPeople(n: number): Record<string, string>[] {
  return Array.from({ length: n }, (_, i) => ({
    ballot_id: `B${String(i).padStart(5, '0')}`,
    full_name: `Trần Văn Đức ${i}`,
    date_of_birth: '1970-01-01',
    sex: i % 2 ? 'Nam' : 'Nữ',
    pin: '',
    permanent_address: i % 3 ? `Số ${i}, Tổ ${i % 7}` : `Xóm "${i}"\nLàng Mai`,
  }));
}

describe('CSV files that are read', () => {
  it('reads key headers, quoted commas, doubled quotes and multi-line cells', async () => {
    const path = tmp.file('keys.csv', toCsv(PEOPLE));
    const rows = await read(path);
    expect(values(rows)).toEqual(expected(PEOPLE));
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3, 4]);
  });

  it('strips a UTF-8 byte-order mark: with or without it the rows are the same', async () => {
    const plain = await read(tmp.file('nobom.csv', toCsv(PEOPLE)));
    const withBom = tmp.file('bom.csv', toCsv(PEOPLE, { bom: true }));
    expect(readFileSync(withBom).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(await read(withBom)).toEqual(plain);
    expect((await checkBallotFile(withBom, { form: 'DC01' })).columns).toEqual(COLUMNS);
  });

  it('detects ";" as the delimiter from the header line, with CRLF line ends', async () => {
    const path = tmp.file('semicolon.csv', toCsv(PEOPLE, { delimiter: ';', eol: '\r\n' }));
    expect(values(await read(path))).toEqual(expected(PEOPLE));
    expect((await checkBallotFile(path, { form: 'DC01' })).rows).toBe(3);
  });

  it('tells ";" from "," by the header even when Vietnamese labels hold unquoted commas', async () => {
    const text = 'Họ, chữ đệm và tên khai sinh;Ngày, tháng, năm sinh;Giới tính\nNguyễn Thị Hà;1990-05-17;Nữ\n';
    const rows = await read(tmp.file('semicolon-labels.csv', text));
    expect(values(rows)).toEqual([{ full_name: 'Nguyễn Thị Hà', date_of_birth: '1990-05-17', sex: 'Nữ' }]);
    const check = await checkBallotFile(tmp.file('semicolon-labels.csv', text), { form: 'DC01' });
    expect(check.columns).toEqual(['full_name', 'date_of_birth', 'sex']);
  });

  it('maps Vietnamese labels, English labels and folded spellings of them to the keys', async () => {
    const spellings: Record<string, string> = {
      ballot_id: 'MÃ PHIẾU',
      full_name: viLabel('full_name'),
      date_of_birth: 'ngay thang nam sinh',
      sex: enLabel('sex'),
      pin: 'Số định danh cá nhân'.normalize('NFD'),
      permanent_address: 'Nơi thường trú - địa chỉ',
    };
    const path = tmp.file('labels.csv', toCsv(PEOPLE, { header: (k) => spellings[k]! }));
    expect(values(await read(path))).toEqual(expected(PEOPLE));
    expect((await checkBallotFile(path, { form: 'DC01' })).columns).toEqual(COLUMNS);
    const vi = tmp.file('vi.csv', toCsv(PEOPLE, { header: viLabel }));
    expect(values(await read(vi))).toEqual(expected(PEOPLE));
  });

  it('numbers rows as a spreadsheet shows them: header 1, blank lines and multi-line cells counted once', async () => {
    const text = [
      'full_name,date_of_birth,sex,permanent_address',
      'An,2000-01-01,Nam,x', // row 2
      '', // row 3: blank
      'Bình,2000-01-02,Nữ,"two', // row 4 spans two lines
      'lines"',
      ',,,', // row 5: empty cells only, skipped
      'Chi,2000-01-03,Nữ,y', // row 6
      '',
    ].join('\r\n');
    const path = tmp.file('rows.csv', text);
    const rows = await read(path);
    expect(rows.map((r) => [r.rowNo, r.values.full_name])).toEqual([
      [2, 'An'],
      [4, 'Bình'],
      [6, 'Chi'],
    ]);
    expect(rows[1]!.values.permanent_address).toBe('two\r\nlines');
    expect((await checkBallotFile(path, { form: 'DC01' })).rows).toBe(3);
  });

  it('checkBallotFile counts rows, hashes the exact bytes and lists the columns in file order', async () => {
    const cols = ['sex', 'full_name', 'pin', 'date_of_birth'];
    const path = tmp.file('check.csv', toCsv(manyPeople(40), { columns: cols }));
    const bytes = readFileSync(path);
    expect(await checkBallotFile(path, { form: 'DC01' })).toEqual({
      format: 'csv',
      rows: 40,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      columns: cols,
    });
  });

  it('fromRowNo resumes with exactly the remaining rows', async () => {
    const path = tmp.file('resume.csv', toCsv(manyPeople(60)));
    const all = await read(path);
    expect(all).toHaveLength(60);
    const lastRow = all.at(-1)!.rowNo;
    for (const from of [0, 2, 3, 17, 31, lastRow, lastRow + 1]) {
      const rest = await read(path, from);
      expect(rest, `fromRowNo ${from}`).toEqual(all.filter((r) => r.rowNo >= from));
    }
  });

  it('trims values, normalises them to NFC and leaves absent columns out', async () => {
    const text = `full_name,date_of_birth,sex\n"  ${'Nguyễn Thị Hà'.normalize('NFD')}  ", 1990-05-17 ,Nữ\n`;
    const [row] = await read(tmp.file('nfc.csv', text));
    expect(row!.values).toEqual({ full_name: 'Nguyễn Thị Hà', date_of_birth: '1990-05-17', sex: 'Nữ' });
    expect(row!.values.full_name!.normalize('NFC')).toBe(row!.values.full_name);
    expect('pin' in row!.values).toBe(false);
  });

  it('readBallotBatches gives batches of batchSize rows, in order', async () => {
    const path = tmp.file('batches.csv', toCsv(manyPeople(25)));
    const sizes: number[] = [];
    const rowNos: number[] = [];
    for await (const b of readBallotBatches(path, { form: 'DC01', batchSize: 10 })) {
      sizes.push(b.length);
      rowNos.push(...b.map((r) => r.rowNo));
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(rowNos).toEqual((await read(path)).map((r) => r.rowNo));
  });

  it('reads the same rows when every character, quote and line end is cut across read chunks', async () => {
    const path = tmp.file('chunks.csv', toCsv(manyPeople(30), { bom: true, eol: '\r\n' }));
    const whole = await read(path);
    for (const size of [1, 2, 3, 5, 64]) {
      const { rows } = await readInChunks(path, size);
      expect(rows, `chunk ${size}`).toEqual(whole);
      expect((await readInChunks(path, size, 'check')).count).toBe(30);
    }
  });
});

describe('CSV files that are refused', () => {
  it('unbalanced quotes: names the row where the open quote starts (end of file)', async () => {
    const path = tmp.file(
      'quote-eof.csv',
      'full_name,date_of_birth,sex\nAn,2000-01-01,Nam\n"Bình,2000-01-02,Nữ\nChi,x,y\n',
    );
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.quotes');
    expect(e.details).toMatchObject({ row: 3, column: 'full_name', cell: 'A3' });
    expect(e.message).toContain('row 3');
    await badFile(() => read(path), 'file.quotes');
  });

  it('unbalanced quotes: names the opening row when a later quoted cell closes it by accident', async () => {
    const rows = manyPeople(30).map((r) => ({ ...r, permanent_address: `Số 1, Tổ ${r.ballot_id}` }));
    const text = toCsv(rows).replace('B00004,Trần Văn Đức 4,', 'B00004,"Trần Văn Đức 4,');
    const e = await badFile(() => checkBallotFile(tmp.file('quote-mid.csv', text), { form: 'DC01' }), 'file.quotes');
    expect(e.details).toMatchObject({ row: 6, column: 'full_name' });
  });

  it('unbalanced quotes: a quote left open over a long unquoted remainder is caught at the size limit', async () => {
    const rows = manyPeople(3000).map((r) => ({ ...r, permanent_address: 'Tổ 1' }));
    const text = toCsv(rows).replace('B00010,Trần', 'B00010,"Trần');
    const path = tmp.file('quote-long.csv', text);
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01', maxFieldBytes: 20_000 }), 'file.quotes');
    expect(e.details).toMatchObject({ row: 12, column: 'full_name' });
  });

  it('a row with a different number of columns: names the row, the count found and expected', async () => {
    const text = `${toCsv(PEOPLE).trimEnd()}\nB004,Phạm Minh,1999-01-01,Nam\n`;
    const path = tmp.file('columns.csv', text);
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.columns');
    // Row 4 spans two lines but is one spreadsheet row, so the short row is row 5.
    expect(e.details.row).toBe(5);
    expect(e.message).toContain('row 5 has 4 columns, expected 6');
    expect(e.details.messageVi).toContain('Dòng 5 có 4 cột, cần 6 cột');
    await badFile(() => read(path), 'file.columns');
  });

  it('unknown headers: the message lists them and every expected key with its label', async () => {
    const path = tmp.file('unknown.csv', 'full_name,Tuổi,date_of_birth,sex,nghe_nghiep\nAn,30,2000-01-01,Nam,x\n');
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.headers');
    expect(e.message).toContain('"Tuổi", "nghe_nghiep"');
    expect(e.details.value).toBe('Tuổi, nghe_nghiep');
    expect(e.details.expected).toHaveLength(34);
    for (const key of ['ballot_id', 'full_name', 'date_of_birth', 'collected_on']) expect(e.message).toContain(key);
    expect(e.message).toContain('date_of_birth (Ngày, tháng, năm sinh)');
    expect(e.details.messageVi).toContain('Cột không hợp lệ "Tuổi", "nghe_nghiep"');
  });

  it('duplicate headers (the same field twice, even spelled differently) are refused', async () => {
    const path = tmp.file('dup.csv', 'full_name,date_of_birth,sex,Giới tính\nAn,2000-01-01,Nam,Nam\n');
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.headers');
    expect(e.message).toContain('"Giới tính" appear more than once');
  });

  it('missing required identity columns are refused (DC01 and DC02)', async () => {
    const dc01 = tmp.file('missing.csv', 'full_name,pin\nAn,001190012345\n');
    const e = await badFile(() => checkBallotFile(dc01, { form: 'DC01' }), 'file.headers');
    expect(e.message).toContain('"date_of_birth", "sex" are missing');
    const dc02 = tmp.file('missing2.csv', 'pin,new_value\n001190012345,x\n');
    const e2 = await badFile(() => checkBallotFile(dc02, { form: 'DC02' }), 'file.headers');
    expect(e2.message).toContain('"field" are missing');
  });

  it('a column without header that holds a value is refused', async () => {
    const path = tmp.file('unnamed.csv', 'full_name,date_of_birth,sex,\nAn,2000-01-01,Nam,\nBình,2000-01-01,Nữ,oops\n');
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.headers');
    expect(e.message).toContain('"D3"');
    // The same file without the stray value is fine: the unnamed column is ignored.
    const ok = tmp.file('unnamed-ok.csv', 'full_name,date_of_birth,sex,\nAn,2000-01-01,Nam,\n');
    expect(await read(ok)).toEqual([
      { rowNo: 2, values: { full_name: 'An', date_of_birth: '2000-01-01', sex: 'Nam' } },
    ]);
  });

  it('an empty file is refused', async () => {
    await badFile(() => checkBallotFile(tmp.file('empty.csv', ''), { form: 'DC01' }), 'file.empty');
    await badFile(() => checkBallotFile(tmp.file('blank.csv', '\uFEFF\r\n\r\n'), { form: 'DC01' }), 'file.empty');
  });

  it('a file with only the header row is refused', async () => {
    const path = tmp.file('header-only.csv', 'full_name,date_of_birth,sex\r\n\r\n');
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.empty');
    expect(e.message).toContain('no data rows');
    await badFile(() => read(path), 'file.empty');
  });

  it('a 10 MB cell is refused quickly, naming row and column, without reading it whole', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const path = tmp.file(
      'big.csv',
      `full_name,date_of_birth,sex,permanent_address\nAn,2000-01-01,Nam,a\nBình,2000-01-01,Nữ,${big}\n`,
    );
    const quoted = tmp.file('big-quoted.csv', `full_name,date_of_birth,sex\nAn,2000-01-01,"${big}"\n`);
    for (const [file, column, cell] of [
      [path, 'permanent_address', 'D3'],
      [quoted, 'sex', 'C2'],
    ] as const) {
      const started = performance.now();
      const e = await badFile(() => checkBallotFile(file, { form: 'DC01' }), 'file.field_too_large');
      expect(performance.now() - started).toBeLessThan(2000);
      expect(e.details).toMatchObject({ column, cell });
      expect(e.details.value!.length).toBeLessThanOrEqual(80);
      await badFile(() => read(file), 'file.field_too_large');
    }
  });

  it('a row that never ends (cells but no line break) is refused at once, not buffered', async () => {
    const path = tmp.file('endless.csv', `full_name,date_of_birth,sex\n${'An,'.repeat(3_000_000)}`);
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.columns');
    expect(e.details.row).toBe(2);
    expect(e.message).toMatch(/row 2 has \d+ columns, expected 3/);
    const header = tmp.file('endless-header.csv', 'full_name,'.repeat(300_000));
    await badFile(() => checkBallotFile(header, { form: 'DC01' }), 'file.field_too_large');
  });

  it('a cell holding a spreadsheet formula is refused', async () => {
    const path = tmp.file('formula.csv', 'full_name,date_of_birth,sex\nAn,=DATE(2000;1;1),Nam\n');
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.formula');
    expect(e.details).toMatchObject({ row: 2, cell: 'B2', column: 'date_of_birth', value: '=DATE(2000;1;1)' });
  });
});
