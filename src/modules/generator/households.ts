// Household composition: who lives together, their ages, sexes and family links. Names, places and numbers
// are added later (people.ts); this file only decides the family structure, so its rules can be read at once:
// a head, usually a spouse, children 18–45 years younger than their mother, sometimes the head's parents or a
// married child with in-law and grandchildren, or people living alone. See population-model.ts for the figures.
import type { MaritalStatus, RelationToHead } from '../../domain/dc01.ts';
import type { Rng } from '../../lib/random.ts';
import { addYearsToDay } from './gen-dates.ts';
import * as M from './population-model.ts';
import type { Weighted } from './sampling.ts';

export interface PlannedMember {
  rel: RelationToHead;
  female: boolean;
  dob: number;
  /** Indexes of the father, mother and spouse within the household, or -1 when not living there. */
  father: number;
  mother: number;
  spouse: number;
  /** Index of a member whose (absent) parents this one shares, or -1: siblings and cousins get the same names. */
  siblingOf: number;
  marital: MaritalStatus;
  /** Day of marriage for married members, else -1. */
  married: number;
}

const YEAR = 365.2425;

export class HouseholdPlanner {
  private m: PlannedMember[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly today: number,
  ) {}

  /** A household of exactly `size` members; the head is member 0. */
  plan(size: number): PlannedMember[] {
    this.m = [];
    const r = this.rng.float();
    if (size === 1) this.alone();
    else if (size === 2) {
      if (r < 0.62) this.nuclear(0, M.CHILDLESS_WIFE_AGE);
      else if (r < 0.82) this.loneParent(1);
      else if (r < 0.93) this.grandparents(1);
      else this.siblings(1);
    } else if (r < 0.6) this.nuclear(size - 2, M.MOTHER_AGE);
    else if (r < 0.78) this.withParents(size);
    else if (r < 0.93 && size >= 4) this.withMarriedChild(size);
    else if (r < 0.97) this.loneParent(size - 1);
    else this.grandparents(size - 1);
    if (this.m.length !== size) throw new Error(`household planner made ${this.m.length} members, wanted ${size}`);
    return this.m;
  }

  private add(rel: RelationToHead, female: boolean, age: number): number {
    const dob = this.today - Math.floor((Math.min(age, M.MAX_AGE) + this.rng.float()) * YEAR);
    this.m.push({
      rel,
      female,
      dob,
      father: -1,
      mother: -1,
      spouse: -1,
      siblingOf: -1,
      marital: 'single',
      married: -1,
    });
    return this.m.length - 1;
  }

  private ageOf(i: number): number {
    return Math.floor((this.today - this.m[i]!.dob) / YEAR);
  }

  private femaleAt(age: number): boolean {
    return !this.rng.chance(M.MALE_SHARE_AT_AGE[Math.min(age, M.MAX_AGE)]!);
  }

  private draw(table: Weighted<number>, lo: number, hi: number): number {
    const a = Math.min(M.MAX_AGE, Math.max(0, lo));
    return table.indexIn(this.rng, a, Math.min(M.MAX_AGE, Math.max(a, hi)));
  }

  /** Husband's age for a wife of `wifeAge`: usually a few years older, never under the legal marriage age. */
  private husbandAge(wifeAge: number, minAge: number): number {
    return Math.min(M.MAX_AGE, Math.max(wifeAge + M.SPOUSE_GAP.pick(this.rng), M.MIN_MARRIAGE_AGE_MALE, minAge));
  }

  /** Links a couple and dates the marriage: both of legal age, usually shortly before the first child. */
  private marry(h: number, w: number, firstChildDob: number): void {
    const husband = this.m[h]!;
    const wife = this.m[w]!;
    husband.spouse = w;
    wife.spouse = h;
    husband.marital = 'married';
    wife.marital = 'married';
    const lower = Math.max(
      addYearsToDay(wife.dob, M.MIN_MARRIAGE_AGE_FEMALE),
      addYearsToDay(husband.dob, M.MIN_MARRIAGE_AGE_MALE),
    );
    let day: number;
    if (firstChildDob >= 0) day = Math.max(lower, firstChildDob - this.rng.int(3 * 365));
    else day = Math.max(lower, addYearsToDay(wife.dob, this.rng.between(20, 28)) + this.rng.int(365));
    day = Math.min(day, this.today);
    husband.married = day;
    wife.married = day;
  }

