// Turns a planned household into DC01 ballots: names, PINs, places, residence and contact details, plus the
// facts the duplicate and error injectors need (who is referenced by whom, parents' birth dates).
import type { Dc01Row } from '../../domain/dc01.ts';
import type { Rng } from '../../lib/random.ts';
import { addressText } from './addresses.ts';
import * as C from './contact-model.ts';
import { addYearsToDay, isoOfDay, parseIsoDay, yearOfDay } from './gen-dates.ts';
import { HouseholdPlanner, type PlannedMember } from './households.ts';
import { IdentityResolver } from './identity.ts';
import { GivenNames } from './names-model.ts';
import { personId } from './numbering.ts';
import type { OldIdAllocator, PinAllocator } from './pins.ts';
import * as M from './population-model.ts';
import type { ReferenceData } from './reference-data.ts';
import { asciiWord, flatJoin } from './vn-text.ts';

export interface PersonRecord {
  personId: string;
  /** The household: its province and its number among the block's households of that province (1-based). */
  province: string;
  household: number;
  /** The ballot as declared; ballot_id and household_code are set when numbered. Shared: copy to change it. */
  row: Dc01Row;
  /** Someone else's ballot names this person as father, mother, spouse or head (so their PIN must stay). */
  referenced: boolean;
  female: boolean;
  dob: number;
  /** Current province of birth_registration_place. */
  regProvince: string;
  /** Birth days of the father and mother when they live in the household (their PINs are on the ballot), else -1. */
  fatherDob: number;
  motherDob: number;
}

export interface BuilderSettings {
  today: number;
  refDate: string;
  /** 2025-07-01: births from this day on are registered under the 34 current province codes. */
  cutoff: number;
}

const YEAR = 365.2425;

/** Households per province within a block, numbered from 1 (the final codes are assigned in order later). */
export class HouseholdCounter {
  readonly counts = new Map<string, number>();

  next(province: string): number {
    const n = (this.counts.get(province) ?? 0) + 1;
    this.counts.set(province, n);
    return n;
  }
}

export class HouseholdBuilder {
  private readonly planner: HouseholdPlanner;
  private readonly identity: IdentityResolver;
  private readonly given: GivenNames;
  private readonly campaignFrom: number;
  private readonly campaignTo: number;
  // Scratch arrays reused for every household.
  private readonly names: string[] = [];
  private readonly pins: string[] = [];
  private readonly years: number[] = [];
  private readonly fatherNames: string[] = [];
  private readonly motherNames: string[] = [];
  private readonly since: number[] = [];
  private readonly referenced = new Uint8Array(64);

  constructor(
    private readonly ref: ReferenceData,
    private readonly rng: Rng,
    private readonly s: BuilderSettings,
    private readonly allocator: PinAllocator,
    private readonly oldIds: OldIdAllocator,
    private readonly households: HouseholdCounter,
    /** Number of persons generated before this builder's first one (person ids continue from it). */
    private personSeq: number,
  ) {
    this.planner = new HouseholdPlanner(rng, s.today);
    this.given = new GivenNames(ref.names);
    this.identity = new IdentityResolver(ref, rng, s.cutoff);
    this.campaignFrom = parseIsoDay(M.CAMPAIGN_FROM)!;
    this.campaignTo = parseIsoDay(M.CAMPAIGN_TO)!;
  }

