// Household structure of the original ballots: one head each, head and family links that resolve inside the
// household, parents at least 12 years older than their children (except injected parent.age errors),
// children carrying their father's surname, spouses married to each other.
import { describe, expect, it } from 'vitest';
import type { Dc01Row } from '../../src/domain/dc01.ts';
import { generate, pinYear } from './helpers.ts';

describe('generated households', () => {
  const { rows, truth, stats } = generate({ people: 20_000, seed: 11, duplicates: 0.05, errors: 0.05 });
  const households = new Map<string, { row: Dc01Row; rule: string }[]>();
  rows.forEach((r, i) => {
    if (truth[i]!.role !== 'original') return;
    const list = households.get(r.household_code) ?? [];
    list.push({ row: r, rule: truth[i]!.rule });
    households.set(r.household_code, list);
  });

  it('gives every household exactly one head, whose name and PIN every member carries', () => {
    expect(households.size).toBe(stats.households);
    const bad: string[] = [];
    for (const [code, members] of households) {
      const heads = members.filter((m) => m.row.relation_to_head === 'head');
      if (heads.length !== 1) bad.push(`${code}: ${heads.length} heads`);
      const head = heads[0]!.row;
      for (const m of members) {
        if (m.rule !== '' || heads[0]!.rule !== '') continue;
        if (m.row.head_name !== head.full_name || m.row.head_pin !== head.pin) bad.push(`${m.row.ballot_id} head link`);
      }
      if (!/^H\d{2}\d{8}$/.test(code)) bad.push(`${code}: code format`);
    }
    expect(bad).toEqual([]);
  });

  it('has a realistic size: 3.5 persons on average, from 1 to 10', () => {
    const mean = stats.persons / stats.households;
    expect(mean).toBeGreaterThan(3.2);
    expect(mean).toBeLessThan(3.8);
    const sizes = [...households.values()].map((m) => m.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.filter((s) => s === 1).length / sizes.length).toBeGreaterThan(0.07);
  });

  it('links parents and spouses to members of the same household, parents ≥ 12 years older', () => {
    const bad: string[] = [];
    let parentLinks = 0;
    for (const members of households.values()) {
      const byPin = new Map(members.map((m) => [m.row.pin, m]));
      // A ballot whose own PIN was made wrong on purpose cannot be found by the PIN its relatives carry.
      const pinBroken = members.some((m) => m.rule.startsWith('pin.'));
      for (const { row, rule } of members) {
        let closest = Number.POSITIVE_INFINITY;
        for (const [pinKey, nameKey] of [
          ['father_pin', 'father_name'],
          ['mother_pin', 'mother_name'],
        ] as const) {
          if (row[pinKey] === '') continue;
          parentLinks++;
          const parent = byPin.get(row[pinKey]);
          if (!parent && !pinBroken) bad.push(`${row.ballot_id}: ${pinKey} not in household`);
          else if (parent && parent.rule === '' && row[nameKey] !== parent.row.full_name)
            bad.push(`${row.ballot_id}: ${nameKey}`);
          const gap = Number(row.date_of_birth.slice(0, 4)) - pinYear(row[pinKey]);
          if (rule === '' && gap < 12) bad.push(`${row.ballot_id}: parent only ${gap} years older`);
          closest = Math.min(closest, gap);
        }
        if (rule === 'parent.age' && closest >= 12) bad.push(`${row.ballot_id}: parent.age error but gap ${closest}`);
        if (row.spouse_pin !== '') {
          const spouse = byPin.get(row.spouse_pin);
          if (!pinBroken && (!spouse || spouse.row.spouse_pin !== row.pin))
            bad.push(`${row.ballot_id}: spouse not mutual`);
          if (row.marital_status !== 'married') bad.push(`${row.ballot_id}: spouse but ${row.marital_status}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(parentLinks).toBeGreaterThan(8000);
  });

  it('gives children their father’s surname, and relation codes that fit the family', () => {
    const bad: string[] = [];
    for (const members of households.values()) {
      const byPin = new Map(members.filter((m) => m.rule === '').map((m) => [m.row.pin, m.row]));
      for (const { row, rule } of members) {
        if (rule !== '' || row.father_pin === '') continue;
        const father = byPin.get(row.father_pin);
        if (
          father &&
          father.full_name.split(' ')[0] !== row.full_name.split(' ')[0] &&
          !father.full_name.startsWith('Rơ') &&
          !father.full_name.startsWith('Rah')
        ) {
          bad.push(`${row.full_name} / father ${father.full_name}`);
        }
        if (father?.relation_to_head === 'head' && row.relation_to_head !== 'child')
          bad.push(`${row.ballot_id}: head's child is ${row.relation_to_head}`);
      }
    }
    expect(bad).toEqual([]);
    const relations = new Set(rows.map((r) => r.relation_to_head));
    for (const r of ['head', 'spouse', 'child', 'parent', 'grandchild', 'child_in_law']) expect(relations).toContain(r);
  });

  it('marks minors single and fills residence dates between birth and the collection date', () => {
    const bad: string[] = [];
    rows.forEach((r, i) => {
      if (truth[i]!.rule !== '' || truth[i]!.role !== 'original') return;
      const age = 2026 - Number(r.date_of_birth.slice(0, 4));
      if (age < 16 && r.marital_status !== 'single') bad.push(`${r.ballot_id} minor ${r.marital_status}`);
      if (r.permanent_since < r.date_of_birth || r.permanent_since > r.collected_on)
        bad.push(`${r.ballot_id} since ${r.permanent_since}`);
      if (r.collected_on > '2026-05-01') bad.push(`${r.ballot_id} collected ${r.collected_on}`);
    });
    expect(bad).toEqual([]);
  });
});
