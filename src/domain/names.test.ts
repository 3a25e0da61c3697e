import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalName, foldName, normalizeName, normalizeTonePlacement, splitName, toMrzName } from './names.ts';

const TONED_VOWELS = [...'aăâeêioôơuưy'].flatMap((v) =>
  ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((t) => (v + t).normalize('NFC')),
);
const VI_LETTERS = [...TONED_VOWELS, ...'bcdđghklmnpqrstvx'];
const viLetter = fc.constantFrom(...VI_LETTERS, ...VI_LETTERS.map((l) => l.toUpperCase()));
const viWord = fc.array(viLetter, { minLength: 1, maxLength: 7 }).map((ls) => ls.join(''));
const viName = fc
  .array(fc.tuple(viWord, fc.constantFrom(' ', '  ', '\t', '-', "'", '\u00a0')), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 30 });

// Real spellings in both tone schools, with the canonical one first.
const TONE_VARIANTS: Array<[string, string]> = [
  ['Hòa', 'Hoà'],
  ['Thủy', 'Thuỷ'],
  ['Thụy', 'Thuỵ'],
  ['Khỏe', 'Khoẻ'],
  ['Tùy', 'Tuỳ'],
  ['Họa', 'Hoạ'],
  ['Xòe', 'Xoè'],
  ['Lũy', 'Luỹ'],
  ['HÒA', 'HOÀ'],
];

describe('normalizeName', () => {
  it('composes to NFC, trims and collapses whitespace but keeps case and diacritics', () => {
    expect(normalizeName('  Nguyễn \t Văn\u00a0An \n')).toBe('Nguyễn Văn An');
    expect(normalizeName('Nguyễn Văn An'.normalize('NFD'))).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(normalizeName('NGUYỄN văn an')).toBe('NGUYỄN văn an');
    expect(normalizeName('Hoà')).toBe('Hoà');
    expect(normalizeName('')).toBe('');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(normalizeName(normalizeName(s))).toBe(normalizeName(s));
      }),
    );
  });
});

