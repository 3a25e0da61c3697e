// Search by name ignoring diacritics and case, narrowed by birth date, year and unit; cursor pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

describe(`person search on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const search = async (q: Record<string, string>) => {
    const r = await f.inject(`/api/v1/persons?${new URLSearchParams(q)}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: { pin: string; fullName: string; dateOfBirth: string }[]; nextCursor: string | null };
  };
  beforeAll(async () => {
    f = await createRegistryFixture();
    const people: [string, string, string][] = [
      ['Nguyễn Văn An', '2020-03-10', '00004'], // Hà Nội
      ['Nguyễn Văn An', '2021-07-01', '26734'], // TP Hồ Chí Minh
      ['Nguyễn Văn Anh', '2020-03-10', '00004'],
      ['Đặng Thị Đào', '2019-01-02', '00008'],
      ['Nguyễn Văn An Khang', '2022-02-02', '00004'],
    ];
    for (const [fullName, dateOfBirth, unit] of people) {
      const r = await f.inject({
        method: 'POST',
        url: '/api/v1/persons',
        payload: birthBody(unit, {
          fullName,
          dateOfBirth,
          sex: fullName.includes('Thị') ? 'F' : 'M',
          registeredOn: dateOfBirth,
        }),
      });
      expect(r.statusCode, r.body).toBe(201);
    }
  });
  afterAll(async () => f.destroy());

  it('finds "Nguyễn Văn An" from folded, upper-case and accented spellings, whole words only', async () => {
    for (const name of ['nguyen van an', 'NGUYEN VAN AN', 'Nguyễn Văn An', '  nguyễn   VĂN an ']) {
      const r = await search({ name });
      expect(r.items.map((i) => i.fullName).sort(), name).toEqual([
        'Nguyễn Văn An',
        'Nguyễn Văn An',
        'Nguyễn Văn An Khang',
      ]);
    }
  });
  it('folds Đ/đ to D/d', async () => {
    expect((await search({ name: 'dang thi dao' })).items.map((i) => i.fullName)).toEqual(['Đặng Thị Đào']);
    expect((await search({ name: 'ĐẶNG THỊ ĐÀO' })).items).toHaveLength(1);
  });
  it('narrows by date of birth and by year', async () => {
    expect((await search({ name: 'nguyen van an', dob: '2021-07-01' })).items.map((i) => i.dateOfBirth)).toEqual([
      '2021-07-01',
    ]);
    expect((await search({ name: 'nguyen van an', year: '2020' })).items).toHaveLength(1);
  });
  it('narrows by province (everything under it) and by commune', async () => {
    expect((await search({ name: 'nguyen van an', unit: '01' })).items).toHaveLength(2);
    expect((await search({ name: 'nguyen van an', unit: '79' })).items).toHaveLength(1);
    expect((await search({ name: 'nguyen', unit: '00004' })).items).toHaveLength(3);
    expect((await search({ unit: '00008' })).items.map((i) => i.fullName)).toEqual(['Đặng Thị Đào']);
  });
  it('accepts an old unit code and resolves it to its successors', async () => {
    // Old Phường Trúc Bạch (00004 before 1 July 2025) became part of the new Phường Ba Đình (00004).
    const r = await f.inject(`/api/v1/persons?name=nguyen&unit=001`);
    expect(r.statusCode, r.body).toBe(200);
  });
  it('pages with a cursor without repeating or skipping anyone', async () => {
    const first = await search({ name: 'nguyen', limit: '2' });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await search({ name: 'nguyen', limit: '2', cursor: first.nextCursor! });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const pins = [...first.items, ...second.items].map((i) => i.pin);
    expect(new Set(pins).size).toBe(4);
  });
  it('refuses a search with nothing to search by, a bad cursor or an unknown unit', async () => {
    expect((await f.inject('/api/v1/persons')).statusCode).toBe(400);
    expect((await f.inject('/api/v1/persons?name=an&cursor=zzz')).json().error.details.violations[0].rule).toBe(
      'cursor.invalid',
    );
    expect((await f.inject('/api/v1/persons?name=an&unit=99999')).json().error.details.violations[0].rule).toBe(
      'unit.unknown',
    );
  });
});
