// Ethnicity and religion shares per current province (34 units since 1 July 2025).
//
// Figures are approximate, in percent, and were built as follows: for each pre-2025 province we took our
// recollection of its 2019-census composition (GSO 2019 census and the GSO/CEMA survey of the 53 minority
// groups, https://www.gso.gov.vn/wp-content/uploads/2020/07/01-Bao-cao-53-dan-toc-thieu-so-2019_ban-in.pdf:
// Kinh 85.3% nationally; Tày, Thái, Mường, HMông, Khơ-me, Nùng ≈1–2% each), then weighted the provinces merged
// into each current one by population. Kinh is always the remainder. Religion: 2019 census ≈13.7% followers
// (Catholic ≈6.1%, Buddhist ≈4.8%, Protestant ≈1.0%, Hòa Hảo ≈1.0%, Cao Đài ≈0.6%), concentrated as the brief
// and domain knowledge say: Catholics in Ninh Bình (old Nam Định/Ninh Bình), Đồng Nai, the Central Highlands;
// Hòa Hảo in An Giang; Cao Đài in Tây Ninh; Protestants among HMông and Central Highlands groups; Khơ-me
// Theravada Buddhists; Chăm Muslims in An Giang/HCMC and Chăm Bà La Môn in old Ninh Thuận/Bình Thuận.
// Plausible rather than exact: do not use these numbers as statistics.
import { Weighted } from './sampling.ts';

type Shares = Readonly<Record<string, number>>;

/** Minority groups per current province (ethnicity code → %); Kinh ('01') takes the rest. */
const MINORITIES: Readonly<Record<string, Shares>> = {
  '01': { '06': 0.8, '02': 0.2, '09': 0.1, '03': 0.05, '07': 0.05 },
  '04': { '02': 41, '07': 31, '08': 11, '09': 10, '15': 0.5, '04': 0.1, '43': 0.1 },
  '08': {
    '02': 24,
    '08': 18,
    '09': 13,
    '07': 5,
    '15': 4,
    '25': 1.5,
    '43': 0.3,
    '40': 0.5,
    '38': 0.6,
    '46': 0.4,
    '51': 0.1,
    '47': 0.1,
    '49': 0.1,
    '04': 0.2,
  },
  '11': {
    '03': 34,
    '08': 36,
    '29': 3,
    '09': 1,
    '37': 0.6,
    '35': 0.4,
    '48': 0.3,
    '50': 0.1,
    '04': 0.1,
    '33': 0.1,
    '06': 1,
    '02': 0.5,
    '07': 0.2,
  },
  '12': { '03': 31, '08': 24, '09': 13, '25': 5, '35': 4, '41': 2, '42': 1.5, '29': 0.5, '02': 0.5, '50': 0.1 },
  '14': { '03': 53, '08': 16, '06': 7, '09': 2, '34': 2, '29': 1, '39': 1, '33': 1, '02': 0.3 },
  '15': { '02': 18, '08': 17, '09': 12, '03': 3, '25': 2.5, '07': 2, '35': 1, '40': 0.5, '06': 0.5, '15': 0.3 },
  '19': { '02': 19, '07': 7, '09': 5, '15': 2, '18': 2, '08': 1.5, '04': 0.3 },
  '20': { '07': 42, '02': 35, '09': 3.5, '15': 0.5, '04': 0.3, '08': 0.3 },
  '22': { '09': 5, '02': 3.5, '18': 1.5, '15': 1, '04': 0.5 },
  '24': { '07': 2.5, '02': 1.5, '15': 1, '18': 1, '04': 0.5, '09': 0.5 },
  '25': { '06': 22, '09': 1.5, '03': 1, '02': 1, '18': 1, '08': 0.3 },
  '31': { '04': 0.1, '02': 0.1, '06': 0.1 },
  '33': { '06': 0.1, '02': 0.05 },
  '37': { '06': 2.5, '02': 0.05 },
  '38': { '06': 10, '03': 6, '08': 0.5, '24': 0.2, '09': 0.2, '29': 0.1 },
  '40': { '03': 10, '24': 2.4, '29': 1.3, '08': 1.2, '53': 0.05 },
  '42': { '06': 0.1, '44': 0.05, '37': 0.05 },
  '44': { '23': 5, '31': 1.2, '44': 0.3 },
  '46': { '31': 2.5, '26': 1.3, '23': 0.2 },
  '48': { '26': 3, '14': 1.8, '27': 0.9, '30': 0.2, '04': 0.1 },
  '51': { '14': 8.5, '19': 7, '13': 3.7, '27': 1.8, '30': 1.7, '10': 1.2, '06': 0.3, '52': 0.05, '54': 0.03 },
  '52': { '10': 17, '13': 5.6, '02': 0.5, '07': 0.5, '19': 0.3, '06': 0.3, '03': 0.3, '17': 0.1 },
  '56': { '21': 6, '17': 3.9, '04': 0.4, '16': 0.3, '12': 0.2 },
  '66': {
    '12': 11.5,
    '07': 2.7,
    '02': 2.4,
    '20': 1.7,
    '08': 1,
    '17': 0.9,
    '03': 0.8,
    '09': 0.8,
    '10': 0.7,
    '06': 0.7,
    '13': 0.2,
  },
  '68': {
    '16': 5.1,
    '07': 2,
    '20': 1.7,
    '02': 1.5,
    '28': 1.3,
    '08': 1.3,
    '17': 1.2,
    '09': 0.7,
    '04': 0.7,
    '36': 0.7,
    '21': 0.5,
    '12': 0.3,
    '03': 0.3,
  },
  '75': {
    '04': 2.4,
    '22': 2.2,
    '07': 1.7,
    '02': 1,
    '05': 0.5,
    '32': 0.5,
    '20': 0.3,
    '09': 0.3,
    '06': 0.3,
    '28': 0.2,
    '03': 0.2,
    '18': 0.2,
  },
  '79': { '04': 3.3, '05': 0.6, '02': 0.3, '07': 0.3, '06': 0.2, '17': 0.1, '32': 0.1, '03': 0.1 },
  '80': { '05': 0.4, '04': 0.3, '17': 0.2 },
  '82': { '04': 0.2, '05': 0.1 },
  '86': { '05': 10.5, '04': 0.3 },
  '91': { '05': 8.2, '04': 1.4, '17': 0.4 },
  '92': { '05': 12.5, '04': 2.5 },
  '96': { '05': 4.7, '04': 1.2 },
};

