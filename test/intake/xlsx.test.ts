// XLSX ballot files, built with exceljs in the test: labels as headers, dates and numbers as Excel stores them,
// Excel row numbers; formulas and broken workbooks refused.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBallotFile, detectFormat, readBallotFile } from '../../src/modules/intake/index.ts';
import { badFile, collect, PEOPLE, tempDir, viLabel } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.done());

const read = (path: string, fromRowNo?: number) => collect(readBallotFile(path, { form: 'DC01', fromRowNo }));

async function workbook(name: string, fill: (ws: ExcelJS.Worksheet) => void, sheets = 1): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phiếu DC01');
  fill(ws);
  for (let i = 1; i < sheets; i++) wb.addWorksheet(`Khác ${i}`).addRow(['not', 'read']);
  const path = `${tmp.dir}/${name}`;
  await wb.xlsx.writeFile(path);
  return path;
}

describe('XLSX files', () => {
  it('reads label headers, Excel dates as ISO days, numbers without exponent, Excel row numbers', async () => {
    const path = await workbook(
      'good.xlsx',
      (ws) => {
        ws.addRow(['full_name', viLabel('date_of_birth'), 'Giới tính', 'pin', 'permanent_unit', 'phone'].map(String));
        const dob = (iso: string) => new Date(`${iso}T00:00:00Z`);
        ws.addRow([PEOPLE[0]!.full_name, dob('1990-05-17'), 'Nữ', 79123456789, 1234, 1e21]);
        ws.addRow([]); // row 3 left empty
        ws.addRow([
          { richText: [{ text: 'Đỗ Văn ' }, { text: 'Trường', font: { bold: true } }] },
          dob('1985-09-15'),
          'Nam',
          '001085012345',
          '00106',
          0.000015,
        ]);
        ws.addRow(['Lê Thị Hồng'.normalize('NFD'), dob('2001-01-02'), 'Nữ', null, null, 84912345678]);
        ws.getColumn(2).numFmt = 'dd/mm/yyyy';
        ws.getRow(6).getCell(1).value = '   ';
        ws.mergeCells('A8:C8');
      },
      2,
    );
    const rows = await read(path);
    expect(rows).toEqual([
      {
        rowNo: 2,
        values: {
          full_name: 'Nguyễn Thị Hà',
          date_of_birth: '1990-05-17',
          sex: 'Nữ',
          pin: '79123456789',
          permanent_unit: '1234',
          phone: '1000000000000000000000',
        },
      },
      {
        rowNo: 4,
        values: {
          full_name: 'Đỗ Văn Trường',
          date_of_birth: '1985-09-15',
          sex: 'Nam',
          pin: '001085012345',
          permanent_unit: '00106',
          phone: '0.000015',
        },
      },
      {
        rowNo: 5,
        values: {
          full_name: 'Lê Thị Hồng',
          date_of_birth: '2001-01-02',
          sex: 'Nữ',
          pin: '',
          permanent_unit: '',
          phone: '84912345678',
        },
      },
    ]);
    expect(await read(path, 4)).toEqual(rows.slice(1));
    const bytes = readFileSync(path);
    expect(detectFormat('ballots.bin', bytes.subarray(0, 8))).toBe('xlsx');
    expect(await checkBallotFile(path, { form: 'DC01' })).toEqual({
      format: 'xlsx',
      rows: 3,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      columns: ['full_name', 'date_of_birth', 'sex', 'pin', 'permanent_unit', 'phone'],
    });
  });

  it('a cell with a formula is refused as file.formula naming the cell', async () => {
    const path = await workbook('formula.xlsx', (ws) => {
      ws.addRow(['full_name', 'date_of_birth', 'sex', 'ballot_id', 'other_names']);
      for (let i = 0; i < 5; i++) ws.addRow([`Người ${i}`, '2000-01-01', 'Nam', `B${i}`, '']);
      ws.getCell('E7').value = { formula: 'A7&" "&D7', result: 'Người 5 B5' } as ExcelJS.CellFormulaValue;
    });
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.formula');
    expect(e.details).toMatchObject({ row: 7, cell: 'E7', column: 'other_names' });
    expect(e.message).toContain('cell E7');
    expect(e.details.messageVi).toContain('ô E7');
    await badFile(() => read(path), 'file.formula');
  });

  it('a shared formula (filled down in Excel) is refused too', async () => {
    const path = await workbook('shared.xlsx', (ws) => {
      ws.addRow(['full_name', 'date_of_birth', 'sex', 'ballot_id']);
      ws.addRow(['An', '2000-01-01', 'Nam', 1]);
      ws.addRow(['Bình', '2000-01-01', 'Nữ', 2]);
      ws.getCell('D2').value = { formula: 'ROW()', result: 2 } as ExcelJS.CellFormulaValue;
      ws.getCell('D3').value = { sharedFormula: 'D2', result: 3 } as ExcelJS.CellSharedFormulaValue;
    });
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.formula');
    expect(e.details.cell).toBe('D2');
  });

  it('a file that is not a valid zip/xlsx is refused as file.format', async () => {
    const truncated = readFileSync(
      await workbook('whole.xlsx', (ws) => {
        ws.addRow(['full_name', 'date_of_birth', 'sex']);
        ws.addRow(['An', '2000-01-01', 'Nam']);
      }),
    );
    const cut = tmp.file('cut.xlsx', truncated.subarray(0, Math.floor(truncated.length / 2)));
    await badFile(() => checkBallotFile(cut, { form: 'DC01' }), 'file.format');
    const garbage = tmp.file('garbage.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]));
    await badFile(() => checkBallotFile(garbage, { form: 'DC01' }), 'file.format');
    const text = tmp.file('text.xlsx', 'full_name;date_of_birth;sex\n');
    expect(detectFormat(text, readFileSync(text))).toBe('xlsx');
    const e = await badFile(() => read(text), 'file.format');
    expect(e.message).toContain('XLSX');
  });

  it('names typed in a .VnTime font are refused as file.encoding, as in CSV', async () => {
    const path = await workbook('vntime.xlsx', (ws) => {
      ws.addRow(['Họ, chữ đệm và tên khai sinh', 'Ngày, tháng, năm sinh', 'Giới tính', 'Họ tên cha']);
      ws.addRow(['NguyÔn ThÞ Hµ', '1990-05-17', 'N÷', 'NguyÔn V¨n Nam']);
      ws.addRow(['§ç V¨n Tr\u00adêng', '1985-09-15', 'Nam', '']);
    });
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.encoding');
    expect(e.details).toMatchObject({ encoding: 'TCVN3 (font .VnTime) saved as UTF-8', row: 2, column: 'full_name' });
  });

  it('headers are checked as in CSV, and an empty sheet or header-only sheet is refused', async () => {
    const unknown = await workbook('unknown.xlsx', (ws) => {
      ws.addRow(['full_name', 'Ngày sinh âm lịch', 'date_of_birth', 'sex']);
      ws.addRow(['An', 'x', '2000-01-01', 'Nam']);
    });
    const e = await badFile(() => checkBallotFile(unknown, { form: 'DC01' }), 'file.headers');
    expect(e.message).toContain('"Ngày sinh âm lịch"');
    const headerOnly = await workbook('header.xlsx', (ws) => ws.addRow(['full_name', 'date_of_birth', 'sex']));
    await badFile(() => checkBallotFile(headerOnly, { form: 'DC01' }), 'file.empty');
    const empty = await workbook('empty.xlsx', () => {});
    await badFile(() => checkBallotFile(empty, { form: 'DC01' }), 'file.empty');
    const beyond = await workbook('beyond.xlsx', (ws) => {
      ws.addRow(['full_name', 'date_of_birth', 'sex']);
      ws.addRow(['An', '2000-01-01', 'Nam', 'stray']);
    });
    expect((await badFile(() => checkBallotFile(beyond, { form: 'DC01' }), 'file.columns')).details.row).toBe(2);
  });
});
