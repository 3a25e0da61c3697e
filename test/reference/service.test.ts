import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import { ReferenceService } from '../../src/modules/reference/reference.service.ts';
import { createLoadedReference, createReferenceDatabase, type LoadedReference, TODAY } from './loaded.ts';

describe('ReferenceService', () => {
  let r: LoadedReference;
  beforeAll(async () => {
    r = await createLoadedReference();
  });
  afterAll(async () => {
    await r.t.destroy();
  });

  it('shows an old unit with its parent, what it became, and what it is today', async () => {
    const v = await r.service.getUnit('00004', '2020-01-01');
    expect(v).toMatchObject({
      code: '00004',
      name: 'Trúc Bạch',
      level: 'commune',
      validTo: '2025-07-01',
      childrenCount: 0,
    });
    expect(v.parent).toEqual({ code: '001', level: 'district', name: 'Ba Đình', fullName: 'Quận Ba Đình' });
    expect(v.successors).toEqual([
      {
        code: '00004',
        level: 'commune',
        name: 'Ba Đình',
        fullName: 'Phường Ba Đình',
        kind: 'full',
        effective: '2025-07-01',
      },
    ]);
    expect(v.predecessors).toEqual([]);
    expect(v.current).toEqual({
      kind: 'full',
      units: [{ code: '00004', level: 'commune', name: 'Ba Đình', fullName: 'Phường Ba Đình' }],
    });
  });

  it('shows a current commune with the old communes merged into it', async () => {
    const v = await r.service.getUnit('00004');
    expect(v).toMatchObject({ name: 'Ba Đình', validFrom: '2025-07-01', validTo: null, successors: [], current: null });
    expect(v.parent?.fullName).toBe('Thành phố Hà Nội');
    // Two old wards whole and parts of eight others (mapping_old_to_new_wards.csv).
    expect(v.predecessors).toHaveLength(10);
    expect(v.predecessors.slice(0, 3).map((p) => [p.code, p.fullName, p.kind])).toEqual([
      ['00004', 'Phường Trúc Bạch', 'full'],
      ['00013', 'Phường Quán Thánh', 'full'],
      ['00016', 'Phường Ngọc Hà', 'partial'],
    ]);
    expect(v.predecessors.at(-1)).toEqual({
      code: '00112',
      level: 'commune',
      name: 'Thụy Khuê',
      fullName: 'Phường Thụy Khuê',
      kind: 'partial',
      effective: '2025-07-01',
    });
  });

  it('shows Đồng Nai as a province until 30 April 2026 and as a city since, with its 2025 merger', async () => {
    const before = await r.service.getUnit('75', '2026-01-01');
    expect(before).toMatchObject({ unitType: 'Tỉnh', childrenCount: 95 });
    expect(before.successors).toEqual([
      {
        code: '75',
        level: 'province',
        name: 'Đồng Nai',
        fullName: 'Thành phố Đồng Nai',
        kind: 'same',
        effective: '2026-04-30',
      },
    ]);
    const now = await r.service.getUnit('75');
    expect(now).toMatchObject({
      unitType: 'Thành phố',
      fullName: 'Thành phố Đồng Nai',
      childrenCount: 95,
      parent: null,
    });
    expect(now.predecessors.map((p) => [p.code, p.fullName, p.kind, p.effective])).toEqual([
      ['75', 'Tỉnh Đồng Nai', 'same', '2026-04-30'],
      ['70', 'Tỉnh Bình Phước', 'full', '2025-07-01'],
      ['75', 'Tỉnh Đồng Nai', 'full', '2025-07-01'],
    ]);
  });

  it('counts children on the day asked: districts before the reform, communes after', async () => {
    expect((await r.service.getUnit('01', '2020-01-01')).childrenCount).toBe(30);
    expect((await r.service.getUnit('01')).childrenCount).toBe(126);
    expect((await r.service.getUnit('001', '2020-01-01')).childrenCount).toBe(13);
  });

  it('links island districts to their special zone and uses the GSO codes of two new communes', async () => {
    expect((await r.service.getUnit('755', '2020-01-01')).successors).toEqual([
      {
        code: '26732',
        level: 'commune',
        name: 'Côn Đảo',
        fullName: 'Đặc khu Côn Đảo',
        kind: 'full',
        effective: '2025-07-01',
      },
    ]);
    const baChe = await r.service.getUnit('06978');
    expect(baChe.predecessors.map((p) => p.code)).toEqual(['06886', '06970', '06973', '06982', '06988']);
    expect((await r.service.getUnit('23938')).predecessors.length).toBeGreaterThan(0);
    await expect(r.service.getUnit('06970')).resolves.toMatchObject({
      fullName: 'Thị trấn Ba Chẽ',
      validTo: '2025-07-01',
    });
  });

  it('falls back to the latest version when the code had none on the day', async () => {
    expect(await r.service.getUnit('00004', '1900-01-01')).toMatchObject({ name: 'Ba Đình', validFrom: '2025-07-01' });
  });

  it('names an old commune missing from the unit lists with null', async () => {
    const v = await r.service.getUnit('07682'); // took in Xã Tân An (07693), dissolved before the 2025 lists
    expect(v.predecessors).toContainEqual({
      code: '07693',
      level: 'commune',
      name: null,
      fullName: null,
      kind: 'full',
      effective: '2025-07-01',
    });
  });

  it('rejects unknown codes and malformed dates with coded errors', async () => {
    const err = await r.service.getUnit('99999').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: 'REFERENCE.UNIT_NOT_FOUND', details: { code: '99999' } });
    expect((err as Error).message).toContain('99999');
    await expect(r.service.getUnit('00004', '2020-02-30')).rejects.toBeInstanceOf(ValidationError);
    await expect(r.service.listUnits({ on: '20200101' })).rejects.toBeInstanceOf(ValidationError);
    await expect(r.service.listUnits({ parent: '78' })).rejects.toMatchObject({ code: 'REFERENCE.UNIT_NOT_FOUND' });
  });

  it('lists units by parent or level on a day, provinces by default', async () => {
    expect(await r.service.listUnits()).toHaveLength(34);
    expect(await r.service.listUnits({ on: '2020-01-01' })).toHaveLength(63);
    expect(await r.service.listUnits({ parent: '01', on: '2020-01-01' })).toHaveLength(30);
    const wards = await r.service.listUnits({ parent: '001', on: '2020-01-01' });
    expect(wards.map((w) => w.code)).toContain('00004');
    expect(wards.every((w) => w.parentCode === '001' && w.level === 'commune')).toBe(true);
    expect(await r.service.listUnits({ parent: '75', level: 'commune' })).toHaveLength(95);
    expect(await r.service.listUnits({ level: 'commune' })).toHaveLength(3321);
  });

  it('serves the code lists', async () => {
    const ethnicities = await r.service.codeList('ethnicities');
    expect(ethnicities).toHaveLength(55);
    expect(ethnicities[0]).toEqual({ code: '01', nameVi: 'Kinh', nameEn: 'Kinh' });
    expect(await r.service.codeList('religions')).toContainEqual({ code: '00', nameVi: 'Không', nameEn: 'None' });
    expect(await r.service.codeList('nationalities')).toContainEqual({
      code: 'VN',
      nameVi: 'Việt Nam',
      nameEn: 'Vietnam',
      alpha3: 'VNM',
      numeric: '704',
    });
    expect(await r.service.codeList('pin-provinces')).toContainEqual({
      pinCode: '096',
      provinceCode: '96',
      name: 'Cà Mau',
      successorCode: '96',
    });
  });

  it('caches one catalog and builds a new one after invalidate()', async () => {
    const a = await r.service.catalog();
    expect(await r.service.catalog()).toBe(a);
    r.service.invalidate();
    expect(await r.service.catalog()).not.toBe(a);
  });
});

describe('ReferenceService before popreg init', () => {
  it('says the data is not loaded, then works once it is', async () => {
    const t = await createReferenceDatabase();
    try {
      const service = new ReferenceService(t.db, () => TODAY);
      const err = await service.getUnit('01').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({
        code: 'REFERENCE.NOT_LOADED',
        message: 'reference data not loaded: run popreg init',
      });
      await service.load();
      expect((await service.getUnit('01')).fullName).toBe('Thành phố Hà Nội');
    } finally {
      await t.destroy();
    }
  });
});
