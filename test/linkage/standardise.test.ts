import { describe, expect, it } from 'vitest';
import {
  applyPlaceholderDays,
  dateDigits,
  detectPlaceholderDays,
  parseDateValue,
} from '../../src/modules/linkage/engine/date-values.ts';
import { soundex, variantKey } from '../../src/modules/linkage/engine/phonetic.ts';
import {
  foldText,
  fullNameParts,
  idValue,
  nameValue,
  phoneValue,
  sexValue,
} from '../../src/modules/linkage/engine/standardise.ts';

describe('text and names', () => {
  it('folds Vietnamese to lower-case ASCII with Đ→D, whatever the normalisation form', () => {
    expect(foldText('ĐẶNG Thị Hoà')).toBe('dang thi hoa');
    expect(foldText('Nguyễn Văn An'.normalize('NFD'))).toBe('nguyen van an');
    expect(foldText("O'Brien-Smith, Jr.")).toBe('obrien smith jr');
    expect(foldText(' Không rõ ')).toBe('');
  });

  it('keeps diacritics in canonical tone placement for the exact level', () => {
    expect(nameValue('HOÀ').exact).toBe('hòa');
    expect(nameValue('Hòa').exact).toBe(nameValue('Hoà'.normalize('NFD')).exact);
  });

  it('splits full names family + middle + given, double surnames included, or given-first on request', () => {
    const p = fullNameParts('Tôn Nữ Thị Hương', 'family-first');
    expect([p.family.fold, p.middle.fold, p.given.fold]).toEqual(['ton nu', 'thi', 'huong']);
    const e = fullNameParts('Mary Ann Smith', 'given-first');
    expect([e.family.fold, e.middle.fold, e.given.fold]).toEqual(['smith', 'ann', 'mary']);
    expect(fullNameParts('An', 'family-first').given.fold).toBe('an');
  });

  it('merges regional spellings and gives phonetic keys that survive typos', () => {
    expect(variantKey('huynh thi vo')).toBe('hoang thi vu');
    expect(soundex('robert')).toBe('R163');
    expect(soundex('rupert')).toBe('R163');
    expect(soundex('ashcraft')).toBe('A261');
    expect(soundex(variantKey('huynh'))).toBe(soundex(variantKey('hoang')));
  });

  it('standardises identifiers, phones and sex, with placeholders as null', () => {
    expect(idValue(' 079-123 456 789 ')).toBe('079123456789');
    expect(idValue('999999999')).toBe('');
    expect(phoneValue('+84 (912) 345-678')).toBe('912345678');
    expect(sexValue('Nữ')).toBe('f');
    expect(sexValue('MALE')).toBe('m');
  });
});

describe('dates', () => {
  it('reads the usual layouts and keeps partial precision', () => {
    expect(dateDigits(parseDateValue('19850307', 'dmy'))).toBe('19850307');
    expect(dateDigits(parseDateValue('1985-3-7', 'dmy'))).toBe('19850307');
    expect(dateDigits(parseDateValue('7.3.1985', 'dmy'))).toBe('19850307');
    expect(dateDigits(parseDateValue('07031985', 'dmy'))).toBe('19850307');
    expect(dateDigits(parseDateValue('3/7/1985', 'mdy'))).toBe('19850307');
    expect(dateDigits(parseDateValue('13/7/1985', 'mdy'))).toBe('19850713');
    expect(parseDateValue('1985', 'dmy')).toEqual({ y: 1985, m: 0, d: 0, precision: 1 });
    expect(parseDateValue('1985-00-00', 'dmy').precision).toBe(1);
    expect(parseDateValue('03/1985', 'dmy')).toEqual({ y: 1985, m: 3, d: 0, precision: 2 });
    // A corrupt full date keeps its digits, for the one-edit level.
    expect(dateDigits(parseDateValue('19851307', 'dmy'))).toBe('19851307');
  });

  it('turns placeholders into null', () => {
    for (const s of ['', '1900-01-01', '01/01/1900', 'unknown', '0000-00-00', '9999-12-31'])
      expect(parseDateValue(s, 'dmy').precision).toBe(0);
  });

  it('finds a 1 January filler in the data and reads it as year only', () => {
    const real = Array.from({ length: 3650 }, (_, i) =>
      parseDateValue(
        `19${50 + (i % 40)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        'dmy',
      ),
    );
    expect(detectPlaceholderDays(real)).toEqual({ jan1: false, day1: false });
    const filled = [...real, ...Array.from({ length: 200 }, () => parseDateValue('1970-01-01', 'dmy'))];
    const p = detectPlaceholderDays(filled);
    expect(p.jan1).toBe(true);
    expect(applyPlaceholderDays(parseDateValue('1970-01-01', 'dmy'), p).precision).toBe(1);
    expect(applyPlaceholderDays(parseDateValue('1970-02-01', 'dmy'), p).precision).toBe(3);
  });
});
