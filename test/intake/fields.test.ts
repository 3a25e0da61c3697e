// Form layouts, header matching and format detection.
import { afterAll, describe, expect, it } from 'vitest';
import { DC01_FIELDS } from '../../src/domain/dc01.ts';
import { DC02_FIELDS } from '../../src/domain/dc02.ts';
import { BadFileError, detectFormat, formFields, readBallotFile } from '../../src/modules/intake/index.ts';
import { foldHeader, headerKey } from '../../src/modules/intake/intake.fields.ts';
import { numberText } from '../../src/modules/intake/intake.values.ts';
import { collect, tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.done());

describe('form fields and headers', () => {
  it('formFields gives the DC01 and DC02 layouts', () => {
    expect(formFields('DC01')).toBe(DC01_FIELDS);
    expect(formFields('DC02')).toBe(DC02_FIELDS);
  });

  it('no two fields of a form share a folded key or label, so every header maps to one field', () => {
    for (const form of ['DC01', 'DC02'] as const) {
      const owner = new Map<string, string>();
      for (const f of formFields(form))
        for (const alias of [f.key, f.vi, f.en]) {
          const folded = foldHeader(alias);
          expect(owner.get(folded) ?? f.key, `${form} ${alias}`).toBe(f.key);
          owner.set(folded, f.key);
          expect(headerKey(form, alias)).toBe(f.key);
        }
    }
  });

  it('folds case, diacritics, đ, punctuation and underscores', () => {
    expect(foldHeader('Ngày, tháng, năm sinh')).toBe('ngay thang nam sinh');
    expect(foldHeader('DATE_OF_BIRTH')).toBe('date of birth');
    expect(headerKey('DC01', '  SỐ ĐDCN CỦA CHA ')).toBe('father_pin');
    expect(headerKey('DC02', 'Thông tin đề nghị')).toBe('new_value');
    expect(headerKey('DC01', 'Thông tin đề nghị')).toBeUndefined();
  });

  it('DC02 files are read with their own labels', async () => {
    const path = tmp.file(
      'dc02.csv',
      'Số định danh cá nhân,Thông tin đề nghị cập nhật; chỉnh sửa,Thông tin hiện tại,Thông tin đề nghị\n' +
        '001190012345,full_name,Nguyễn Thi Ha,Nguyễn Thị Hà\n',
    );
    expect(await collect(readBallotFile(path, { form: 'DC02' }))).toEqual([
      {
        rowNo: 2,
        values: { pin: '001190012345', field: 'full_name', old_value: 'Nguyễn Thi Ha', new_value: 'Nguyễn Thị Hà' },
      },
    ]);
  });
});

describe('format detection', () => {
  it('uses magic bytes first, then the extension', () => {
    expect(detectFormat('a.csv', Buffer.from('PK\x03\x04rest'))).toBe('xlsx');
    expect(detectFormat('a.csv', Buffer.from('\uFEFF  {"full_name":"An"}'))).toBe('ndjson');
    expect(detectFormat('a.txt', Buffer.from('{"full_name":"An"}'))).toBe('ndjson');
    expect(detectFormat('a.XLSX', Buffer.from('full_name,sex'))).toBe('xlsx');
    expect(detectFormat('a.jsonl', Buffer.from('full_name,sex'))).toBe('ndjson');
    expect(detectFormat('a.ndjson', Buffer.from(''))).toBe('ndjson');
    expect(detectFormat('a.csv', Buffer.from('full_name,sex'))).toBe('csv');
    expect(detectFormat('upload', Buffer.from('Họ tên;Giới tính'))).toBe('csv');
  });

  it('refuses an Excel 97-2003 workbook with a hint', () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(() => detectFormat('a.xls', xls)).toThrow(BadFileError);
    expect(() => detectFormat('a.xls', xls)).toThrow(/97-2003/);
  });

  it('writes numbers in full, never with an exponent', () => {
    expect(numberText(79123456789)).toBe('79123456789');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(1.5e-7)).toBe('0.00000015');
    expect(numberText(-2.5e-8)).toBe('-0.000000025');
    expect(numberText(1.2345e22)).toBe('12345000000000000000000');
    expect(numberText(0.1)).toBe('0.1');
  });
});