  build(province: string, size: number): PersonRecord[] {
    const { rng, s } = this;
    const prov = this.ref.provinces.get(province)!;
    const commune = rng.pick(prov.wards);
    const urban = this.ref.urbanWards.has(commune);
    const address = addressText(rng, province, urban);
    const household = this.households.next(province);
    const m = this.planner.plan(size);
    const head = m[0]!;
    const native = rng.chance(urban ? M.NATIVE_HOUSEHOLD_SHARE_URBAN : M.NATIVE_HOUSEHOLD_SHARE_RURAL);
    const movedIn = native ? -1 : this.moveInDay(head.dob);
    const headMigrant = !native && rng.chance(M.migrantShare(province));
    const id = this.identity.resolve({ province, commune, movedIn, headMigrant }, m);

    const n = m.length;
    const { names, pins, years, fatherNames, motherNames, since, referenced } = this;
    for (let i = 0; i < n; i++) {
      const p = m[i]!;
      const year = yearOfDay(p.dob);
      years[i] = year;
      names[i] = flatJoin(id.surname[i]!, this.given.pick(rng, p.female, year, id.ethnicity[i]!));
      pins[i] = this.allocator.allocate(id.ppp[i]!, year, p.female);
    }
    referenced.fill(0, 0, n);
    referenced[0] = 1;
    for (const p of m) {
      if (p.father >= 0) referenced[p.father] = 1;
      if (p.mother >= 0) referenced[p.mother] = 1;
      if (p.spouse >= 0) referenced[p.spouse] = 1;
    }
    for (let i = 0; i < n; i++) {
      const p = m[i]!;
      const year = years[i]!;
      const fill = s.today - p.dob < 60 * YEAR ? 0.85 : 0.6;
      const eth = id.ethnicity[i]!;
      fatherNames[i] =
        p.father >= 0
          ? names[p.father]!
          : p.siblingOf >= 0
            ? fatherNames[p.siblingOf]!
            : rng.chance(fill)
              ? flatJoin(id.surname[i]!, this.given.pick(rng, false, year - 28, eth))
              : '';
      motherNames[i] =
        p.mother >= 0
          ? names[p.mother]!
          : p.siblingOf >= 0
            ? motherNames[p.siblingOf]!
            : rng.chance(fill)
              ? flatJoin(this.identity.surnameFor(eth, province), this.given.pick(rng, true, year - 25, eth))
              : '';
      since[i] = this.residentSince(p, movedIn);
    }
    // One visit for the household; members born or settled after it were declared lately, on their own.
    const visit = this.collectionDay(0);

    const out: PersonRecord[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const p = m[i]!;
      const age = Math.floor((s.today - p.dob) / YEAR);
      const year = years[i]!;
      const away = rng.chance(M.livesElsewhereShare(age)) && prov.wards.length > 1;
      const currentUnit = away ? this.otherWard(prov.wards, commune) : commune;
      const hasPhone = rng.chance(C.phoneShare(age));
      const row: Dc01Row = {
        ballot_id: '',
        household_code: '',
        relation_to_head: p.rel,
        full_name: names[i]!,
        other_names: rng.chance(C.OTHER_NAMES_SHARE)
          ? this.otherNames(id.surname[i]!, p.female, year, id.ethnicity[i]!)
          : '',
        date_of_birth: isoOfDay(p.dob),
        sex: p.female ? 'Nữ' : 'Nam',
        pin: pins[i]!,
        old_id_number: rng.chance(C.oldIdShare(year)) ? this.oldIds.allocate() : '',
        place_of_birth: rng.chance(0.8) ? id.regWard[i]! : rng.pick(this.ref.provinces.get(id.regProvince[i]!)!.wards),
        birth_registration_place: id.regWard[i]!,
        hometown: id.hometown[i]!,
        ethnicity: id.ethnicity[i]!,
        religion: id.religion[i]!,
        nationality: 'VN',
        blood_group: rng.chance(C.BLOOD_GROUP_DECLARED) ? C.BLOOD_GROUPS.pick(rng) : '',
        marital_status: p.marital,
        permanent_unit: commune,
        permanent_address: address,
        permanent_since: isoOfDay(since[i]!),
        current_unit: currentUnit,
        current_address: away ? addressText(rng, province, this.ref.urbanWards.has(currentUnit)) : address,
        unit_ref_date: s.refDate,
        father_name: fatherNames[i]!,
        father_pin: p.father >= 0 ? pins[p.father]! : '',
        mother_name: motherNames[i]!,
        mother_pin: p.mother >= 0 ? pins[p.mother]! : '',
        spouse_name: p.spouse >= 0 ? names[p.spouse]! : '',
        spouse_pin: p.spouse >= 0 ? pins[p.spouse]! : '',
        head_name: names[0]!,
        head_pin: pins[0]!,
        phone: hasPhone ? this.phone() : '',
        email: hasPhone && rng.chance(C.emailShareOfPhoneUsers(age)) ? this.email(names[i]!, id.surname[i]!, year) : '',
        collected_on: isoOfDay(
          Math.max(since[i]!, p.dob) <= visit ? visit : this.collectionDay(Math.max(since[i]!, p.dob)),
        ),
      };
      this.personSeq++;
      out[i] = {
        personId: personId(this.personSeq),
        province,
        household,
        row,
        referenced: referenced[i] === 1,
        female: p.female,
        dob: p.dob,
        regProvince: id.regProvince[i]!,
        fatherDob: p.father >= 0 ? m[p.father]!.dob : -1,
        motherDob: p.mother >= 0 ? m[p.mother]!.dob : -1,
      };
    }
    return out;
  }

