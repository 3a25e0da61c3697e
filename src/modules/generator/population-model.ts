// The demographic figures the synthetic population is drawn from, in one place so they can be checked.
//
// SOURCES AND HOW EACH FIGURE WAS USED
// [C19]  GSO, 2019 Viet Nam Population and Housing Census, completed results (Dec 2019) and preliminary press
//        release https://www.gso.gov.vn/en/data-and-statistics/2019/10/press-release-preliminary-results-the-2019-population-and-housing-census/
//        96,208,984 usual residents in 26,870,079 households (≈3.5 persons per household, xinhuanet 11 Jul 2019);
//        households of 2–4 persons = 65.5% (An Giang statistics office citing the national figure, Dec 2019);
//        male 49.8% (sex ratio 99.1); sex ratio at birth 111.5; ages 0–14 24.3%, 15–64 68.0%, 65+ 7.7%;
//        population 15+: ever married 77.5%, currently married 69%, divorced 2%, widowed 6%.
// [PYR]  The 2019 pyramid (C19 Figure 4.6) read in 5-year bands. Band shares below are our reading, adjusted so
//        that they reproduce the three published broad-age shares exactly; the sex ratio per band follows the
//        published pattern (≈110 under 10 from the skewed birth ratio, ≈100 at 30–44, falling to ≈35 at 95+) and
//        its overall value 99.1. Approximate, not census table values.
// [HH]   Household-size split: only the mean (3.5) and the 2–4 share (65.5%) are published in the sources we hold;
//        the split across sizes is our reconstruction matching both (mean of the table below = 3.51).
// [OWN]  Our assumptions, chosen to be plausible and to make the generated pyramid land near [PYR]: household
//        types per size, headship by age, who lives alone, migration shares, contact details, old-ID holding.
//        They are modelling choices, not statistics; tests check the outcome (broad age shares) instead.
//
// Ages are drawn at the generator's `today`: the 2019 shape is applied as if it were today's.
//
// WHAT COMES OUT (whole country, 100,000 persons, seed 1): ages 0–14 24.3%, 15–64 67.8%, 65+ 7.9%; 97.9 men per
// 100 women; 3.50 persons per household (2–4 persons: 65.5% of households); population 15+ married 63%, never
// married 26%, widowed 8%, divorced 3% (census: 69/22.5/6/2 — our households keep more single adult children).
// The whole-country default weights provinces by commune count, which over-represents the mountain provinces
// (many small communes): Kinh come out at ≈79% instead of 85%. Tests check these outcomes within bounds.

import { Weighted } from './sampling.ts';

export const MAX_AGE = 100;

/** [C19] Males per 100 females at birth: the share of boys among newborns is 111.5 / 211.5. */
export const SEX_RATIO_AT_BIRTH = 111.5;

/** [PYR] 5-year bands from 0 to 95+: [first age, % of population, males per 100 females]. */
export const AGE_BANDS: readonly (readonly [number, number, number])[] = [
  [0, 8.4, SEX_RATIO_AT_BIRTH],
  [5, 8.5, 110],
  [10, 7.4, 109],
  [15, 6.7, 107],
  [20, 7.0, 104],
  [25, 8.0, 102],
  [30, 8.4, 101],
  [35, 7.9, 101],
  [40, 7.3, 100],
  [45, 6.8, 98],
  [50, 6.1, 95],
  [55, 5.4, 92],
  [60, 4.4, 88],
  [65, 2.9, 84],
  [70, 1.8, 78],
  [75, 1.2, 70],
  [80, 0.9, 60],
  [85, 0.55, 50],
  [90, 0.25, 42],
  [95, 0.1, 35],
];

/** Per single year of age 0..MAX_AGE: the pyramid weight and the share of males. */
function singleYears(): { weights: number[]; maleShare: number[] } {
  const weights: number[] = [];
  const maleShare: number[] = [];
  for (let age = 0; age <= MAX_AGE; age++) {
    let band = AGE_BANDS[0]!;
    for (const b of AGE_BANDS) if (b[0] <= age) band = b;
    const width = band[0] === 95 ? MAX_AGE - 95 + 1 : 5;
    // The open 95+ band thins out towards 100 instead of being flat.
    const taper = band[0] === 95 ? (MAX_AGE + 1 - age) / 3 : 1;
    weights.push((band[1] / width) * taper);
    maleShare.push(band[2] / (band[2] + 100));
  }
  return { weights, maleShare };
}

const SINGLE = singleYears();
export const AGES: readonly number[] = SINGLE.weights.map((_, i) => i);
export const MALE_SHARE_AT_AGE: readonly number[] = SINGLE.maleShare;

/** The pyramid as a table over ages 0..MAX_AGE (draw with indexIn for a truncated range). */
export const PYRAMID = new Weighted(AGES, SINGLE.weights);

/** The pyramid multiplied by a propensity per age, e.g. "how likely is a person of this age to head a household". */
export function pyramidTimes(propensity: (age: number) => number): Weighted<number> {
  return new Weighted(
    AGES,
    SINGLE.weights.map((w, age) => w * propensity(age)),
  );
}