/** Religion followers per current province for the population at large (code → %); '00' none takes the rest. */
const RELIGIONS: Readonly<Record<string, Shares>> = {
  '01': { '01': 3, '02': 2.5, '08': 0.1 },
  '04': { '01': 0.5, '02': 0.5, '08': 1.5 },
  '08': { '01': 0.3, '02': 0.3, '08': 4 },
  '11': { '01': 0.3, '02': 0.5, '08': 12 },
  '12': { '01': 0.2, '02': 0.5, '08': 9 },
  '14': { '01': 0.3, '02': 0.3, '08': 3 },
  '15': { '01': 0.5, '02': 1.5, '08': 2.5 },
  '19': { '01': 1, '02': 1.5, '08': 0.3 },
  '20': { '01': 0.5, '02': 0.3, '08': 0.3 },
  '22': { '01': 2, '02': 1.5, '08': 0.1 },
  '24': { '01': 2, '02': 2.5, '08': 0.1 },
  '25': { '01': 1, '02': 2.5, '08': 0.2 },
  '31': { '01': 2, '02': 3, '08': 0.1 },
  '33': { '01': 1.5, '02': 6, '08': 0.1 },
  '37': { '01': 1, '02': 13, '08': 0.1 },
  '38': { '01': 1, '02': 2.5, '08': 0.1 },
  '40': { '01': 0.5, '02': 5, '08': 0.1 },
  '42': { '01': 0.5, '02': 5 },
  '44': { '01': 1, '02': 4.5, '08': 0.2 },
  '46': { '01': 17, '02': 2.5, '08': 0.3, '05': 0.1 },
  '48': { '01': 5, '02': 2, '05': 0.8, '08': 0.5 },
  '51': { '01': 3, '02': 11, '08': 1.5, '05': 0.2 },
  '52': { '01': 4, '02': 6, '08': 6, '05': 0.2 },
  '56': { '01': 12, '02': 8, '08': 1, '05': 0.5, '04': 0.2, '13': 0.2 },
  '66': { '01': 6, '02': 9, '08': 7, '05': 0.5 },
  '68': { '01': 10, '02': 17, '08': 6, '05': 0.5, '04': 0.2, '13': 0.2 },
  '75': { '01': 10, '02': 26, '08': 1.5, '05': 0.5, '09': 0.1 },
  '79': {
    '01': 12,
    '02': 10,
    '08': 0.6,
    '05': 0.5,
    '03': 0.2,
    '04': 0.1,
    '09': 0.1,
    '06': 0.05,
    '07': 0.05,
    '14': 0.005,
  },
  '80': { '05': 14, '01': 6, '02': 2.5, '08': 0.3, '04': 0.1, '06': 0.05, '12': 0.01 },
  '82': { '01': 8, '03': 5, '05': 3, '02': 3, '09': 0.2, '10': 0.1 },
  '86': { '01': 14, '02': 4, '05': 4, '03': 0.5, '10': 0.1 },
  '91': { '03': 20, '01': 10, '02': 2, '05': 1.5, '04': 0.4, '10': 0.3, '09': 0.2, '11': 0.1 },
  '92': { '01': 15, '03': 5, '02': 2.5, '05': 2 },
  '96': { '01': 10, '02': 2, '05': 2, '08': 0.5, '03': 0.5 },
};