  /** [OWN] When the household settled here: any time in the head's adult life, mostly before the 2020 campaign. */
  private moveInDay(headDob: number): number {
    const { rng } = this;
    const today = this.s.today;
    const adult = Math.min(addYearsToDay(headDob, 18), today);
    const settledBefore = Math.min(this.campaignFrom, today);
    if (adult < settledBefore && rng.chance(M.SETTLED_BEFORE_CAMPAIGN)) return adult + rng.int(settledBefore - adult);
    const from = Math.max(adult, settledBefore);
    return from + rng.int(today - from + 1);
  }

  /** Day the member's permanent residence here began: birth, marriage into the household, or the move. */
  private residentSince(p: PlannedMember, movedIn: number): number {
    const marriedIn = p.rel === 'spouse' || p.rel === 'child_in_law' || (p.rel === 'parent' && p.female);
    let day = movedIn >= 0 ? Math.max(p.dob, movedIn) : p.dob;
    if (marriedIn && p.married > day) day = p.married;
    return Math.min(day, this.s.today);
  }

  /** Most ballots come from the 2020–2021 campaign; households with later births or moves were visited lately. */
  private collectionDay(latest: number): number {
    const { rng } = this;
    const today = this.s.today;
    if (this.campaignTo <= today && latest <= this.campaignTo && rng.chance(M.CAMPAIGN_SHARE)) {
      const from = Math.max(this.campaignFrom, latest);
      return from + rng.int(this.campaignTo - from + 1);
    }
    const from = Math.min(today, Math.max(latest, today - M.RECENT_WINDOW_DAYS));
    return from + rng.int(today - from + 1);
  }

  otherWard(wards: readonly string[], not: string): string {
    let w = this.rng.pick(wards);
    while (w === not) w = this.rng.pick(wards);
    return w;
  }

  private otherNames(surname: string, female: boolean, year: number, eth: string): string {
    const one = flatJoin(surname, this.given.pick(this.rng, female, year, eth));
    if (!this.rng.chance(0.1)) return one;
    return [one, flatJoin(surname, this.given.pick(this.rng, female, year, eth))].join(';');
  }

  private phone(): string {
    return `${C.PHONE_PREFIXES.pick(this.rng)}${String(10_000_000 + this.rng.int(10_000_000)).slice(1)}`;
  }

  private email(fullName: string, surname: string, year: number): string {
    const { rng } = this;
    const given = asciiWord(fullName.slice(fullName.lastIndexOf(' ') + 1));
    const family = asciiWord(surname.split(' ')[0]!);
    const r = rng.float();
    const suffix = r < 0.5 ? String(100 + (year % 100)).slice(1) : r < 0.8 ? String(rng.between(1, 999)) : '';
    return [given, rng.chance(0.5) ? '.' : '', family, suffix, '@', C.EMAIL_DOMAINS.pick(rng)].join('');
  }
}
