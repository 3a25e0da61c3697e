// Who a household's members are by descent and origin: ethnicity, religion, surname, hometown, and where each
// birth was registered (which fixes the PIN's first three digits). Children follow their father (surname,
// ethnicity, hometown by custom), otherwise their mother; spouses usually share ethnicity and religion.
//
// Birth registration: people born before 1 July 2025 were registered in a pre-2025 province; the ballot holds
// a CURRENT commune code with a predecessor commune in that province, so the PIN's PPP always succeeds to the
// province of birth_registration_place. Those born later were registered under the current province codes.

import type { Rng } from '../../lib/random.ts';
import { ethnicityTable, religionTable } from './ethnicity-model.ts';
import type { PlannedMember } from './households.ts';
import { ETHNIC_SURNAME_SHARE, ETHNIC_SURNAMES, kinhSurnames, zipf } from './names-model.ts';
import { migrantShare } from './population-model.ts';
import type { ReferenceData } from './reference-data.ts';
import type { Weighted } from './sampling.ts';

export interface HouseholdFrame {
  province: string;
  commune: string;
  /** Day the household moved to this address, or -1 when the head has lived there since birth. */
  movedIn: number;
  headMigrant: boolean;
}

export interface Identity {
  ethnicity: string[];
  religion: string[];
  surname: string[];
  hometown: string[];
  /** Current commune code where the birth was registered, its current province, and the PIN's PPP. */
  regWard: string[];
  regProvince: string[];
  ppp: string[];
}

export class IdentityResolver {
  private readonly kinh = new Map<string, Weighted<string>>();
  private readonly ethnic = new Map<string, Weighted<string>>();

  constructor(
    private readonly ref: ReferenceData,
    private readonly rng: Rng,
    /** First day of the post-merger registrations (2025-07-01). */
    private readonly cutoff: number,
  ) {}

  surnameFor(ethnicity: string, province: string): string {
    const own = ETHNIC_SURNAMES[ethnicity];
    if (own && this.rng.chance(ETHNIC_SURNAME_SHARE)) {
      let t = this.ethnic.get(ethnicity);
      if (!t) {
        t = zipf(own);
        this.ethnic.set(ethnicity, t);
      }
      return t.pick(this.rng);
    }
    let t = this.kinh.get(province);
    if (!t) {
      t = kinhSurnames(this.ref.topSurnames, province);
      this.kinh.set(province, t);
    }
    return t.pick(this.rng);
  }

  private randomWard(province: string): string {
    return this.rng.pick(this.ref.provinces.get(province)!.wards);
  }

  /** Pre-2025 province of each member's birth registration (for those born before the cutoff). */
  private origins(h: HouseholdFrame, m: readonly PlannedMember[]): readonly string[] {
    const prov = this.ref.provinces.get(h.province)!;
    const localChoices = this.ref.wardOldProvinces.get(h.commune) ?? prov.oldProvinces;
    const local = this.rng.pick(localChoices);
    const share = migrantShare(h.province);
    const head = h.headMigrant ? this.elsewhere() : local;
    const out = this.origin;
    out[0] = head;
    for (let i = 1; i < m.length; i++) {
      const p = m[i]!;
      switch (p.rel) {
        case 'spouse':
          out[i] = h.headMigrant
            ? this.rng.chance(0.5)
              ? head
              : this.elsewhere()
            : this.rng.chance(share)
              ? this.elsewhere()
              : local;
          break;
        case 'parent':
          out[i] = h.headMigrant && !this.rng.chance(0.8) ? this.elsewhere() : head;
          break;
        case 'sibling':
          out[i] = head;
          break;
        case 'child_in_law':
          out[i] = this.rng.chance(share) ? this.elsewhere() : local;
          break;
        default:
          // Children born before the family moved here were registered where it lived before.
          out[i] = h.headMigrant && h.movedIn >= 0 && p.dob < h.movedIn ? head : local;
      }
    }
    return out;
  }

  private readonly origin: string[] = [];

