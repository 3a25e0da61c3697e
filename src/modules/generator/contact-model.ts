// Contact and document details declared on some ballots: mobile phone, e-mail, blood group, the old 9-digit
// identity card, other names. Shares marked [OWN] are our assumptions (see population-model.ts for the key).
import { Weighted } from './sampling.ts';

/** [OWN] Mobile-phone and e-mail declaration rates by age (adults only). */
export function phoneShare(age: number): number {
  return age < 18 ? 0 : age < 30 ? 0.78 : age < 60 ? 0.7 : age < 75 ? 0.45 : 0.18;
}
export function emailShareOfPhoneUsers(age: number): number {
  return age < 30 ? 0.5 : age < 45 ? 0.32 : age < 60 ? 0.14 : 0.04;
}

/**
 * Mobile prefixes in use since the 2018 renumbering (Viettel 086 096–098 032–039; MobiFone 089 090 093 070
 * 076–079; VinaPhone 088 091 094 081–085; Vietnamobile 092 056 058; Gmobile 099 059), 10 digits in total.
 * Limited to 03x/07x/08x/09x as asked.
 */
export const PHONE_PREFIXES = Weighted.of<string>([
  ['096', 6],
  ['097', 7],
  ['098', 7],
  ['086', 4],
  ['032', 3],
  ['033', 3],
  ['034', 3],
  ['035', 3],
  ['036', 3],
  ['037', 3],
  ['038', 3],
  ['039', 3],
  ['090', 5],
  ['093', 4],
  ['089', 2],
  ['070', 2],
  ['076', 1],
  ['077', 2],
  ['078', 1],
  ['079', 2],
  ['091', 5],
  ['094', 4],
  ['088', 2],
  ['081', 1],
  ['082', 1],
  ['083', 1],
  ['084', 1],
  ['085', 1],
  ['092', 1],
  ['099', 0.5],
]);

export const EMAIL_DOMAINS = Weighted.of<string>([
  ['gmail.com', 80],
  ['yahoo.com', 8],
  ['outlook.com', 4],
  ['icloud.com', 3],
  ['hotmail.com', 3],
  ['yahoo.com.vn', 2],
]);

/**
 * [OWN] Blood group is held only on request (2014 law) so most ballots leave it empty. ABO shares follow the
 * commonly cited Vietnamese distribution (O ≈ 42%, B ≈ 30%, A ≈ 21%, AB ≈ 7%); Rh-negative is rare.
 */
export const BLOOD_GROUP_DECLARED = 0.25;
export const BLOOD_GROUPS = Weighted.of<string>([
  ['O', 38],
  ['B', 27],
  ['A', 19],
  ['AB', 6],
  ['O+', 4],
  ['B+', 3],
  ['A+', 2],
  ['AB+', 0.7],
  ['O-', 0.1],
]);

/** [OWN] The 9-digit identity card (CMND) was issued from age 14 until 2016–2021: people born before 2000 often have one. */
export function oldIdShare(birthYear: number): number {
  return birthYear < 1990 ? 0.7 : birthYear < 2000 ? 0.55 : birthYear < 2004 ? 0.15 : 0;
}

/** [OWN] Rarely someone declares another name (religious name, alias); a few declare two. */
export const OTHER_NAMES_SHARE = 0.006;
