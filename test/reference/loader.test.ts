import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findReferenceDir } from '../../src/modules/reference/reference.files.ts';
import { loadReferenceData, readReferenceFiles } from '../../src/modules/reference/reference.loader.ts';
import { readReferenceData } from '../../src/modules/reference/reference.repository.ts';
import { createLoadedReference, type LoadedReference } from './loaded.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('reference loader', () => {
  let r: LoadedReference;
  beforeAll(async () => {
    r = await createLoadedReference();
  });
  afterAll(async () => {
    await r.t.destroy();
  });

  it('loads every dataset and reports its row count', () => {
    expect(Object.fromEntries(r.loads.map((l) => [l.dataset, l.rows]))).toEqual({
      // 63 + 696 + 10,035 before 2025; 34 + 3,321 from 1 July 2025; 12 new versions from 30 April 2026.
      admin_unit: 14_161,
      // 10,604 commune links, 63 province links, 691 district links (696 less the 5 island districts).
      unit_succession: 11_358,
      ethnicity: 55,
      religion: 15,
      nationality: 250,
      pin_province: 63,
    });
  });

  it('records one reference_load row per dataset and replaces, not duplicates, on a second load', async () => {
    const again = await loadReferenceData(r.t.db);
    expect(again).toEqual(r.loads);
    const rows = await readReferenceData(r.t.db);
    expect(rows.admin_unit).toHaveLength(14_161);
    expect(rows.unit_succession).toHaveLength(11_358);
    const log = await r.t.db.selectFrom('reference_load').selectAll().orderBy('id').execute();
    expect(log).toHaveLength(12);
    expect(log.slice(6).map((l) => [l.dataset, l.rows])).toEqual(again.map((l) => [l.dataset, l.rows]));
  });

  it('leaves the loaded data in place when a file is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'popreg-ref-'));
    try {
      cpSync(findReferenceDir(), dir, { recursive: true });
      const file = join(dir, 'adminunits/mapping_old_to_new_wards.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace(',00004,Phường Ba Đình,', ',00005,Phường Ba Đình,'));
      await expect(loadReferenceData(r.t.db, dir)).rejects.toThrow(
        /successor codes not in the 1 July 2025 list: 00005/,
      );
      expect((await readReferenceData(r.t.db)).unit_succession).toHaveLength(11_358);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds reference/ from the sources and from compiled output', () => {
    const expected = join(ROOT, 'reference');
    expect(findReferenceDir()).toBe(expected);
    expect(findReferenceDir(join(ROOT, 'dist', 'modules', 'reference'))).toBe(expected);
    expect(() => findReferenceDir(tmpdir())).toThrow(/reference data folder not found/);
  });
});

describe('changes of 30 April 2026', () => {
  it('are Đồng Nai becoming a city, 10 of its communes becoming wards, and one name correction', () => {
    const { changes } = readReferenceFiles();
    const wards = changes.filter(
      (c) => c.level === 'commune' && c.before.startsWith('Xã ') && c.after.startsWith('Phường '),
    );
    expect(wards).toHaveLength(10);
    expect(wards.every((c) => c.before.slice(3) === c.after.slice(7))).toBe(true);
    expect(changes.filter((c) => !wards.includes(c))).toEqual([
      { level: 'commune', code: '00745', before: 'Xã Phó Bảng', after: 'Xã Phố Bảng' },
      { level: 'province', code: '75', before: 'Tỉnh Đồng Nai', after: 'Thành phố Đồng Nai' },
    ]);
  });
});
