// Who a household's members are by descent and origin: ethnicity, religion, surname, hometown, and where each
// birth was registered (which fixes the PIN's first three digits). Children follow their father (surname,
// ethnicity, hometown by custom), otherwise their mother; spouses usually share ethnicity and religion.
//
// Birth registration: people born before 1 July 2025 were registered in a pre-2025 province; the ballot holds
// a CURRENT commune code with a predecessor commune in that province, so the PIN's PPP always succeeds to the
// province of birth_registration_place. Those born later were registered under the current province codes.
import { ethnicityTable, religionTable } from './ethnicity-model.ts';
import type { PlannedMember } from './households.ts';
import { ETHNIC_SURNAMES, ETHNIC_SURNAME_SHARE, kinhSurnames, zipf } from './names-model.ts';
import { migrantShare } from './population-model.ts';
import type { Rng } from './prng.ts';
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
      if (!t) this.ethnic.set(ethnicity, (t = zipf(own)));
      return t.pick(this.rng);
    }
    let t = this.kinh.get(province);
    if (!t) this.kinh.set(province, (t = kinhSurnames(this.ref.topSurnames, province)));
    return t.pick(this.rng);
  }

  private randomWard(province: string): string {
    return this.rng.pick(this.ref.provinces.get(province)!.wards);
  }

  /** Pre-2025 province of each member's birth registration (for those born before the cutoff). */
  private origins(h: HouseholdFrame, m: readonly PlannedMember[]): string[] {
    const prov = this.ref.provinces.get(h.province)!;
    const localChoices = this.ref.wardOldProvinces.get(h.commune) ?? prov.oldProvinces;
    const local = this.rng.pick(localChoices);
    const elsewhere = () => this.ref.oldProvinceWeights.pick(this.rng);
    const share = migrantShare(h.province);
    const head = h.headMigrant ? elsewhere() : local;
    return m.map((p, i) => {
      if (i === 0) return head;
      switch (p.rel) {
        case 'spouse':
          return h.headMigrant ? (this.rng.chance(0.5) ? head : elsewhere()) : this.rng.chance(share) ? elsewhere() : local;
        case 'parent':
          return h.headMigrant && !this.rng.chance(0.8) ? elsewhere() : head;
        case 'sibling':
          return head;
        case 'child_in_law':
          return this.rng.chance(share) ? elsewhere() : local;
        default:
          // Children born before the family moved here were registered where it lived before.
          return h.headMigrant && h.movedIn >= 0 && p.dob < h.movedIn ? head : local;
      }
    });
  }

  resolve(h: HouseholdFrame, m: readonly PlannedMember[]): Identity {
    const n = m.length;
    const origin = this.origins(h, m);
    const regWard: string[] = new Array(n);
    const regProvince: string[] = new Array(n);
    const ppp: string[] = new Array(n);
    const localOlds = this.ref.wardOldProvinces.get(h.commune);
    for (let i = 0; i < n; i++) {
      const o = origin[i]!;
      if (m[i]!.dob >= this.cutoff) {
        const cur = o === origin[0] && h.headMigrant && m[i]!.dob < h.movedIn ? this.ref.successor.get(o)! : h.province;
        regProvince[i] = cur;
        regWard[i] = cur === h.province && this.rng.chance(0.85) ? h.commune : this.randomWard(cur);
        ppp[i] = `0${cur}`;
      } else {
        const home = localOlds?.includes(o) && this.rng.chance(0.7);
        const ward = home ? h.commune : this.rng.pick(this.ref.birthRegistrationWards.get(o)!);
        regWard[i] = ward;
        regProvince[i] = this.ref.wardProvince.get(ward)!;
        ppp[i] = `0${o}`;
      }
    }

    const ethnicity: string[] = new Array(n);
    const religion: string[] = new Array(n);
    const surname: string[] = new Array(n);
    const hometown: string[] = new Array(n);
    const state = new Uint8Array(n); // 0 todo, 1 in progress, 2 done
    const ethTable = ethnicityTable(h.province);
    // Grandchildren raised by grandparents take the grandfather's line when he is the head or the head's spouse.
    const grandfather = !m[0]!.female ? 0 : m[0]!.spouse >= 0 && !m[m[0]!.spouse]!.female ? m[0]!.spouse : -1;

    const visit = (i: number): void => {
      if (state[i] !== 0) return;
      state[i] = 1;
      const p = m[i]!;
      const parent = p.father >= 0 ? p.father : p.mother >= 0 ? p.mother : p.siblingOf;
      const viaGrandfather = parent < 0 && p.rel === 'grandchild' && grandfather >= 0 && this.rng.chance(0.75);
      const from = parent >= 0 ? parent : viaGrandfather ? grandfather : -1;
      if (from >= 0) visit(from);
      const spouseDone = p.spouse >= 0 && state[p.spouse] === 2;
      if (from >= 0) ethnicity[i] = ethnicity[from]!;
      else if (spouseDone && this.rng.chance(0.92)) ethnicity[i] = ethnicity[p.spouse]!;
      else ethnicity[i] = ethTable.pick(this.rng);
      const eth = ethnicity[i]!;
      if (from >= 0 && this.rng.chance(0.95)) religion[i] = religion[from]!;
      else if (spouseDone && this.rng.chance(0.85)) religion[i] = religion[p.spouse]!;
      else religion[i] = religionTable(h.province, eth).pick(this.rng);
      // Surname and hometown come from the father's line; a mother alone does not pass hers on.
      const line = p.father >= 0 ? p.father : p.siblingOf >= 0 ? p.siblingOf : viaGrandfather ? grandfather : -1;
      if (line >= 0) visit(line);
      surname[i] = line >= 0 ? surname[line]! : this.surnameFor(eth, h.province);
      if (line >= 0) hometown[i] = hometown[line]!;
      else if (this.rng.chance(0.6)) hometown[i] = regWard[i]!;
      else hometown[i] = this.randomWard(regProvince[i]!);
      state[i] = 2;
    };
    for (let i = 0; i < n; i++) visit(i);
    return { ethnicity, religion, surname, hometown, regWard, regProvince, ppp };
  }
}
