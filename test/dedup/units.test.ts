// Rule-heavy pieces on their own: the Wilson interval and bands, the stored model's JSON round trip, the key hash,
// the survivor rule, and the relation changes a merge records.
import { describe, expect, it } from 'vitest';
import { REGISTRY_LINK_CONFIG } from '../../src/modules/dedup/dedup.config.ts';
import { agreementOf } from '../../src/modules/dedup/dedup.evidence.ts';
import { hash53 } from '../../src/modules/dedup/dedup.keys.ts';
import { chooseSurvivor, relinkSpecs } from '../../src/modules/dedup/dedup.merge.ts';
import { parseStoredModel, storedModelJson } from '../../src/modules/dedup/dedup.model.ts';
import { bandLabel, bandRange, precisionByBand, wilson } from '../../src/modules/dedup/dedup.precision.ts';
import type { LinkModel } from '../../src/modules/linkage/engine/model.ts';
import { blankState, type PersonChange } from '../../src/modules/registry/person.model.ts';
import type { PersonRow, PinRow } from '../../src/modules/registry/registry.tx.ts';

describe('precision per band', () => {
  it('gives the Wilson score interval', () => {
    // 8 of 10: the textbook interval is about 0.490–0.943.
    const w = wilson(8, 10)!;
    expect(w.low).toBeCloseTo(0.4902, 3);
    expect(w.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toBeNull();
    const all = wilson(5, 5)!;
    expect(all.high).toBe(1);
    expect(all.low).toBeGreaterThan(0.5);
    expect(wilson(0, 5)!.low).toBe(0);
  });

  it('names bands and reads them back', () => {
    expect([0, 1, 2, 3, 4].map((i) => bandLabel(i))).toEqual(['0.5-0.8', '0.8-0.9', '0.9-0.95', '0.95-0.99', '0.99-1']);
    expect(bandRange('0.9-0.95')).toEqual({ min: 0.9, max: 0.95 });
    expect(bandRange('0.99-1')).toEqual({ min: 0.99 });
    expect(bandRange('0.1-0.2')).toBeUndefined();
  });

  it('counts merged pairs as decided the same person', () => {
    const bands = precisionByBand([
      { band: 4, status: 'same', count: 3 },
      { band: 4, status: 'merged', count: 1 },
      { band: 4, status: 'different', count: 1 },
      { band: 0, status: 'different', count: 2 },
    ]);
    expect(bands[4]).toMatchObject({ decided: 5, same: 4, different: 1, precision: 0.8 });
    expect(bands[0]).toMatchObject({ decided: 2, same: 0, precision: 0 });
    expect(bands[2]).toMatchObject({ decided: 0, precision: null, interval: null });
  });
});

describe('stored model', () => {
  it('round-trips through JSON with its term-frequency tables', () => {
    const model: LinkModel = {
      lambda: 1e-6,
      priorWeight: Math.log2(1e-6 / (1 - 1e-6)),
      comparisons: [
        {
          name: 'name.given',
          levels: ['null', 'exact', 'else'],
          m: [0, 0.9, 0.1],
          u: [0, 0.01, 0.99],
          weights: [0, 6.49, -3.3],
          sessions: 2,
          tf: new Map([
            ['anh', 0.04],
            ['trang', 0.01],
          ]),
          uExact: 0.01,
          exactLevels: [1],
        },
      ],
    };
    const back = parseStoredModel(
      3,
      storedModelJson({ config: REGISTRY_LINK_CONFIG, model, threshold: 0.9, reviewThreshold: 0.5 }),
    );
    expect(back.runId).toBe(3);
    expect(back.model).toEqual(model);
    expect(back.config).toEqual(REGISTRY_LINK_CONFIG);
    expect(() => parseStoredModel(1, '{"format":2}')).toThrow(/not in a known format/);
  });
});

describe('key hash', () => {
  it('is a stable safe integer that tells different keys apart', () => {
    const a = hash53('2\u0001anh\u000119900412');
    expect(a).toBe(hash53('2\u0001anh\u000119900412'));
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(0);
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(hash53(`1\u0001${i}`));
    expect(seen.size).toBe(100_000);
  });
});

describe('merge rules', () => {
  const row = (id: number, pin: string, data: object, created = '2026-01-01T00:00:00.000Z') =>
    ({ id, pin, data: JSON.stringify(data), created_at: created }) as unknown as PersonRow;
  const pin = (p: string, issued: string) => ({ pin: p, issued_at: issued }) as PinRow;

  it('keeps the older PIN, then the fuller record, then the older row', () => {
    const a = { person: row(5, '001', { a: 1 }), pins: [pin('001', '2020-01-01')] };
    const b = { person: row(2, '002', { a: 1, b: 2 }), pins: [pin('002', '2021-01-01')] };
    expect(chooseSurvivor(a, b)).toBe('a');
    expect(chooseSurvivor(b, a)).toBe('b');
    const c = { person: row(9, '003', { a: 1, b: 2 }), pins: [pin('003', '2020-01-01')] };
    expect(chooseSurvivor(a, c)).toBe('b');
    const d = { person: row(1, '004', { a: 1 }), pins: [pin('004', '2020-01-01')] };
    expect(chooseSurvivor(a, d)).toBe('b');
  });

  it('re-points every relation naming the retired PIN, from where each value holds', () => {
    const state = {
      ...blankState(),
      dateOfBirth: '2010-02-03',
      father: { pin: 'R', name: 'Nguyen Van Binh', oldIdNumber: null, nationality: 'VN' },
      mother: { pin: 'M', name: 'Trần Thị Hoa', oldIdNumber: null, nationality: 'VN' },
      children: [
        { pin: 'C1', name: 'A', oldIdNumber: null, nationality: 'VN' },
        { pin: 'R', name: 'B', oldIdNumber: null, nationality: 'VN' },
      ],
    };
    const existing: PersonChange[] = [
      {
        seq: 1,
        validFrom: '2010-02-03',
        recordedAt: 't1',
        recordedBy: 'x',
        event: 'birth',
        reason: null,
        sourceDoc: null,
        changes: { father: state.father },
      },
      {
        seq: 2,
        validFrom: '2015-05-05',
        recordedAt: 't2',
        recordedBy: 'x',
        event: 'update',
        reason: null,
        sourceDoc: null,
        changes: { children: state.children },
      },
    ];
    const survivor = { pin: 'S', name: 'Nguyễn Văn Bình', oldIdNumber: '123456789', nationality: 'VN' };
    const { specs, fields } = relinkSpecs(state, existing, 'R', survivor, '2026-06-01', {
      event: 'merge',
      reason: 'r',
      sourceDoc: null,
    });
    expect(fields.sort()).toEqual(['children', 'father']);
    expect(specs.map((s) => s.validFrom)).toEqual(['2010-02-03', '2015-05-05']);
    expect(specs[0]!.changes.father).toEqual({
      pin: 'S',
      name: 'Nguyễn Văn Bình',
      oldIdNumber: '123456789',
      nationality: 'VN',
    });
    expect(specs[1]!.changes.children!.map((c) => c.pin)).toEqual(['C1', 'S']);
    expect(specs[0]!.changes.mother).toBeUndefined();
  });

  it('reads levels as agreement colours', () => {
    expect(['exact', 'exact_folded', 'one_edit', 'else', 'null'].map(agreementOf)).toEqual([
      'agree',
      'agree',
      'partial',
      'disagree',
      'unknown',
    ]);
  });
});