/** [HH] Household size (persons) → share of households. */
export const HOUSEHOLD_SIZES = Weighted.of<number>([
  [1, 10.9],
  [2, 18.8],
  [3, 20.6],
  [4, 26.0],
  [5, 12.6],
  [6, 6.4],
  [7, 2.8],
  [8, 1.2],
  [9, 0.5],
  [10, 0.2],
]);

/** [OWN] Ages of people living alone: young adults who left home, and many older widows. */
export const ALONE_AGE = pyramidTimes((a) =>
  a < 18 ? 0 : a < 25 ? 0.6 : a < 35 ? 1 : a < 60 ? 0.45 : a < 75 ? 1.6 : 2.6,
);

/** [OWN] Age of the mother in a couple with children at home (children's ages are drawn after it). */
export const MOTHER_AGE = pyramidTimes((a) =>
  a < 20
    ? 0
    : a < 25
      ? 0.2
      : a < 30
        ? 0.5
        : a < 35
          ? 0.8
          : a < 50
            ? 1
            : a < 55
              ? 0.9
              : a < 60
                ? 0.6
                : a < 65
                  ? 0.25
                  : a < 70
                    ? 0.08
                    : 0,
);

/** [OWN] Age of the wife in a couple living without children: young couples and empty nests. */
export const CHILDLESS_WIFE_AGE = pyramidTimes((a) =>
  a < 20 ? 0 : a < 30 ? 0.6 : a < 45 ? 0.15 : a < 55 ? 0.6 : a < 80 ? 1.8 : 0.9,
);

/** [OWN] Age of the older generation's wife when a married child lives with them. */
export const SENIOR_WIFE_AGE = pyramidTimes((a) => (a < 44 ? 0 : a < 50 ? 0.5 : a < 75 ? 1 : 0.6));

/** [OWN] Age of a lone parent, and of grandparents raising grandchildren. */
export const LONE_PARENT_AGE = pyramidTimes((a) => (a < 22 ? 0 : a < 60 ? 1 : a < 70 ? 0.3 : 0));
export const GRANDPARENT_AGE = pyramidTimes((a) => (a < 48 ? 0 : a < 80 ? 1 : 0.4));

/** [OWN] Husband's age minus wife's age, years (husbands are usually a few years older). */
export const SPOUSE_GAP = Weighted.of<number>([
  [-4, 1],
  [-3, 2],
  [-2, 3],
  [-1, 5],
  [0, 8],
  [1, 10],
  [2, 12],
  [3, 12],
  [4, 10],
  [5, 8],
  [6, 6],
  [7, 5],
  [8, 3],
  [9, 2],
  [10, 2],
  [12, 1],
  [15, 0.5],
]);

/** [OWN] A mother's age when a child is born stays within these bounds (the brief: parents 18–45 years older). */
export const MOTHER_MIN_AGE = 18;
export const MOTHER_MAX_AGE = 45;

/**
 * [OWN] Mother's age at a birth, shaped like Vietnam's age-specific fertility (2019 census: peak at 25–29,
 * few births after 40), truncated to 18–45.
 */
export const BIRTH_AGE = new Weighted(
  Array.from({ length: MOTHER_MAX_AGE + 1 }, (_, a) => a),
  Array.from({ length: MOTHER_MAX_AGE + 1 }, (_, a) =>
    a < MOTHER_MIN_AGE ? 0 : a < 20 ? 0.4 : a < 25 ? 1.3 : a < 30 ? 1.4 : a < 35 ? 1 : a < 40 ? 0.5 : 0.12,
  ),
);
/** Unmarried children living with their parents are at most this old. */
export const CHILD_AT_HOME_MAX_AGE = 34;
/** Legal minimum marriage ages (Law on Marriage and Family 2014, Art 8): men 20, women 18. */
export const MIN_MARRIAGE_AGE_MALE = 20;
export const MIN_MARRIAGE_AGE_FEMALE = 18;

/** [OWN] Share of household heads (and couples) born in another province. Big cities attract migrants. */
export function migrantShare(province: string): number {
  switch (province) {
    case '79':
      return 0.35;
    case '75':
      return 0.3;
    case '01':
      return 0.22;
    case '48':
    case '22':
      return 0.15;
    default:
      return 0.07;
  }
}

/** [OWN] Share of a household's members whose current place differs from the permanent one, by age. */
export function livesElsewhereShare(age: number): number {
  return age >= 18 && age < 35 ? 0.12 : age >= 35 && age < 60 ? 0.04 : 0.01;
}

/** [OWN] Share of households where the head has lived at the address since birth (else they moved in). */
export const NATIVE_HOUSEHOLD_SHARE_RURAL = 0.4;
export const NATIVE_HOUSEHOLD_SHARE_URBAN = 0.2;

/** [OWN] Share of households that moved in (if they moved at all) before the 2020 campaign started. */
export const SETTLED_BEFORE_CAMPAIGN = 0.85;

/** [OWN] Share of ballots collected in the 2020–2021 campaign; the rest were collected near the reference date. */
export const CAMPAIGN_SHARE = 0.8;
export const CAMPAIGN_FROM = '2020-07-01';
export const CAMPAIGN_TO = '2021-06-30';
/** Late collections fall within this many days before `today`. */
export const RECENT_WINDOW_DAYS = 120;