  private elsewhere(): string {
    return this.ref.oldProvinceWeights.pick(this.rng);
  }

  // Scratch arrays reused for every household (at most a dozen members): this runs a million times.
  private readonly id: Identity = {
    ethnicity: [],
    religion: [],
    surname: [],
    hometown: [],
    regWard: [],
    regProvince: [],
    ppp: [],
  };
  private readonly state = new Uint8Array(64);
  private m: readonly PlannedMember[] = [];
  private province = '';
  private grandfather = -1;

  /** The identity of each member; the arrays are reused by the next call, so read them before calling again. */
  resolve(h: HouseholdFrame, m: readonly PlannedMember[]): Identity {
    const n = m.length;
    const id = this.id;
    const origin = this.origins(h, m);
    const localOlds = this.ref.wardOldProvinces.get(h.commune);
    for (let i = 0; i < n; i++) {
      const o = origin[i]!;
      if (m[i]!.dob >= this.cutoff) {
        const cur = o === origin[0] && h.headMigrant && m[i]!.dob < h.movedIn ? this.ref.successor.get(o)! : h.province;
        id.regProvince[i] = cur;
        id.regWard[i] = cur === h.province && this.rng.chance(0.85) ? h.commune : this.randomWard(cur);
        id.ppp[i] = `0${cur}`;
      } else {
        const home = localOlds?.includes(o) && this.rng.chance(0.7);
        const ward = home ? h.commune : this.rng.pick(this.ref.birthRegistrationWards.get(o)!);
        id.regWard[i] = ward;
        id.regProvince[i] = this.ref.wardProvince.get(ward)!;
        id.ppp[i] = `0${o}`;
      }
    }
    this.m = m;
    this.province = h.province;
    this.state.fill(0, 0, n);
    // Grandchildren raised by grandparents take the grandfather's line when he is the head or the head's spouse.
    const head = m[0]!;
    this.grandfather = !head.female ? 0 : head.spouse >= 0 && !m[head.spouse]!.female ? head.spouse : -1;
    for (let i = 0; i < n; i++) this.visit(i);
    return id;
  }

  /** Resolves member i after the members it descends from (links always point to other members, never back). */
  private visit(i: number): void {
    if (this.state[i] !== 0) return;
    this.state[i] = 1;
    const { m, id, rng } = this;
    const p = m[i]!;
    const parent = p.father >= 0 ? p.father : p.mother >= 0 ? p.mother : p.siblingOf;
    const viaGrandfather = parent < 0 && p.rel === 'grandchild' && this.grandfather >= 0 && rng.chance(0.75);
    const from = parent >= 0 ? parent : viaGrandfather ? this.grandfather : -1;
    if (from >= 0) this.visit(from);
    const spouseDone = p.spouse >= 0 && this.state[p.spouse] === 2;
    if (from >= 0) id.ethnicity[i] = id.ethnicity[from]!;
    else if (spouseDone && rng.chance(0.92)) id.ethnicity[i] = id.ethnicity[p.spouse]!;
    else id.ethnicity[i] = ethnicityTable(this.province).pick(rng);
    const eth = id.ethnicity[i]!;
    if (from >= 0 && rng.chance(0.95)) id.religion[i] = id.religion[from]!;
    else if (spouseDone && rng.chance(0.85)) id.religion[i] = id.religion[p.spouse]!;
    else id.religion[i] = religionTable(this.province, eth).pick(rng);
    // Surname and hometown come from the father's line; a mother alone does not pass hers on.
    const line = p.father >= 0 ? p.father : p.siblingOf >= 0 ? p.siblingOf : viaGrandfather ? this.grandfather : -1;
    if (line >= 0) this.visit(line);
    id.surname[i] = line >= 0 ? id.surname[line]! : this.surnameFor(eth, this.province);
    if (line >= 0) id.hometown[i] = id.hometown[line]!;
    else if (rng.chance(0.6)) id.hometown[i] = id.regWard[i]!;
    else id.hometown[i] = this.randomWard(id.regProvince[i]!);
    this.state[i] = 2;
  }
}
