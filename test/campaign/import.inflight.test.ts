// The batch in flight (written while the next one is prepared, on PostgreSQL) is added to the next batch's lookups
// as the database would have returned it: by own PIN and by name and birth date (DC01 only), after the stored
// ballots in id order, and never twice when the lookup already saw it committed.
import { describe, expect, it } from 'vitest';
import { inFlightOf, withInFlight } from '../../src/modules/campaign/intake/campaign.import.inflight.ts';
import type { BallotFacts } from '../../src/modules/campaign/intake/campaign.validation.common.ts';
import {
  type BatchLookups,
  type EarlierBallot,
  nameKey,
} from '../../src/modules/campaign/intake/campaign.validation.cross.ts';

function facts(over: Partial<BallotFacts>): BallotFacts {
  return {
    ref: 'B1',
    pin: null,
    fullName: 'Nguyễn Văn An',
    nameFolded: 'nguyen van an',
    dob: '1990-01-02',
    unitCode: '00004',
    provinceCode: '01',
    fatherPin: null,
    motherPin: null,
    fatherName: 'Nguyễn Văn Bình',
    motherName: '',
    ...over,
  };
}

function lookups(): BatchLookups {
  return {
    registryByPin: new Map(),
    registryByNameDob: new Map(),
    ballotsByPin: new Map(),
    ballotsByNameDob: new Map(),
  };
}

const stored = (id: number, pin: string | null): EarlierBallot => ({
  id,
  jobId: 1,
  rowNo: id,
  pin,
  dob: '1990-01-02',
  nameFolded: 'nguyen van an',
  fatherFolded: 'nguyen van binh',
  motherFolded: '',
});

describe('the batch in flight', () => {
  const batch = inFlightOf(
    [
      { rowNo: 12, facts: facts({ ref: 'B12', pin: '001090000001' }) },
      { rowNo: 13, facts: facts({ ref: 'B13', fullName: 'Lê Thị Hoa', nameFolded: 'le thi hoa', fatherName: '' }) },
      {
        rowNo: 14,
        facts: facts({ ref: 'B14', pin: '001090000002', dc02: { field: 'phone', oldValue: '', newValue: '0912' } }),
      },
    ],
    [501, 502, 503],
    7,
  );

  it('is found by its refs, own PINs and (DC01) name and birth date, as a lookup would find it', () => {
    expect([...batch.refs]).toEqual(['B12', 'B13', 'B14']);
    expect(batch.byPin.get('001090000001')).toEqual([
      {
        id: 501,
        jobId: 7,
        rowNo: 12,
        pin: '001090000001',
        dob: '1990-01-02',
        nameFolded: 'nguyen van an',
        fatherFolded: 'nguyen van binh',
        motherFolded: '',
      },
    ]);
    expect(batch.byPin.get('001090000002')?.[0]).toMatchObject({ id: 503, field: 'phone' });
    expect(batch.byNameDob.get(nameKey('nguyen van an', '1990-01-02'))?.map((b) => b.id)).toEqual([501]);
    expect(batch.byNameDob.get(nameKey('le thi hoa', '1990-01-02'))?.map((b) => b.id)).toEqual([502]);
    expect([...batch.byNameDob.values()].flat().some((b) => b.id === 503)).toBe(false);
  });

  it('comes after the stored ballots and is not added twice when already committed', () => {
    const l = lookups();
    l.ballotsByPin.set('001090000001', [stored(40, '001090000001'), stored(501, '001090000001')]);
    withInFlight(l, batch);
    expect(l.ballotsByPin.get('001090000001')?.map((b) => b.id)).toEqual([40, 501]);
    expect(l.ballotsByPin.get('001090000002')?.map((b) => b.id)).toEqual([503]);
    expect(l.ballotsByNameDob.get(nameKey('nguyen van an', '1990-01-02'))?.map((b) => b.id)).toEqual([501]);
  });
});
