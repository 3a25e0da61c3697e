// Surnames and middle names. Kinh surnames: the 14 published shares of reference/names/surnames_top14.csv
// (domain.md §7, sources S32) plus a long tail of other real Vietnamese surnames for the remaining ≈10.9%.
// Minority groups mostly carry their own surnames, so the large groups get their own lists (well-known
// surnames of each group); other groups use the Kinh table. Given names come from reference/names/*.txt.
import type { Rng } from '../../lib/random.ts';
import { Weighted } from './sampling.ts';

/**
 * Other real Vietnamese surnames, roughly most to least common (our ordering; relative weights). They share the
 * ≈10.9% of people not covered by the top 14.
 */
export const SURNAME_TAIL: readonly (readonly [string, number])[] = [
  ['Đoàn', 7],
  ['Trương', 7],
  ['Đinh', 6],
  ['Trịnh', 6],
  ['Lâm', 5],
  ['Mai', 5],
  ['Cao', 5],
  ['Lương', 5],
  ['Đào', 5],
  ['Hà', 5],
  ['Lưu', 4],
  ['Vương', 3],
  ['Phùng', 3],
  ['Triệu', 3],
  ['Tạ', 3],
  ['Chu', 3],
  ['Tô', 3],
  ['Thái', 3],
  ['Châu', 2],
  ['Lại', 2],
  ['La', 2],
  ['Kiều', 2],
  ['Quách', 2],
  ['Thân', 1.5],
  ['Văn', 1.5],
  ['Tăng', 1.5],
  ['Hứa', 1.5],
  ['Tôn', 1.5],
  ['Đàm', 1.5],
  ['Giang', 1],
  ['Đồng', 1],
  ['Nghiêm', 1],
  ['Khúc', 1],
  ['Ông', 1],
  ['Mạc', 1],
  ['Giáp', 1],
  ['Từ', 1],
  ['Hàn', 1],
  ['Lã', 1],
  ['Kim', 1],
  ['Phí', 1],
  ['Doãn', 1],
  ['Tống', 1],
  ['Lục', 1],
  ['Nông', 1],
  ['Khổng', 0.5],
  ['Bạch', 0.5],
  ['Âu', 0.5],
  ['Ninh', 0.5],
  ['Quan', 0.5],
  ['Diệp', 0.5],
  ['Cù', 0.5],
  ['Kha', 0.5],
  ['Nhữ', 0.5],
  ['Vi', 0.5],
  ['Thạch', 0.5],
  ['Lạc', 0.5],
  ['Mẫn', 0.5],
  ['Bế', 0.5],
  ['Hầu', 0.5],
  ['Viên', 0.5],
];
export const SURNAME_TAIL_SHARE = 10.9;

/**
 * Hoàng and Huỳnh are one name (Huỳnh in the south, after a naming taboo), as are Vũ and Võ (domain.md §7):
 * the top-14 file lists them together. Share written Huỳnh / Võ per region — our approximation.
 */
export function southernSpelling(province: string): { huynh: number; vo: number } {
  const p = Number(province);
  if (p === 40 || p === 42) return { huynh: 0.1, vo: 0.6 };
  if (p < 44) return { huynh: 0.05, vo: 0.1 };
  if (p <= 56) return { huynh: 0.6, vo: 0.8 };
  if (p === 66 || p === 68) return { huynh: 0.5, vo: 0.7 };
  return { huynh: 0.9, vo: 0.9 };
}

/** Surnames typical of the largest minority groups (ethnicity code → surnames, most common first). */
export const ETHNIC_SURNAMES: Readonly<Record<string, readonly string[]>> = {
  '02': ['Hoàng', 'Nông', 'Nguyễn', 'Lương', 'Đàm', 'Lục', 'Bế', 'Hà', 'Triệu', 'Ma', 'Lộc', 'Vi', 'Hứa', 'Mạc'], // Tày
  '03': ['Lò', 'Lường', 'Cầm', 'Quàng', 'Hà', 'Tòng', 'Vì', 'Lộc', 'Lê', 'Vi', 'Sầm', 'Bạc', 'Điêu'], // Thái
  '04': ['Lý', 'Lâm', 'Trương', 'Trần', 'Hoàng', 'Quách', 'Hứa', 'Lưu', 'Mạc', 'Tạ', 'Diệp', 'La', 'Châu'], // Hoa
  '05': ['Thạch', 'Kim', 'Danh', 'Sơn', 'Lâm', 'Châu', 'Trần', 'Lý', 'Huỳnh'], // Khơ-me
  '06': ['Bùi', 'Đinh', 'Quách', 'Hà', 'Xa', 'Cao', 'Bạch', 'Nguyễn'], // Mường
  '07': ['Hoàng', 'Nông', 'Lương', 'Vi', 'Lăng', 'Lục', 'Triệu', 'Chu', 'Mã', 'Hứa', 'Lý', 'Đàm'], // Nùng
  '08': ['Giàng', 'Sùng', 'Vàng', 'Lù', 'Thào', 'Mùa', 'Hạng', 'Lý', 'Hầu', 'Vừ', 'Chang', 'Sình', 'Tráng'], // HMông
  '09': ['Triệu', 'Bàn', 'Đặng', 'Lý', 'Chảo', 'Tẩn', 'Phùng', 'Hoàng'], // Dao
  '10': ['Ksor', 'Rơ Chăm', 'Siu', 'Rơ Mah', 'Nay', 'Kpă', 'Rah Lan'], // Gia-rai
  '12': ['Niê', 'Mlô', 'Byă', 'Êban', 'Ksơr', 'Hmok'], // Ê-đê
  '17': ['Thành', 'Đàng', 'Lưu', 'Quảng', 'Thiên', 'Châu', 'Phú', 'Trượng'], // Chăm
};