  /** `k` children of a mother aged `motherAge` (born when she was 18–45), eldest first, spaced apart. */
  private children(k: number, motherAge: number, maxAge: number, rel: RelationToHead = 'child'): number[] {
    // Draw the mother's age at each birth; the child's age is what remains.
    const lo = Math.max(M.MOTHER_MIN_AGE, motherAge - maxAge);
    const hi = Math.min(M.MOTHER_MAX_AGE, motherAge);
    const ages: number[] = [];
    for (let i = 0; i < k; i++) {
      let a = this.childAge(motherAge, lo, hi, maxAge);
      // Distinct ages when the span allows it; the few equal ones left become twins below.
      for (let t = 0; t < 8 && ages.includes(a) && hi - lo + 1 > k; t++) a = this.childAge(motherAge, lo, hi, maxAge);
      ages.push(Math.max(0, a));
    }
    ages.sort((x, y) => y - x);
    const out: number[] = [];
    for (const a of ages) {
      const i = this.add(rel, this.femaleAt(a), a);
      const prev = out.length > 0 ? this.m[out[out.length - 1]!]! : undefined;
      const cur = this.m[i]!;
      if (prev && cur.dob - prev.dob < 300) {
        // Siblings less than ~10 months apart are twins (same day) or get pushed apart.
        if (a === this.ageOf(out[out.length - 1]!) && this.rng.chance(0.3)) cur.dob = prev.dob;
        else cur.dob = Math.min(this.today, prev.dob + 300 + this.rng.int(200));
      }
      out.push(i);
    }
    return out;
  }

  private childAge(motherAge: number, lo: number, hi: number, maxAge: number): number {
    return lo <= hi ? motherAge - M.BIRTH_AGE.indexIn(this.rng, lo, hi) : Math.min(maxAge, motherAge - hi);
  }

  private linkParents(kids: readonly number[], father: number, mother: number): void {
    for (const k of kids) {
      this.m[k]!.father = father;
      this.m[k]!.mother = mother;
      if (this.ageOf(k) >= 25 && this.rng.chance(0.02)) this.m[k]!.marital = 'divorced';
    }
  }

  /** Old enough to have married (Law on Marriage and Family 2014 Art 8: men 20, women 18), with a year's margin. */
  private marriageable(female: boolean, age: number): boolean {
    return age > (female ? M.MIN_MARRIAGE_AGE_FEMALE : M.MIN_MARRIAGE_AGE_MALE);
  }

  private alone(): void {
    const age = M.ALONE_AGE.pick(this.rng);
    const female = this.rng.chance(age < 35 ? 0.42 : age < 60 ? 0.45 : 0.65);
    const i = this.add('head', female, age);
    const r = this.rng.float();
    const p = this.m[i]!;
    // Nobody under the marriage age (a year's margin: the ballot may be dated before today) was ever married.
    if (age < 30) p.marital = r < 0.95 || !this.marriageable(female, age) ? 'single' : 'divorced';
    else if (age < 60) p.marital = r < 0.5 ? 'single' : r < 0.75 ? 'divorced' : 'widowed';
    else p.marital = r < 0.75 ? 'widowed' : r < 0.82 ? 'divorced' : 'single';
  }

  /** Head + spouse + `k` children; the husband heads most couples. */
  private nuclear(k: number, wifeAges: Weighted<number>): void {
    const wifeAge = this.draw(wifeAges, M.MIN_MARRIAGE_AGE_FEMALE + Math.max(0, k - 2) * 2, M.MAX_AGE);
    this.couple(k, wifeAge, this.rng.chance(0.82));
  }

  /** A couple as head + spouse with children; returns [husband, wife]. */
  private couple(k: number, wifeAge: number, husbandHeads: boolean): [number, number] {
    const first = this.add('head', !husbandHeads, 0);
    const second = this.add('spouse', husbandHeads, 0);
    const [h, w] = husbandHeads ? [first, second] : [second, first];
    const kids = this.children(k, wifeAge, M.CHILD_AT_HOME_MAX_AGE);
    const eldest = kids.length > 0 ? this.ageOf(kids[0]!) : -1;
    this.m[w]!.dob = this.today - Math.floor((wifeAge + this.rng.float()) * YEAR);
    const hAge = this.husbandAge(wifeAge, eldest + 19);
    this.m[h]!.dob = this.today - Math.floor((hAge + this.rng.float()) * YEAR);
    this.linkParents(kids, h, w);
    this.marry(h, w, kids.length > 0 ? this.m[kids[0]!]!.dob : -1);
    return [h, w];
  }

  /** Three generations: the head's couple, one or both of the head's parents, and children. */
  private withParents(size: number): void {
    const both = size >= 5 && this.rng.chance(0.55);
    const np = both ? 2 : 1;
    const k = size - 2 - np;
    const wifeAge = this.draw(M.MOTHER_AGE, 22 + Math.max(0, k - 2) * 2, 55);
    const husbandHeads = this.rng.chance(0.88);
    const [h, w] = this.couple(k, wifeAge, husbandHeads);
    const head = husbandHeads ? h : w;
    const headAge = this.ageOf(head);
    const motherAge = this.draw(M.PYRAMID, headAge + M.MOTHER_MIN_AGE + 2, headAge + 42);
    const mothers = both || this.rng.chance(0.65);
    const mother = mothers ? this.add('parent', true, motherAge) : -1;
    const father = both || !mothers ? this.add('parent', false, this.husbandAge(motherAge, headAge + 20)) : -1;
    this.m[head]!.father = father;
    this.m[head]!.mother = mother;
    if (father >= 0 && mother >= 0) this.marry(father, mother, this.m[head]!.dob);
    else this.m[Math.max(father, mother)]!.marital = this.rng.chance(0.95) ? 'widowed' : 'divorced';
  }

