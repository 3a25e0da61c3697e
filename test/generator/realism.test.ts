// The population looks like Vietnam's: 2019-census age structure and household sizes, surnames by their
// published shares, Văn/Thị middle names mostly in older generations, ethnicity and religion that differ by
// province (northern mountains vs Hồ Chí Minh City, Khơ-me in the Mekong, Catholics in Ninh Bình…).
import { describe, expect, it } from 'vitest';
import type { Dc01Row } from '../../src/domain/dc01.ts';
import { generate } from './helpers.ts';

function originals(opts: Parameters<typeof generate>[0]): Dc01Row[] {
  const g = generate(opts);
  return g.rows.filter((_, i) => g.truth[i]!.role === 'original');
}
const share = (rows: Dc01Row[], f: (r: Dc01Row) => boolean) => rows.filter(f).length / rows.length;
const age = (r: Dc01Row) => 2026 - Number(r.date_of_birth.slice(0, 4)) - (r.date_of_birth.slice(5) > '05-01' ? 1 : 0);

describe('generated population (whole country)', () => {
  const rows = originals({ people: 20_000, seed: 21 });

  it('has the 2019 census broad age structure (24.3% under 15, 7.7% 65+) within a few points', () => {
    expect(share(rows, (r) => age(r) < 15)).toBeGreaterThan(0.21);
    expect(share(rows, (r) => age(r) < 15)).toBeLessThan(0.28);
    expect(share(rows, (r) => age(r) >= 65)).toBeGreaterThan(0.06);
    expect(share(rows, (r) => age(r) >= 65)).toBeLessThan(0.1);
    expect(Math.max(...rows.map(age))).toBeGreaterThan(90);
  });

  it('has about as many men as women, and more boys than girls among young children', () => {
    const ratio = share(rows, (r) => r.sex === 'Nam') / share(rows, (r) => r.sex === 'Nữ');
    expect(ratio).toBeGreaterThan(0.93);
    expect(ratio).toBeLessThan(1.05);
    const young = rows.filter((r) => age(r) < 10);
    expect(share(young, (r) => r.sex === 'Nam')).toBeGreaterThan(0.5);
  });

  it('draws surnames by their published shares, with a long tail of other real surnames', () => {
    const surname = (r: Dc01Row) => r.full_name.split(' ')[0]!;
    expect(share(rows, (r) => surname(r) === 'Nguyễn')).toBeGreaterThan(0.27);
    expect(share(rows, (r) => surname(r) === 'Nguyễn')).toBeLessThan(0.42);
    expect(share(rows, (r) => surname(r) === 'Trần')).toBeGreaterThan(share(rows, (r) => surname(r) === 'Lý'));
    expect(new Set(rows.map(surname)).size).toBeGreaterThan(60);
  });

  it('uses Văn/Thị middle names far more often for older people', () => {
    const generic = (r: Dc01Row) => /^\S+ (Văn|Thị) /.test(r.full_name);
    const old = rows.filter((r) => age(r) >= 60);
    const young = rows.filter((r) => age(r) < 15);
    expect(share(old, generic)).toBeGreaterThan(0.6);
    expect(share(young, generic)).toBeLessThan(0.25);
  });

  it('fills contact details for some adults only, in Vietnamese mobile format', () => {
    const phones = rows.filter((r) => r.phone !== '');
    expect(phones.every((r) => /^0[3789]\d{8}$/.test(r.phone) && age(r) >= 18)).toBe(true);
    expect(phones.length / rows.length).toBeGreaterThan(0.25);
    expect(
      rows.filter((r) => r.email !== '').every((r) => /^[a-z0-9.]+@[a-z.]+$/.test(r.email) && r.phone !== ''),
    ).toBe(true);
  });
});

describe('generated population by province', () => {
  const kinh = (rows: Dc01Row[]) => share(rows, (r) => r.ethnicity === '01');
  const tuyenQuang = originals({ people: 5_000, seed: 2, province: '08' });
  const hcmc = originals({ people: 5_000, seed: 2, province: '79' });

  it('keeps every household in the chosen province', () => {
    expect(hcmc.every((r) => r.household_code.startsWith('H79'))).toBe(true);
  });

  it('makes Kinh a minority in the northern mountains and a large majority in Hồ Chí Minh City', () => {
    expect(kinh(tuyenQuang)).toBeLessThan(0.5);
    expect(kinh(hcmc)).toBeGreaterThan(0.9);
    for (const group of ['02', '08', '09'])
      expect(share(tuyenQuang, (r) => r.ethnicity === group)).toBeGreaterThan(0.05);
    expect(share(hcmc, (r) => r.ethnicity === '04')).toBeGreaterThan(0.01);
  });

  it('places Khơ-me in the Mekong, Catholics in Ninh Bình, Hòa Hảo in An Giang, Cao Đài in Tây Ninh', () => {
    expect(share(originals({ people: 4_000, seed: 2, province: '92' }), (r) => r.ethnicity === '05')).toBeGreaterThan(
      0.06,
    );
    const catholic = (p: string) =>
      share(originals({ people: 4_000, seed: 2, province: p }), (r) => r.religion === '02');
    expect(catholic('37')).toBeGreaterThan(2 * catholic('01'));
    expect(share(originals({ people: 4_000, seed: 2, province: '91' }), (r) => r.religion === '03')).toBeGreaterThan(
      0.1,
    );
    expect(share(originals({ people: 4_000, seed: 2, province: '80' }), (r) => r.religion === '05')).toBeGreaterThan(
      0.07,
    );
    expect(share(hcmc, (r) => r.religion === '00')).toBeGreaterThan(0.6);
  });
});
