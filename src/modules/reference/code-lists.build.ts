// Builds the coded lists: ethnicity, religion, nationality (ISO 3166-1) and PIN birth-registration provinces.
import countries from 'i18n-iso-countries';
import { readCsv } from './reference.files.ts';
import type { CodeListTable, NationalityTable, PinProvinceTable } from './reference.table.ts';
import { asciiFold } from './vietnamese-text.ts';

/** Ethnonyms with an established English spelling; every other group is its Vietnamese name without diacritics. */
const ETHNICITY_EN: Record<string, string> = {
  '04': 'Hoa (Chinese)',
  '05': 'Khmer',
  '08': 'Hmong',
  '10': 'Jarai',
  '12': 'Ede',
  '13': 'Bahnar',
  '14': 'Sedang',
  '16': 'Koho',
  '21': 'Raglai',
  '22': 'Stieng',
  '26': 'Katu',
  '29': 'Khmu',
};

const RELIGION_EN: Record<string, string> = {
  '01': 'Buddhism',
  '02': 'Catholicism',
  '03': 'Hoa Hao Buddhism',
  '04': 'Islam',
  '05': 'Cao Dai',
  '06': 'Minh Su Dao',
  '07': 'Minh Ly Dao',
  '08': 'Protestantism',
  '09': 'Pure Land Buddhist Home Practice Association of Vietnam',
  '10': 'Tu An Hieu Nghia',
  '11': 'Buu Son Ky Huong',
  '12': "Baha'i Faith",
  '13': 'Brahmanism',
  '14': 'Mormonism (The Church of Jesus Christ of Latter-day Saints)',
};

/** Values the GSO lists lack but the registry must record (reference/codes/PROVENANCE.md). */
const ETHNICITY_OTHER: CodeListTable = {
  code: '99',
  name_vi: 'Người nước ngoài / khác',
  name_en: 'Foreign origin / other',
};
const RELIGION_NONE: CodeListTable = { code: '00', name_vi: 'Không', name_en: 'None' };

function codeList(dir: string, file: string, english: Record<string, string>): CodeListTable[] {
  return readCsv(dir, file, ['code', 'name_vi']).map(({ code, name_vi }) => ({
    code,
    name_vi,
    name_en: english[code] ?? asciiFold(name_vi),
  }));
}

export function buildEthnicities(dir: string): CodeListTable[] {
  return [...codeList(dir, 'codes/ethnic_groups_gso.csv', ETHNICITY_EN), ETHNICITY_OTHER];
}

export function buildReligions(dir: string): CodeListTable[] {
  return [RELIGION_NONE, ...codeList(dir, 'codes/religions_gso_1019-2008.csv', RELIGION_EN)];
}

/** ISO 3166-1 from i18n-iso-countries (MIT), whose Node entry point registers every locale including "vi". */
export function buildNationalities(): NationalityTable[] {
  return Object.keys(countries.getAlpha2Codes())
    .sort()
    .map((code) => ({
      code,
      alpha3: countries.alpha2ToAlpha3(code) ?? '',
      numeric: countries.alpha2ToNumeric(code) ?? '',
      name_vi: countries.getName(code, 'vi') ?? countries.getName(code, 'en') ?? code,
      name_en: countries.getName(code, 'en') ?? code,
    }));
}

export function buildPinProvinces(dir: string): PinProvinceTable[] {
  const file = 'codes/pin_birth_registration_province_codes.csv';
  return readCsv(dir, file, ['pin_code', 'gso_province_code', 'province_name_pre2025', 'successor_gso_code_2025']).map(
    (r) => ({
      pin_code: r.pin_code,
      province_code: r.gso_province_code,
      name: r.province_name_pre2025,
      successor_code: r.successor_gso_code_2025,
    }),
  );
}
