import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceCatalog } from '../../src/modules/reference/catalog.ts';
import { readReferenceData } from '../../src/modules/reference/reference.repository.ts';
import { createLoadedReference, type LoadedReference, TODAY } from './loaded.ts';

const codes = (units: readonly { code: string }[] | undefined) => units?.map((u) => u.code);

describe('ReferenceCatalog', () => {
  let r: LoadedReference;
  let cat: ReferenceCatalog;
  beforeAll(async () => {
    r = await createLoadedReference();
    cat = await ReferenceCatalog.load(r.t.db, () => TODAY);
  });
  afterAll(async () => {
    await r.t.destroy();
  });

  it('holds 63 provinces, 696 districts and 10,035 communes before 2025', () => {
    expect(cat.unitsOn('2020-01-01', { level: 'province' })).toHaveLength(63);
    expect(cat.unitsOn('2020-01-01', { level: 'district' })).toHaveLength(696);
    expect(cat.unitsOn('2020-01-01', { level: 'commune' })).toHaveLength(10_035);
  });

  it('holds 34 provinces, no districts and 3,321 communes after the reform', () => {
    expect(cat.provinces()).toHaveLength(34);
    expect(cat.unitsOn(TODAY, { level: 'district' })).toHaveLength(0);
    const communes = cat.unitsOn(TODAY, { level: 'commune' });
    expect(communes).toHaveLength(3321);
    const byType = (date: string) =>
      Object.fromEntries(
        ['Xã', 'Phường', 'Đặc khu'].map((t) => [
          t,
          cat.unitsOn(date, { level: 'commune' }).filter((u) => u.unitType === t).length,
        ]),
      );
    expect(byType('2025-08-01')).toEqual({ Xã: 2621, Phường: 687, 'Đặc khu': 13 });
    expect(byType(TODAY)).toEqual({ Xã: 2611, Phường: 697, 'Đặc khu': 13 });
    expect(cat.communesOf('01')).toHaveLength(126);
    expect(cat.communesOf('75')).toHaveLength(95);
  });

  it('dates Đồng Nai becoming a city on 30 April 2026', () => {
    expect(cat.unitOn('75', '2026-01-01')).toMatchObject({
      unitType: 'Tỉnh',
      fullName: 'Tỉnh Đồng Nai',
      validTo: '2026-04-30',
    });
    expect(cat.unitOn('75', '2026-04-29')?.unitType).toBe('Tỉnh');
    expect(cat.unitOn('75', '2026-04-30')).toMatchObject({
      unitType: 'Thành phố',
      validFrom: '2026-04-30',
      validTo: null,
    });
    expect(cat.latestUnit('75')?.fullName).toBe('Thành phố Đồng Nai');
  });

  it('gives a reused code the meaning it had on the date', () => {
    expect(cat.unitOn('00004', '2020-01-01')).toMatchObject({
      name: 'Trúc Bạch',
      parentCode: '001',
      provinceCode: '01',
    });
    expect(cat.unitOn('00004', '2025-08-01')).toMatchObject({ name: 'Ba Đình', parentCode: '01', provinceCode: '01' });
    expect(cat.unitOn('00004', '1900-01-01')).toBeUndefined();
    expect(cat.unitOn('99999', '2020-01-01')).toBeUndefined();
  });

  it('resolves an old commune merged whole to its one successor', () => {
    const r13 = cat.currentUnitsFor('00013', '2020-01-01'); // Phường Quán Thánh → Phường Ba Đình
    expect(r13?.kind).toBe('full');
    expect(r13?.units.map((u) => u.fullName)).toEqual(['Phường Ba Đình']);
  });

  it('resolves an old commune split in parts to each of its successors', () => {
    const r16 = cat.currentUnitsFor('00016', '2020-01-01'); // Phường Ngọc Hà → part Ba Đình, part Ngọc Hà
    expect(r16?.kind).toBe('partial');
    expect(codes(r16?.units)).toEqual(['00004', '00008']);
    expect(cat.currentProvinceOf('00016', '2020-01-01')).toBe('01');
  });

  it('resolves a current code to itself', () => {
    expect(cat.currentUnitsFor('00004', '2025-08-01')).toEqual({ kind: 'same', units: [cat.unitOn('00004', TODAY)] });
    expect(cat.currentUnitsFor('00004', '1900-01-01')).toBeUndefined();
    expect(cat.currentUnitsFor('99999', TODAY)).toBeUndefined();
  });

  it('resolves old provinces and districts to the new province, and island districts to their special zone', () => {
    expect(cat.currentUnitsFor('02', '2020-01-01')).toMatchObject({
      kind: 'full',
      units: [{ code: '08', fullName: 'Tỉnh Tuyên Quang' }],
    });
    expect(cat.currentProvinceOf('02', '2020-01-01')).toBe('08');
    expect(cat.currentProvinceOf('08', '2020-01-01')).toBe('08');
    expect(codes(cat.currentUnitsFor('001', '2020-01-01')?.units)).toEqual(['01']);
    expect(cat.currentUnitsFor('755', '2020-01-01')).toMatchObject({
      kind: 'full',
      units: [{ code: '26732', fullName: 'Đặc khu Côn Đảo' }],
    });
    expect(cat.currentProvinceOf('755', '2020-01-01')).toBe('79');
  });

  it('walks several steps: an old town to the 2025 commune, then to the ward it became in 2026', () => {
    const r = cat.currentUnitsFor('25270', '2020-01-01'); // Thị trấn Lộc Ninh → Xã Lộc Ninh → Phường Lộc Ninh
    expect(r?.kind).toBe('full');
    expect(r?.units).toEqual([
      expect.objectContaining({ code: '25270', fullName: 'Phường Lộc Ninh', validFrom: '2026-04-30' }),
    ]);
    expect(cat.currentUnitsFor('25270', '2026-01-01')?.units[0]?.fullName).toBe('Phường Lộc Ninh');
    expect(cat.currentUnitsFor('75', '2026-01-01')).toMatchObject({ kind: 'same', units: [{ unitType: 'Thành phố' }] });
  });

  it('resolves every pre-2025 commune, and a split commune never crosses a province boundary', () => {
    for (const old of cat.unitsOn('2020-01-01', { level: 'commune' })) {
      const r = cat.currentUnitsFor(old.code, '2020-01-01');
      expect(r, old.code).toBeDefined();
      expect(new Set(r?.units.map((u) => u.provinceCode)).size, old.code).toBe(1);
    }
  });

  it('takes "today" from the injected clock, also for cached resolutions', async () => {
    let today = '2026-01-01';
    const early = new ReferenceCatalog(await readReferenceData(r.t.db), () => today);
    expect(early.currentUnitsFor('25270', '2020-01-01')?.units[0]?.fullName).toBe('Xã Lộc Ninh');
    expect(early.provinces().find((p) => p.code === '75')?.unitType).toBe('Tỉnh');
    today = '2026-06-01';
    expect(early.currentUnitsFor('25270', '2020-01-01')?.units[0]?.fullName).toBe('Phường Lộc Ninh');
    today = '2024-01-01';
    expect(early.provinces()).toHaveLength(63);
    expect(early.currentUnitsFor('00016', '2020-01-01')).toMatchObject({
      kind: 'same',
      units: [{ name: 'Ngọc Hà', level: 'commune' }],
    });
  });

  it('tells whether a current commune lies within a unit', () => {
    expect(cat.isWithin('00004', '00004')).toBe(true);
    expect(cat.isWithin('00004', '01')).toBe(true);
    expect(cat.isWithin('00004', '79')).toBe(false);
    expect(cat.isWithin('00004', '00008')).toBe(false);
    expect(cat.isWithin('00004', '001')).toBe(false);
    expect(cat.isWithin('99999', '01')).toBe(false);
  });

  it('looks up the code lists', () => {
    expect(cat.ethnicity('01')).toEqual({ code: '01', name_vi: 'Kinh', name_en: 'Kinh' });
    expect(cat.ethnicity('02')).toEqual({ code: '02', name_vi: 'Tày', name_en: 'Tay' });
    expect(cat.ethnicity('99')?.name_en).toBe('Foreign origin / other');
    expect(cat.ethnicity('55')).toBeUndefined();
    expect(cat.religion('00')).toEqual({ code: '00', name_vi: 'Không', name_en: 'None' });
    expect(cat.religion('03')?.name_en).toBe('Hoa Hao Buddhism');
    expect(cat.nationality('VN')).toEqual({
      code: 'VN',
      alpha3: 'VNM',
      numeric: '704',
      name_vi: 'Việt Nam',
      name_en: 'Vietnam',
    });
    expect(cat.nationality('VNM')).toBeUndefined();
    expect(cat.pinProvince('002')).toEqual({
      pinCode: '002',
      provinceCode: '02',
      name: 'Hà Giang',
      successorCode: '08',
    });
    expect(cat.pinProvince('003')).toBeUndefined();
    expect(cat.ethnicities()).toHaveLength(55);
    expect(cat.pinProvinces()).toHaveLength(63);
  });
});
