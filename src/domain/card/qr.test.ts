import { describe, expect, it } from 'vitest';
import type { PrintedCard } from './card.types.ts';
import { parseQr, qrText } from './qr.ts';

// The example of domain.md §4.5, character for character.
const EXAMPLE = '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường …, TP Hồ Chí Minh|15042021';

function card(over: Partial<PrintedCard> = {}): PrintedCard {
  return {
    number: '001090123456',
    fullName: 'NGUYEN VAN A',
    dateOfBirth: '1990-01-01',
    sex: 'M',
    nationality: 'VNM',
    nationalityName: 'Việt Nam',
    hometown: null,
    residence: 'Phường …, TP Hồ Chí Minh',
    birthRegistrationPlace: null,
    ethnicity: 'Kinh',
    religion: null,
    fatherName: null,
    motherName: null,
    oldIdNumber: '012345678',
    issuedOn: '2021-04-15',
    expiresOn: '2030-01-01',
    issuer: 'BỘ CÔNG AN',
    generation: '2021',
    photo: true,
    ...over,
  };
}

describe('qrText and parseQr', () => {
  it('round-trips the domain.md §4.5 example', () => {
    const parsed = parseQr(EXAMPLE);
    expect(parsed).toEqual({
      pin: '001090123456',
      oldId: '012345678',
      fullName: 'NGUYEN VAN A',
      dateOfBirth: '1990-01-01',
      sex: 'M',
      address: 'Phường …, TP Hồ Chí Minh',
      issuedOn: '2021-04-15',
      signature: null,
    });
    expect(qrText(card())).toBe(EXAMPLE);
  });

  it('keeps diacritics, writes Nữ and an empty CMND field', () => {
    const text = qrText(
      card({
        number: '079190004321',
        fullName: 'Đặng Thị Ánh Nguyệt',
        dateOfBirth: '1990-12-31',
        sex: 'F',
        oldIdNumber: null,
        residence: 'Số 5, Phường Bến Thành, TP Hồ Chí Minh',
        issuedOn: '2024-07-01',
      }),
    );
    expect(text).toBe('079190004321||Đặng Thị Ánh Nguyệt|31121990|Nữ|Số 5, Phường Bến Thành, TP Hồ Chí Minh|01072024');
    expect(parseQr(text)).toMatchObject({
      oldId: null,
      sex: 'F',
      fullName: 'Đặng Thị Ánh Nguyệt',
      dateOfBirth: '1990-12-31',
    });
  });

  it('writes 00 for the unknown parts of a legacy birth date and reads them back as a partial date', () => {
    expect(qrText(card({ dateOfBirth: '1990' })).split('|')[3]).toBe('00001990');
    expect(qrText(card({ dateOfBirth: '1990-07' })).split('|')[3]).toBe('00071990');
    expect(parseQr(qrText(card({ dateOfBirth: '1990' }))).dateOfBirth).toBe('1990');
    expect(parseQr(qrText(card({ dateOfBirth: '1990-07' }))).dateOfBirth).toBe('1990-07');
  });

  it('parses the 6-field form that has no CMND field', () => {
    expect(parseQr('001090123456|Nguyễn Văn A|01011990|Nam|Hà Nội|15042021')).toEqual({
      pin: '001090123456',
      oldId: null,
      fullName: 'Nguyễn Văn A',
      dateOfBirth: '1990-01-01',
      sex: 'M',
      address: 'Hà Nội',
      issuedOn: '2021-04-15',
      signature: null,
    });
  });

  it('returns an 8th field as the signature, and a 7th after the 6-field form', () => {
    expect(parseQr(`${EXAMPLE}|MEUCIQabc.def-_`).signature).toBe('MEUCIQabc.def-_');
    const six = parseQr('001090123456|Nguyễn Văn A|01011990|Nữ|Hà Nội|15042021|SIG');
    expect(six).toMatchObject({ oldId: null, sex: 'F', signature: 'SIG' });
  });

  it('refuses malformed text, naming the rule', () => {
    expect(() => parseQr('hello')).toThrow(/qr/);
    expect(() => parseQr(`${EXAMPLE}|a|b`)).toThrow(/at most one/);
    expect(() => parseQr(EXAMPLE.replace('01011990', '32011990'))).toThrow(/not a calendar date/);
    expect(() => parseQr(EXAMPLE.replace('001090123456', '00109012345'))).toThrow(/PIN/);
    expect(() => qrText(card({ residence: 'a|b' }))).toThrow(/residence/);
    expect(() => qrText(card({ issuedOn: '2021-04' }))).toThrow(/issuedOn/);
  });
});