/** Groups whose religion differs from their province's: the group's own shares replace the province's. */
const HIGHLANDS = ['10', '12', '13', '14', '16', '19', '20', '22', '27', '28', '30', '36'];
const CHAM_BALAMON_PROVINCES = new Set(['56', '68']);

function groupReligion(ethnicity: string, province: string): Shares | undefined {
  if (ethnicity === '05') return { '01': 88, '02': 1 }; // Khơ-me: Theravada Buddhists
  if (ethnicity === '04') return { '01': 22, '02': 3, '08': 1 }; // Hoa
  if (ethnicity === '17') return CHAM_BALAMON_PROVINCES.has(province) ? { '13': 50, '04': 25 } : { '04': 90 };
  if (ethnicity === '08') return { '08': province === '11' || province === '12' ? 35 : 25, '02': 1 }; // HMông
  if (HIGHLANDS.includes(ethnicity)) return { '08': 30, '02': 22, '01': 1 };
  return undefined;
}

function withRemainder(shares: Shares, rest: string): Weighted<string> {
  const pairs = Object.entries(shares);
  const sum = pairs.reduce((s, [, v]) => s + v, 0);
  if (sum > 100) throw new Error(`shares add up to ${sum}%`);
  return Weighted.of<string>([[rest, 100 - sum], ...pairs]);
}

export const PROVINCES_WITH_PROFILES: readonly string[] = Object.keys(MINORITIES);

const ethnicTables = new Map<string, Weighted<string>>();
const religionTables = new Map<string, Weighted<string>>();

/** Ethnicity code distribution for a current province. */
export function ethnicityTable(province: string): Weighted<string> {
  let t = ethnicTables.get(province);
  if (!t) {
    const shares = MINORITIES[province];
    if (!shares) throw new Error(`no ethnicity profile for province ${province}`);
    t = withRemainder(shares, '01');
    ethnicTables.set(province, t);
  }
  return t;
}

/** Religion code distribution for someone of `ethnicity` living in `province`. */
export function religionTable(province: string, ethnicity: string): Weighted<string> {
  const group = groupReligion(ethnicity, province);
  const key = group ? `${province}|${ethnicity}` : province;
  let t = religionTables.get(key);
  if (!t) {
    const shares = group ?? RELIGIONS[province];
    if (!shares) throw new Error(`no religion profile for province ${province}`);
    t = withRemainder(shares, '00');
    religionTables.set(key, t);
  }
  return t;
}