describe('foldName', () => {
  it.each([
    'Nguyễn Văn An',
    'nguyen van an',
    'NGUYỄN  VĂN AN',
    ' Nguyễn Văn An '.normalize('NFD'),
    'NguyỄn\tvăn\u00a0an',
  ])('folds %j to "nguyen van an"', (raw) => {
    expect(foldName(raw)).toBe('nguyen van an');
  });

  it('maps đ and Đ to d and drops every Vietnamese diacritic', () => {
    expect(foldName('Đặng Đức Đạt')).toBe('dang duc dat');
    expect(foldName('Trần Thị Bích Ngọc')).toBe('tran thi bich ngoc');
    expect(foldName('Lương Thế Vinh')).toBe('luong the vinh');
    expect(foldName('Ưng Hoàng Phúc')).toBe('ung hoang phuc');
    expect(foldName('H’Hen Niê')).toBe("h'hen nie");
    expect(foldName('Rơ-măm')).toBe('ro-mam');
  });

  it('folds tone-placement variants to the same key', () => {
    for (const [a, b] of TONE_VARIANTS) expect(foldName(a)).toBe(foldName(b));
  });

  it('folds characters outside the Vietnamese table through NFD', () => {
    expect(foldName('Zoë Ångström')).toBe('zoe angstrom');
    expect(foldName('\u212a')).toBe('k');
    expect(foldName('İ')).toBe('i');
  });

  it('is idempotent on any text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(foldName(foldName(s))).toBe(foldName(s));
      }),
      { numRuns: 2000 },
    );
  });

  it("yields only [a-z0-9 '-] with single inner spaces for Vietnamese input", () => {
    fc.assert(
      fc.property(viName, (s) => {
        expect(foldName(s)).toMatch(/^(?:[a-z0-9'-]+(?: [a-z0-9'-]+)*)?$/);
      }),
    );
  });

  it('ignores case, Unicode form and spacing', () => {
    fc.assert(
      fc.property(viName, (s) => {
        const key = foldName(s);
        expect(foldName(s.toUpperCase())).toBe(key);
        expect(foldName(s.toLowerCase())).toBe(key);
        expect(foldName(s.normalize('NFD'))).toBe(key);
        expect(foldName(`  ${s.replace(/ /g, '   ')} `)).toBe(key);
      }),
    );
  });

  it('agrees with the naive NFD definition on any text', () => {
    const naive = (s: string) =>
      [...s]
        .map((ch) => (ch === '\u2019' || ch === '\u02bc' ? "'" : ch))
        .map((ch) => ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''))
        .join('')
        .replace(/[đĐ]/g, 'd')
        .replace(/\s+/g, ' ')
        .trim();
    fc.assert(
      fc.property(fc.oneof(anyText, viName), (s) => {
        expect(foldName(s)).toBe(naive(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizeTonePlacement and canonicalName', () => {
  it.each(TONE_VARIANTS)('%s and %s share the canonical form %s', (canonical, variant) => {
    expect(normalizeTonePlacement(variant)).toBe(canonical);
    expect(normalizeTonePlacement(canonical)).toBe(canonical);
  });

  it('leaves syllables with a single correct placement alone', () => {
    for (const w of [
      'Hoàng',
      'Nguyễn',
      'người',
      'Quý',
      'Quỳnh',
      'Huỳnh',
      'Ngoài',
      'khuỷu',
      'Thuở',
      'giữa',
      'Xoòng',
      'Tuấn',
      'Khuê',
      'Toán',
      'mía',
      'múa',
      'Yến',
      'gì',
      'Hoa',
      'An',
    ]) {
      expect(normalizeTonePlacement(w), w).toBe(w);
    }
  });

  it('repairs misplaced tones where Vietnamese spelling allows one place only', () => {
    expect(normalizeTonePlacement('Hòang')).toBe('Hoàng');
    expect(normalizeTonePlacement('Qúy')).toBe('Quý');
    expect(normalizeTonePlacement('gìa')).toBe('già');
    expect(normalizeTonePlacement('Nguỹên')).toBe('Nguyễn');
  });

  it('does not touch words that are not one Vietnamese syllable', () => {
    for (const w of ['José', 'Anna', 'Smith', 'Mary', 'Zoë', 'hòaá', 'Êban']) expect(normalizeTonePlacement(w)).toBe(w);
  });

  it('works syllable by syllable across spaces, hyphens and apostrophes, in NFC', () => {
    expect(normalizeTonePlacement('Hoà Bình')).toBe('Hòa Bình');
    expect(normalizeTonePlacement('Thuỷ-Hoà')).toBe('Thủy-Hòa');
    expect(normalizeTonePlacement('Hoà'.normalize('NFD'))).toBe('Hòa');
  });

  it('canonicalName normalises spacing and tone placement together', () => {
    expect(canonicalName('  Nguyễn   Thị  Thuỷ ')).toBe('Nguyễn Thị Thủy');
    expect(canonicalName('Lê Văn Hoà')).toBe(canonicalName('Lê Văn Hòa'));
    expect(canonicalName('Tỉnh Hoà Bình')).toBe('Tỉnh Hòa Bình');
  });

  it('is idempotent, keeps the fold key and keeps letters and case', () => {
    fc.assert(
      fc.property(fc.oneof(viName, anyText), (s) => {
        const c = canonicalName(s);
        expect(canonicalName(c)).toBe(c);
        expect(foldName(c)).toBe(foldName(s));
        expect(c.length).toBe(normalizeName(s).length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitName', () => {
  it.each([
    ['Nguyễn Văn An', { family: 'Nguyễn', middle: 'Văn', given: 'An' }],
    ['Trần Thị Bích Ngọc', { family: 'Trần', middle: 'Thị Bích', given: 'Ngọc' }],
    ['Lê An', { family: 'Lê', middle: '', given: 'An' }],
    ['An', { family: '', middle: '', given: 'An' }],
    ['', { family: '', middle: '', given: '' }],
    ['  Nguyễn   Văn  An ', { family: 'Nguyễn', middle: 'Văn', given: 'An' }],
    ['Tôn Nữ Thị Ngọc Hân', { family: 'Tôn Nữ', middle: 'Thị Ngọc', given: 'Hân' }],
    ['Tôn Thất Thuyết', { family: 'Tôn Thất', middle: '', given: 'Thuyết' }],
    ['Nguyễn Phúc Bửu Lộc', { family: 'Nguyễn Phúc', middle: 'Bửu', given: 'Lộc' }],
    ['Âu Dương Phong', { family: 'Âu Dương', middle: '', given: 'Phong' }],
    ['Công Tôn Minh Trí', { family: 'Công Tôn', middle: 'Minh', given: 'Trí' }],
    ['TON NU THI HAN', { family: 'TON NU', middle: 'THI', given: 'HAN' }],
    ['Nguyễn Phúc', { family: 'Nguyễn', middle: '', given: 'Phúc' }],
  ])('splits %j', (full, parts) => {
    expect(splitName(full)).toEqual(parts);
  });

  it('loses no word', () => {
    fc.assert(
      fc.property(viName, (s) => {
        const { family, middle, given } = splitName(s);
        expect([family, middle, given].filter((p) => p !== '').join(' ')).toBe(normalizeName(s));
        expect(given.includes(' ')).toBe(false);
      }),
    );
  });
});

describe('toMrzName', () => {
  it.each([
    ['Ung Hoàng Hiệp', 'UNG<<HOANG<HIEP'],
    ['Nguyễn Văn An', 'NGUYEN<<VAN<AN'],
    ['Đặng Thị Ngọc Đào', 'DANG<<THI<NGOC<DAO'],
    ['Lê An', 'LE<<AN'],
    ['An', 'AN'],
    ['Tôn Nữ Thị Hân', 'TON<NU<<THI<HAN'],
    ["H'Hen Niê", 'HHEN<<NIE'],
    ['Rơ-măm Thị Hoa', 'RO<MAM<<THI<HOA'],
  ])('%s → %s', (full, mrz) => {
    expect(toMrzName(full)).toBe(mrz);
  });

  it('emits only A–Z and < with a single << between family and given names', () => {
    fc.assert(
      fc.property(viName, (s) => {
        const mrz = toMrzName(s);
        expect(mrz).toMatch(/^[A-Z<]*$/);
        expect(mrz.split('<<').length).toBeLessThanOrEqual(2);
        expect(mrz).not.toMatch(/^<|<$|<<</);
      }),
    );
  });
});