  /** An older couple (or widowed parent) with a married child, the child's spouse and grandchildren. */
  private withMarriedChild(size: number): void {
    const widowed = this.rng.chance(0.2);
    const wifeAge = this.draw(M.SENIOR_WIFE_AGE, 44, 85);
    let father = -1;
    let mother = -1;
    if (widowed) {
      const female = this.rng.chance(0.65);
      const i = this.add('head', female, female ? wifeAge : this.husbandAge(wifeAge, 0));
      this.m[i]!.marital = 'widowed';
      if (female) mother = i;
      else father = i;
    } else {
      [father, mother] = this.couple(0, wifeAge, true);
    }
    const son = this.rng.chance(0.8);
    const childAge = this.draw(
      M.PYRAMID,
      Math.max(son ? 20 : 18, wifeAge - M.MOTHER_MAX_AGE),
      wifeAge - M.MOTHER_MIN_AGE,
    );
    const child = this.add('child', !son, childAge);
    this.linkParents([child], father, mother);
    const inLawAge = son
      ? Math.max(M.MIN_MARRIAGE_AGE_FEMALE, childAge - M.SPOUSE_GAP.pick(this.rng))
      : this.husbandAge(childAge, 0);
    const inLaw = this.add('child_in_law', son, inLawAge);
    const youngWife = son ? inLawAge : childAge;
    const rest = size - this.m.length;
    const g = Math.min(rest, 4);
    const grandkids = this.children(g, youngWife, 17, 'grandchild');
    const [h, w] = son ? [child, inLaw] : [inLaw, child];
    this.linkParents(grandkids, h, w);
    this.marry(h, w, grandkids.length > 0 ? this.m[grandkids[0]!]!.dob : -1);
    // Any room left goes to the head's unmarried younger children.
    const younger = this.children(rest - g, wifeAge, Math.max(0, childAge - 1));
    this.linkParents(younger, father, mother);
  }

  /** One parent (usually the mother) with `k` children; the other parent lives elsewhere or died. */
  private loneParent(k: number): void {
    const age = this.draw(M.LONE_PARENT_AGE, M.MIN_MARRIAGE_AGE_FEMALE + 2 + Math.max(0, k - 2) * 2, M.MAX_AGE);
    const female = this.rng.chance(0.7);
    const head = this.add('head', female, age);
    const kids = this.children(k, female ? age : Math.max(M.MOTHER_MIN_AGE, age - 3), M.CHILD_AT_HOME_MAX_AGE);
    if (female) this.linkParents(kids, -1, head);
    else this.linkParents(kids, head, -1);
    // The children share their absent parent, so they get the same name for that parent.
    for (const kid of kids) if (kid !== kids[0]) this.m[kid]!.siblingOf = kids[0]!;
    const r = this.rng.float();
    this.m[head]!.marital = !this.marriageable(female, age)
      ? 'single'
      : r < 0.35
        ? 'divorced'
        : r < 0.85 && age >= 30
          ? 'widowed'
          : r < 0.85
            ? 'divorced'
            : 'single';
  }

  /** Grandparents raising grandchildren whose parents work elsewhere (common in rural Vietnam). */
  private grandparents(k: number): void {
    const age = this.draw(M.GRANDPARENT_AGE, 48, M.MAX_AGE);
    const withSpouse = k >= 2 && this.rng.chance(0.7);
    if (withSpouse) {
      this.couple(0, age, true);
      k -= 1;
    } else {
      const head = this.add('head', this.rng.chance(0.55), age);
      this.m[head]!.marital = this.rng.chance(0.9) ? 'widowed' : 'divorced';
    }
    const kids = this.children(
      k,
      Math.max(M.MOTHER_MIN_AGE, Math.min(age - 20, 17 + M.MOTHER_MIN_AGE)),
      17,
      'grandchild',
    );
    for (const kid of kids) if (kid !== kids[0]) this.m[kid]!.siblingOf = kids[0]!;
  }

  /** Adult siblings sharing a home (students, young workers). */
  private siblings(k: number): void {
    const age = this.draw(M.PYRAMID, 18, 40);
    const head = this.add('head', this.rng.chance(0.45), age);
    for (let i = 0; i < k; i++) {
      const s = this.add('sibling', this.rng.chance(0.5), this.draw(M.PYRAMID, Math.max(16, age - 10), age + 10));
      this.m[s]!.siblingOf = head;
    }
  }
}
