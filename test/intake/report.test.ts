// The per-row error report: CSV (UTF-8 with BOM) and XLSX, written as a stream and read back with Vietnamese intact.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { type IssueRow, writeIssueReport } from '../../src/modules/intake/index.ts';
import { REPORT_HEADERS } from '../../src/modules/intake/intake.report.ts';
import { tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.done());

const ISSUES: IssueRow[] = [
  {
    rowNo: 2,
    field: 'full_name',
    rule: 'name.format',
    principle: 'đúng',
    severity: 'error',
    messageVi: 'Họ tên chứa ký tự không hợp lệ "Nguyễn@"',
    messageEn: 'the name has characters other than letters: "Nguyễn@"',
    value: 'Nguyễn@ Thị, "Hà"',
  },
  {
    rowNo: 7,
    field: 'date_of_birth',
    rule: 'date.future',
    principle: 'đúng',
    severity: 'warning',
    messageVi: 'Ngày sinh sau ngày thu thập',
    messageEn: 'born after the collection date',
    value: '2031-02-30\nghi chú',
  },
  {
    rowNo: 9,
    field: 'row',
    rule: 'dedup.candidate',
    principle: 'sạch',
    severity: 'warning',
    messageVi: 'Có thể trùng với phiếu B0001',
    messageEn: 'may duplicate ballot B0001',
    value: null,
  },
  {
    rowNo: 11,
    field: 'phone',
    rule: 'format',
    principle: 'đúng',
    severity: 'error',
    messageVi: 'Số điện thoại sai',
    messageEn: 'bad phone number',
    value: '=HYPERLINK("http://x")',
  },
];

const EXPECTED_CELLS = [
  [
    '2',
    'full_name (Họ, chữ đệm và tên khai sinh)',
    'name.format',
    'đúng',
    'error',
    ISSUES[0]!.messageVi,
    ISSUES[0]!.messageEn,
    'Nguyễn@ Thị, "Hà"',
  ],
  [
    '7',
    'date_of_birth (Ngày, tháng, năm sinh)',
    'date.future',
    'đúng',
    'warning',
    'Ngày sinh sau ngày thu thập',
    'born after the collection date',
    '2031-02-30\nghi chú',
  ],
  ['9', 'row', 'dedup.candidate', 'sạch', 'warning', 'Có thể trùng với phiếu B0001', 'may duplicate ballot B0001', ''],
];

async function* slowly(rows: IssueRow[]): AsyncIterable<IssueRow> {
  for (const r of rows) {
    await new Promise((resolve) => setImmediate(resolve));
    yield r;
  }
}

describe('issue report', () => {
  it('CSV: UTF-8 with BOM, a header, one line per issue, Vietnamese intact, formulas neutralised', async () => {
    const path = `${tmp.dir}/report.csv`;
    expect(await writeIssueReport(slowly(ISSUES), path, 'csv', 'DC01')).toBe(4);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual([...REPORT_HEADERS]);
    expect(rows.slice(1, 4)).toEqual(EXPECTED_CELLS);
    // Excel would run a cell starting with "=": it is written as text.
    expect(rows[4]![7]).toBe('\'=HYPERLINK("http://x")');
  });

  it('CSV to a stream, from a plain iterable; an empty report has only the header', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await writeIssueReport([], out, 'csv', 'DC02')).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`\uFEFF${REPORT_HEADERS.join(',')}\r\n`);
  });

  it('XLSX: read back with exceljs, Vietnamese intact, the row number as a number', async () => {
    const path = `${tmp.dir}/report.xlsx`;
    expect(await writeIssueReport(slowly(ISSUES), path, 'xlsx', 'DC01')).toBe(4);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    const text = (r: number) =>
      Array.from({ length: REPORT_HEADERS.length }, (_, i) => ws.getRow(r).getCell(i + 1).value ?? '').map(String);
    expect(text(1)).toEqual([...REPORT_HEADERS]);
    expect([text(2), text(3), text(4)]).toEqual(EXPECTED_CELLS);
    expect(ws.getCell('A2').value).toBe(2);
    expect(ws.getCell('H5').value).toBe('=HYPERLINK("http://x")');
    expect(ws.rowCount).toBe(5);
  });

  it('XLSX to a stream: the stream is ended and holds a workbook', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => out.on('end', resolve));
    expect(await writeIssueReport(ISSUES, out, 'xlsx', 'DC02')).toBe(4);
    await ended;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0]!.getCell('F2').value).toBe(ISSUES[0]!.messageVi);
    expect(wb.worksheets[0]!.getCell('B2').value).toBe('full_name (Họ, chữ đệm và tên khai sinh)');
  });

  it('streams a large report from a generator: 50,000 issues', async () => {
    function* many(): Iterable<IssueRow> {
      for (let i = 0; i < 50_000; i++) yield { ...ISSUES[i % 3]!, rowNo: i + 2 };
    }
    const csv = `${tmp.dir}/big.csv`;
    expect(await writeIssueReport(many(), csv, 'csv', 'DC01')).toBe(50_000);
    expect(parse(readFileSync(csv).subarray(3))).toHaveLength(50_001);
    const xlsx = `${tmp.dir}/big.xlsx`;
    expect(await writeIssueReport(many(), xlsx, 'xlsx', 'DC01')).toBe(50_000);
  });
});
