import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiFold, nameKey, sameName } from '../../src/modules/reference/vietnamese-text.ts';

describe('sameName', () => {
  it('ignores tone placement, Unicode form, case and spacing', () => {
    expect(sameName('Hòa', 'Hoà')).toBe(true);
    expect(sameName('Xã Thủy Anh', 'Xã Thuỷ Anh')).toBe(true);
    expect(sameName('xã Bắc Sơn', 'Xã Bắc Sơn')).toBe(true);
    expect(sameName('Biên Hòa', 'Biên Hoà'.normalize('NFD'))).toBe(true);
    expect(sameName(' Yên  Hòa', 'Yên Hoà ')).toBe(true);
  });

  it('still tells apart names that differ in a letter or a tone', () => {
    expect(sameName('Phó Bảng', 'Phố Bảng')).toBe(false);
    expect(sameName('Hòa', 'Hóa')).toBe(false);
    expect(sameName('Hoà', 'Hoa')).toBe(false);
    expect(sameName('Xã Lộc Ninh', 'Phường Lộc Ninh')).toBe(false);
  });

  it('gives the same key to NFC and NFD spellings of any text', () => {
    fc.assert(fc.property(fc.string(), (s) => nameKey(s.normalize('NFC')) === nameKey(s.normalize('NFD'))));
  });
});

describe('asciiFold', () => {
  it('drops diacritics and maps đ', () => {
    expect(asciiFold('Đắk Lắk')).toBe('Dak Lak');
    expect(asciiFold('Bru-Vân Kiều')).toBe('Bru-Van Kieu');
    expect(asciiFold('Ơ Đu')).toBe('O Du');
  });
});