/** Zipf-like weights over an ordered list: the first names are the most common. */
export function zipf(names: readonly string[]): Weighted<string> {
  return new Weighted(
    names,
    names.map((_, i) => 1 / (i + 1.5)),
  );
}

/**
 * [OWN] Chance that the middle name is the generic Văn (men) / Thị (women) rather than a chosen one, by birth
 * year. Older generations nearly always carry them (domain.md §7, "likely"); younger parents pick other middles.
 */
export function genericMiddleShare(birthYear: number, female: boolean): number {
  if (birthYear < 1955) return female ? 0.9 : 0.8;
  if (birthYear < 1975) return female ? 0.8 : 0.65;
  if (birthYear < 1990) return female ? 0.6 : 0.45;
  if (birthYear < 2000) return female ? 0.4 : 0.3;
  if (birthYear < 2010) return female ? 0.2 : 0.15;
  return female ? 0.1 : 0.08;
}

/** HMông men commonly carry the middle name "A" (e.g. Giàng A Páo); our share. */
export const HMONG_A_SHARE = 0.5;

export interface NameLists {
  /** [middle, given] pairs. */
  boys: readonly (readonly [string, string])[];
  girls: readonly (readonly [string, string])[];
}

/**
 * Every "middle given" string a person can get, built once: the listed pair, the pair's given name after the
 * generic Văn/Thị, and (men) after the HMông "A". Saves building a string per person.
 */
export class GivenNames {
  private readonly listed: readonly string[][];
  private readonly generic: readonly string[][];
  private readonly hmong: readonly string[];

  constructor(lists: NameLists) {
    const sets = [lists.boys, lists.girls];
    this.listed = sets.map((l) => l.map((p) => p.join(' ')));
    this.generic = sets.map((l, female) => l.map((p) => [female ? 'Thị' : 'Văn', p[1]].join(' ')));
    this.hmong = lists.boys.map((p) => ['A', p[1]].join(' '));
  }

  /** Middle and given name for a person; the surname is decided elsewhere (it follows the father). */
  pick(rng: Rng, female: boolean, birthYear: number, ethnicity: string): string {
    const sex = female ? 1 : 0;
    const i = rng.int(this.listed[sex]!.length);
    if (!female && ethnicity === '08' && rng.chance(HMONG_A_SHARE)) return this.hmong[i]!;
    if (rng.chance(genericMiddleShare(birthYear, female))) return this.generic[sex]![i]!;
    return this.listed[sex]![i]!;
  }
}

/**
 * Kinh surname table for a province: the 14 published shares (Hoàng/Huỳnh and Vũ/Võ split by region) and the
 * tail scaled to the share they leave.
 */
export function kinhSurnames(top: readonly (readonly [string, number])[], province: string): Weighted<string> {
  const { huynh, vo } = southernSpelling(province);
  const pairs: [string, number][] = [];
  for (const [name, share] of top) {
    if (name === 'Hoàng/Huỳnh') pairs.push(['Hoàng', share * (1 - huynh)], ['Huỳnh', share * huynh]);
    else if (name === 'Vũ/Võ') pairs.push(['Vũ', share * (1 - vo)], ['Võ', share * vo]);
    else pairs.push([name, share]);
  }
  const tailSum = SURNAME_TAIL.reduce((s, [, w]) => s + w, 0);
  for (const [name, w] of SURNAME_TAIL) pairs.push([name, (w / tailSum) * SURNAME_TAIL_SHARE]);
  return Weighted.of(pairs);
}

/** Share of people of a group with its own surname list who carry one of those (the rest: Kinh surnames). */
export const ETHNIC_SURNAME_SHARE = 0.85;
