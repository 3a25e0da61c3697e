// The ballot rules by principle, one by one: the row-local rules of DC01 and DC02 (validateBallot) and the rules
// that need the registry or earlier ballots (crossCheck over a batch, here through the single-ballot path of the
// service, which looks them up the same way as an import batch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { composePin } from '../../src/domain/pin.ts';
import { RULES } from '../../src/modules/campaign/campaign.rules.ts';
import { validateBallot } from '../../src/modules/campaign/intake/campaign.validation.ts';
import type { ReferenceCatalog } from '../../src/modules/reference/catalog.ts';
import type { BirthRegistrationBody } from '../../src/modules/registry/registry.schemas.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { BA_DINH, dc01, HCM, HCM_COMMUNE, HN } from './helpers/review-fixture.ts';

const ctx = cliContext();
const TODAY = '2026-06-01';

type Row = Record<string, string>;

describe(`ballot validation on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let catalog: ReferenceCatalog;
  const check = (values: Row, jurisdiction: string | null = null, form: 'DC01' | 'DC02' = 'DC01') =>
    validateBallot(form, values, { catalog, today: TODAY, jurisdiction });
  const rules = (values: Row, jurisdiction: string | null = null) =>
    check(values, jurisdiction).issues.map((i) => `${i.field} ${i.rule}`);
  const valid = (over: Row = {}): Row => dc01(BA_DINH, HN, over) as Row;
  const submit = (values: Row, form: 'DC01' | 'DC02' = 'DC01') =>
    f.services.campaignImport.submitBallot(ctx, 'DA896', form, values);
  const submitError = async (values: Row, form: 'DC01' | 'DC02' = 'DC01') => {
    try {
      await submit(values, form);
    } catch (err) {
      return (err as { details: { violations: { field: string; rule: string }[] } }).details.violations.map(
        (v) => `${v.field} ${v.rule}`,
      );
    }
    throw new Error('expected the ballot to be refused');
  };

  const register = (body: Record<string, unknown>) =>
    f.services.registry.registerBirth(ctx, body as unknown as BirthRegistrationBody);

  beforeAll(async () => {
    f = await createRegistryFixture({}, TODAY);
    catalog = await f.services.reference.catalog();
  });
  afterAll(() => f.destroy());

  it('gives every rule a principle, a severity that follows it, and messages in both languages', () => {
    for (const [code, r] of Object.entries(RULES)) {
      expect(['correct', 'complete', 'clean', 'alive'], code).toContain(r.principle);
      expect(r.severity, code).toBe(r.principle === 'correct' || r.principle === 'complete' ? 'error' : 'warning');
      expect(r.vi.length, code).toBeGreaterThan(10);
      expect(r.en.length, code).toBeGreaterThan(10);
    }
  });

  it('documents every rule in docs/errors.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    for (const code of Object.keys(RULES)) expect(doc, code).toContain(`\`${code}\``);
  });

  it('accepts a valid DC01 ballot without any issue', () => {
    expect(rules(valid())).toEqual([]);
  });

  describe('correct', () => {
    it('checks the PIN against birth date, sex and birth-registration province', () => {
      const v = valid();
      expect(rules({ ...v, pin: v.pin!.slice(0, 11) })).toEqual(['pin pin.format']);
      const flipSex = `${v.pin!.slice(0, 3)}${Number(v.pin![3]) ^ 1}${v.pin!.slice(4)}`;
      expect(rules({ ...v, pin: flipSex })).toEqual(['pin pin.century_sex']);
      const year = Number(v.pin!.slice(4, 6));
      const otherYear = `${v.pin!.slice(0, 4)}${String((year + 3) % 100).padStart(2, '0')}${v.pin!.slice(6)}`;
      expect(rules({ ...v, pin: otherYear })).toContain('pin pin.year');
      // Registered in Hà Nội but the PIN says Hồ Chí Minh City (079).
      expect(rules({ ...v, pin: `079${v.pin!.slice(3)}` })).toEqual(['pin pin.province']);
    });

    it('refuses malformed and future dates, unknown units and codes, values outside their lists', () => {
      expect(rules(valid({ date_of_birth: '1990-02-30' }))).toContain('date_of_birth date.format');
      expect(rules(valid({ permanent_since: '31/02/2001' }))).toEqual(['permanent_since date.format']);
      expect(rules(valid({ collected_on: '2026-06-02' }))).toEqual(['collected_on date.future']);
      expect(rules(valid({ permanent_since: '2027-01-01' }))).toEqual(['permanent_since date.future']);
      expect(rules(valid({ hometown: '99999' }))).toEqual(['hometown unit.unknown']);
      expect(rules(valid({ ethnicity: '77' }))).toEqual(['ethnicity code.unknown']);
      expect(rules(valid({ religion: '88' }))).toEqual(['religion code.unknown']);
      expect(rules(valid({ nationality: 'XX' }))).toEqual(['nationality code.unknown']);
      expect(rules(valid({ sex: 'X' }))).toEqual(['sex enum']);
      expect(rules(valid({ marital_status: 'engaged' }))).toEqual(['marital_status enum']);
      expect(rules(valid({ phone: '12345' }))).toEqual(['phone format']);
      expect(rules(valid({ full_name: 'Nguyễn V4n An' }))).toEqual(['full_name name.format']);
      expect(rules(valid({ head_pin: '12' }))).toEqual(['head_pin pin.format']);
    });

    it('checks a unit code on the date the address refers to', () => {
      // A commune code of before the 2025 reform, written for a date after it ceased to exist.
      const old = catalog.unitsOn('2025-06-30', { level: 'commune' }).find((u) => u.validTo === '2025-07-01')!;
      expect(old).toBeDefined();
      expect(rules(valid({ permanent_unit: old.code, unit_ref_date: '2026-01-01' }))).toEqual([
        'permanent_unit unit.not_valid_on_date',
      ]);
      // The same code with the date it was valid on is fine (as long as the PIN province still agrees).
      const sameProvince = catalog
        .unitsOn('2025-06-30', { level: 'commune' })
        .find((u) => u.validTo === '2025-07-01' && catalog.currentProvinceOf(u.code, '2025-06-30') === HN)!;
      expect(
        rules(
          valid({ permanent_unit: sameProvince.code, current_unit: sameProvince.code, unit_ref_date: '2025-06-01' }),
        ),
      ).toEqual(rules(valid({ unit_ref_date: '2025-06-01' })));
    });

    it('judges marriage and the old ID number by age', () => {
      expect(
        rules(
          valid({
            date_of_birth: '2010-03-01',
            pin: composePin('001', 2010, 'M', 7),
            sex: 'Nam',
            marital_status: 'married',
            spouse_name: 'Lê Thị B',
          }),
        ),
      ).toContain('marital_status marriage.age');
      const child = valid({
        date_of_birth: '2018-03-01',
        pin: composePin('001', 2018, 'F', 8),
        sex: 'Nữ',
        relation_to_head: 'child',
        father_name: 'Nguyễn Văn Bố',
      });
      expect(rules(child)).toEqual([]);
      expect(rules({ ...child, old_id_number: '012345678' })).toEqual(['old_id_number old_id.under_14']);
    });

    it('refuses a ballot outside the importer’s jurisdiction', () => {
      expect(rules(valid(), BA_DINH)).toEqual([]);
      expect(rules(valid(), HN)).toEqual([]);
      expect(rules(valid(), HCM)).toEqual(['permanent_unit unit.out_of_jurisdiction']);
      expect(rules(valid(), HCM_COMMUNE)).toEqual(['permanent_unit unit.out_of_jurisdiction']);
      const r = check(valid(), HN);
      expect(r.facts.unitCode).toBe(BA_DINH);
      expect(r.facts.provinceCode).toBe(HN);
    });
  });

  describe('complete', () => {
    it('requires the identity columns of the form, reported once as missing', () => {
      for (const k of ['full_name', 'date_of_birth', 'sex', 'birth_registration_place', 'hometown', 'ethnicity'])
        expect(rules(valid({ [k]: '' })), k).toEqual([`${k} required`]);
      expect(rules(valid({ permanent_unit: '', current_unit: '' }))).toEqual(['permanent_unit required']);
    });

    it('requires a parent (or the household head) for a child under 14, and the spouse of a married person', () => {
      const child = valid({
        date_of_birth: '2018-03-01',
        pin: composePin('001', 2018, 'F', 9),
        sex: 'Nữ',
        relation_to_head: 'head',
      });
      expect(rules(child)).toEqual(['father_name required.by_age']);
      expect(rules({ ...child, relation_to_head: 'grandchild', head_name: 'Phùng Thị An' })).toEqual([]);
      expect(rules({ ...child, head_pin: composePin('001', 1950, 'F', 11) })).toEqual([]);
      expect(rules({ ...child, mother_pin: composePin('001', 1990, 'F', 10) })).toEqual([]);
      expect(rules(valid({ marital_status: 'married' }))).toEqual(['spouse_name required.by_marital_status']);
      expect(rules(valid({ marital_status: 'married', spouse_name: 'Lê Văn Chồng' }))).toEqual([]);
    });
  });

  describe('clean and alive, against the registry and earlier ballots', () => {
    it('flags a PIN already in the registry and links the ballot to the person', async () => {
      const p = await register(birthBody(BA_DINH, { fullName: 'Trần Văn Đã Có', dateOfBirth: '2001-04-05' }));
      const values = valid({
        full_name: 'Trần Văn Đã Có',
        date_of_birth: '2001-04-05',
        sex: 'Nam',
        pin: p.pin,
      });
      const { ballot, created } = await submit(values);
      expect(created).toBe(true);
      expect(ballot.issues.map((i) => i.rule)).toEqual(['clean.pin_in_registry']);
      expect(ballot.issues[0]!.severity).toBe('warning');
      expect(ballot.personId).not.toBeNull();
      expect(ballot.warningCount).toBe(1);
      expect(ballot.status).toBe('collected');
    });

    it('flags the same name, birth date and parents in the registry, and a person recorded dead or missing', async () => {
      const father = { name: 'Lý Văn Cha' };
      const mother = { name: 'Đào Thị Mẹ' };
      const p = await register(
        birthBody(BA_DINH, { fullName: 'Lý Văn Con', dateOfBirth: '2003-07-08', father, mother }),
      );
      await f.services.registry.recordEvent(ctx, p.pin, { type: 'death', date: '2025-01-02' }, undefined);
      const noPin = valid({
        full_name: 'Lý Văn Con',
        date_of_birth: '2003-07-08',
        sex: 'Nam',
        pin: '',
        father_name: 'Lý Văn Cha',
        mother_name: 'Đào Thị Mẹ',
      });
      const { ballot } = await submit(noPin);
      expect(ballot.issues.map((i) => i.rule).sort()).toEqual(['alive.person_dead', 'clean.same_person_in_registry']);
      // Other parents: a different person.
      const other = await submit({ ...noPin, ballot_id: 'T-OTHER-1', mother_name: 'Đào Thị Khác' });
      expect(other.ballot.issues).toEqual([]);
      // By PIN: dead.
      const byPin = await submit(
        valid({ full_name: 'Lý Văn Con', date_of_birth: '2003-07-08', sex: 'Nam', pin: p.pin }),
      );
      expect(byPin.ballot.issues.map((i) => i.rule).sort()).toEqual(['alive.person_dead', 'clean.pin_in_registry']);
      const q = await register(birthBody(BA_DINH, { fullName: 'Mai Văn Vắng', dateOfBirth: '1999-01-01' }));
      await f.services.registry.recordEvent(ctx, q.pin, { type: 'missing', date: '2024-03-01' }, undefined);
      const missing = await submit(
        valid({ full_name: 'Mai Văn Vắng', date_of_birth: '1999-01-01', sex: 'Nam', pin: q.pin }),
      );
      expect(missing.ballot.issues.map((i) => i.rule)).toContain('alive.person_missing');
    });

    it('flags a second ballot of the same person in the campaign and points it at the first', async () => {
      const first = await submit(valid());
      const again = await submit({ ...first.ballot.values, ballot_id: 'T-AGAIN-1' });
      expect(again.ballot.issues.map((i) => i.rule)).toEqual(['clean.duplicate_in_campaign']);
      expect(again.ballot.duplicateOf).toBe(first.ballot.id);
      // The same ballot sent twice is stored once.
      const repeat = await submit(first.ballot.values);
      expect(repeat.created).toBe(false);
      expect(repeat.ballot.id).toBe(first.ballot.id);
      // The same ballot id with other content is refused.
      expect(await submitError({ ...first.ballot.values, phone: '0912345678' })).toEqual(['ballot_id ballot.id_taken']);
    });

    it('checks a parent’s age against the parent found by PIN (registry), else by the year the PIN encodes', async () => {
      const mum = await register(
        birthBody(BA_DINH, { fullName: 'Hồ Thị Mẹ Trẻ', dateOfBirth: '2000-12-20', sex: 'F' }),
      );
      const child = (dob: string, motherPin: string, id: string) =>
        valid({
          ballot_id: id,
          full_name: 'Hồ Văn Con',
          date_of_birth: dob,
          sex: 'Nam',
          pin: composePin('001', Number(dob.slice(0, 4)), 'M', 4242),
          relation_to_head: 'child',
          mother_pin: motherPin,
          mother_name: 'Hồ Thị Mẹ Trẻ',
        });
      // 11 years and 11 months after the mother's birth: too close by the full dates (the years differ by 12).
      expect(await submitError(child('2012-11-20', mum.pin, 'T-PA-1'))).toEqual(['mother_pin parent.age']);
      // Twelve years and more: fine.
      expect((await submit(child('2012-12-21', mum.pin, 'T-PA-2'))).ballot.issues).toEqual([]);
      // A parent PIN nobody holds: its encoded year (1995) is all there is.
      const unknownMum = composePin('001', 1995, 'F', 999_001);
      expect(await submitError(child('2006-05-05', unknownMum, 'T-PA-3'))).toEqual(['mother_pin parent.age']);
      expect((await submit(child('2007-05-05', unknownMum, 'T-PA-4'))).ballot.issues).toEqual([]);
    });
  });

  describe('DC02', () => {
    let pin: string;
    const dc02 = (over: Row = {}): Row => ({
      ballot_id: 'U0001',
      pin,
      full_name: 'Phan Văn Sửa',
      field: 'phone',
      old_value: '',
      new_value: '0987654321',
      change_kind: 'update',
      unit_code: BA_DINH,
      collected_on: '2026-05-01',
      ...over,
    });
    beforeAll(async () => {
      pin = (await register(birthBody(BA_DINH, { fullName: 'Phan Văn Sửa', dateOfBirth: '1980-02-02' }))).pin;
    });

    it('judges the requested value by the rule of the DC01 field it replaces', () => {
      const dc = (over: Row) => check(dc02(over), null, 'DC02').issues.map((i) => `${i.field} ${i.rule}`);
      expect(dc({})).toEqual([]);
      expect(dc({ new_value: '12' })).toEqual(['new_value format']);
      expect(dc({ field: 'date_of_birth', new_value: '1980-13-01' })).toEqual(['new_value date.format']);
      expect(dc({ field: 'ethnicity', new_value: '77' })).toEqual(['new_value code.unknown']);
      expect(dc({ field: 'full_name', new_value: '' })).toEqual(['new_value required']);
      expect(dc({ field: 'Dân tộc', new_value: '01' })).toEqual([]);
      expect(dc({ field: 'pin', new_value: '001080000001' })).toEqual(['field dc02.field_not_changeable']);
      expect(dc({ field: 'favourite_colour' })).toEqual(['field dc02.field_not_changeable']);
      expect(dc({ change_kind: 'maybe' })).toEqual(['change_kind enum']);
      expect(dc({ pin: '12' })).toEqual(['pin pin.format']);
      expect(dc({ unit_code: '01' })).toEqual(['unit_code unit.level']);
      expect(dc({ effective_date: '2027-01-01' })).toEqual(['effective_date date.future']);
      expect(check(dc02(), HCM, 'DC02').issues.map((i) => i.rule)).toEqual(['unit.out_of_jurisdiction']);
      expect(check(dc02({ field: 'Dân tộc' }), null, 'DC02').facts.ref).toBe('U0001:ethnicity');
    });

    it('needs the PIN in the registry, warns when the current value differs from the registry’s, flags repeats', async () => {
      expect(
        await submitError(dc02({ ballot_id: 'U-NOPIN', pin: composePin('001', 1980, 'M', 123_456) }), 'DC02'),
      ).toEqual(['pin pin.not_in_registry']);
      const ok = await submit(dc02({ ballot_id: 'U-1', field: 'ethnicity', old_value: '01', new_value: '02' }), 'DC02');
      expect(ok.ballot.issues).toEqual([]);
      expect(ok.ballot.personId).not.toBeNull();
      expect(ok.ballot.ballotRef).toBe('U-1:ethnicity');
      const mismatch = await submit(
        dc02({ ballot_id: 'U-2', field: 'full_name', old_value: 'Phan Văn Khác', new_value: 'Phan Văn Mới' }),
        'DC02',
      );
      expect(mismatch.ballot.issues.map((i) => `${i.field} ${i.rule}`)).toEqual(['old_value dc02.old_value_mismatch']);
      const sameDate = await submit(
        dc02({ ballot_id: 'U-3', field: 'date_of_birth', old_value: '02/02/1980', new_value: '1980-02-03' }),
        'DC02',
      );
      expect(sameDate.ballot.issues).toEqual([]);
      const repeat = await submit(
        dc02({ ballot_id: 'U-4', field: 'ethnicity', old_value: '01', new_value: '03' }),
        'DC02',
      );
      expect(repeat.ballot.issues.map((i) => i.rule)).toEqual(['clean.duplicate_in_campaign']);
      expect(repeat.ballot.duplicateOf).toBe(ok.ballot.id);
    });
  });
});
