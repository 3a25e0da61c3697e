// Without a config, columns are recognised by their names (English and Vietnamese, with or without diacritics) and
// a configuration is built from them: comparisons suited to each kind of column, blocking rules that each need
// only one strict agreement (so a typo in one field is caught by another rule), and strict rules for the prior.
// The result is printed so that the user can copy, edit and pass it back with --config.
import { DEFAULTS, type FieldConfig, type LinkConfig } from './config.ts';
import { foldText } from './standardise.ts';

type Role =
  | 'given'
  | 'surname'
  | 'middle'
  | 'fullname'
  | 'othername'
  | 'dob'
  | 'dobYear'
  | 'dobMonth'
  | 'dobDay'
  | 'sex'
  | 'id'
  | 'phone'
  | 'email'
  | 'postcode'
  | 'number'
  | 'address'
  | 'city'
  | 'unit'
  | 'state'
  | 'occupation'
  | 'category';

/** Header patterns, matched against the folded header with words joined by "_". First match wins. */
const PATTERNS: [Role, RegExp][] = [
  ['othername', /^(father|mother|fathers|mothers)_?(full_)?name$|^ho_ten_(cha|me)$/],
  [
    'given',
    /^(given|first|fore|christian)_?names?$|^(fname|forename|firstname|givenname|given|first|ten|ten_goi|ten_khai_sinh)$/,
  ],
  ['surname', /^(sur|last|family)_?names?$|^(lname|surname|lastname|familyname|ho|ho_khai_sinh)$/],
  ['middle', /^middle_?names?$|^(middle|ten_dem|chu_dem|ten_lot)$/],
  ['fullname', /^(full_?name|name|person_name|ho_?ten|ho_va_ten|ho_ten_khai_sinh|ho_chu_dem_va_ten(_khai_sinh)?)$/],
  ['dob', /^(date_of_birth|dob|d_o_b|birth_?date|birthdate|birthday|date_born|ngay_sinh|ngay_thang_nam_sinh)$/],
  ['dobYear', /^(dob_year|birth_year|year_of_birth|yob|nam_sinh)$/],
  ['dobMonth', /^(dob_month|birth_month|month_of_birth|thang_sinh)$/],
  ['dobDay', /^(dob_day|birth_day|day_of_birth)$/],
  ['sex', /^(sex|gender|gioi_tinh|gioi)$/],
  [
    'id',
    /^(ssn|soc_sec_id|social_security(_number|_id|_no)?|pin|national_id(_number)?|nid|id_number|identity_number|id_card|so_dinh_danh(_ca_nhan)?|cccd|so_cccd|cmnd|so_cmnd(_9_so)?|old_id_number|passport(_number|_no)?|nino|tax_id|tin)$/,
  ],
  [
    'phone',
    /^(phone|phone_number|mobile|mobile_number|tel|telephone|cell|so_dien_thoai|dien_thoai|sdt|so_thue_bao(_di_dong)?)$/,
  ],
  ['email', /^(e_?mail|email_address|thu_dien_tu)$/],
  ['postcode', /^(postcode|post_code|postal_code|zip|zip_?code|postcode_fake|ma_buu_chinh)$/],
  ['number', /^(street_number|street_no|house_number|house_no|so_nha)$/],
  [
    'address',
    /^(address(_?\d)?|address_line_?\d?|street|street_name|street_address|dia_chi|permanent_address|current_address|noi_thuong_tru_dia_chi|noi_o_hien_tai_dia_chi)$/,
  ],
  ['city', /^(suburb|city|town|locality|birth_place|place_of_birth|noi_sinh|hometown|que_quan|thanh_pho)$/],
  [
    'unit',
    /^(permanent_unit|current_unit|unit_code|commune_code|ward_code|district_code|noi_thuong_tru_ma_xa|noi_o_hien_tai_ma_xa)$/,
  ],
  ['state', /^(state|province|region|county|tinh|tinh_thanh)$/],
  ['occupation', /^(occupation|job|job_title|profession|nghe_nghiep)$/],
  ['category', /^(ethnicity|ethnic_group|dan_toc|blood_group|nhom_mau)$/],
];

export function headerKey(header: string): string {
  return foldText(header).replace(/ /g, '_');
}

export function roleOf(header: string): Role | undefined {
  const key = headerKey(header);
  return PATTERNS.find(([, re]) => re.test(key))?.[0];
}

export interface Recognised {
  config: LinkConfig;
  ignored: string[];
}

const TYPE_OF: Partial<Record<Role, FieldConfig['type']>> = {
  given: 'given',
  surname: 'surname',
  middle: 'middle',
  othername: 'name',
  dob: 'date',
  sex: 'sex',
  id: 'id',
  phone: 'phone',
  email: 'email',
  postcode: 'postcode',
  number: 'number',
  address: 'address',
  city: 'address',
  unit: 'category',
  state: 'category',
  occupation: 'address',
  category: 'category',
};

/**
 * Roles of which only the first column is compared. Places nest (postcode in suburb in state) and household members
 * share them, so stacking several would count one piece of evidence several times under naive-Bayes independence:
 * siblings agreeing on commune, address, hometown and parents' names would outweigh different names and dates.
 */
const ONE_OF: readonly (readonly Role[])[] = [
  ['postcode', 'unit', 'city', 'state'],
  ['address'],
  ['number'],
  ['phone'],
  ['email'],
  ['given'],
  ['surname'],
  ['middle'],
  ['fullname'],
  ['dob'],
  ['sex'],
];

/** Builds a config from the columns common to all inputs, leaving out the id and truth columns. */
export function recogniseColumns(
  headers: readonly string[][],
  idColumn: string,
  exclude: readonly string[] = [],
): Recognised {
  const common = headers[0]!.filter((h) => headers.every((hs) => hs.includes(h)));
  const ignored: string[] = [];
  const found: { col: string; role: Role }[] = [];
  const dateParts: Partial<Record<'dobYear' | 'dobMonth' | 'dobDay', string>> = {};
  for (const col of common) {
    if (col === idColumn || exclude.includes(col)) continue;
    const role = roleOf(col);
    if (role === undefined) ignored.push(col);
    else if (role === 'othername') ignored.push(`${col} (shared within families)`);
    else if (role === 'dobYear' || role === 'dobMonth' || role === 'dobDay') dateParts[role] = col;
    else found.push({ col, role });
  }
  // Keep the first column of each ONE_OF group, in the group's order of preference.
  const kept = found.filter(({ col, role }) => {
    // A full name next to separate name columns says the same again.
    const part = found.find((f) => f.role === 'given' || f.role === 'surname');
    if (role === 'fullname' && part) {
      ignored.push(`${col} (overlaps ${part.col})`);
      return false;
    }
    const group = ONE_OF.find((g) => g.includes(role));
    if (!group) return true;
    const best = group.map((r) => found.find((f) => f.role === r)).find((f) => f !== undefined);
    if (best?.col === col) return true;
    ignored.push(`${col} (overlaps ${best!.col})`);
    return false;
  });
  const fields: FieldConfig[] = [];
  const byRole = new Map<Role, string[]>();
  for (const { col, role } of kept) {
    const name = headerKey(col) || col;
    byRole.set(role, [...(byRole.get(role) ?? []), name]);
    const field: FieldConfig = { name, type: role === 'fullname' ? 'fullname' : TYPE_OF[role]!, column: col };
    if (field.name === col) delete field.column;
    if (role === 'fullname') field.order = 'family-first';
    if (role === 'city' || role === 'occupation' || role === 'unit') field.tf = true;
    fields.push(field);
  }
  if (dateParts.dobYear && !byRole.has('dob')) {
    fields.push({
      name: 'dob',
      type: 'date',
      columns: { year: dateParts.dobYear, month: dateParts.dobMonth, day: dateParts.dobDay },
    });
    byRole.set('dob', ['dob']);
  } else for (const c of Object.values(dateParts)) ignored.push(c);
  const first = (r: Role) => byRole.get(r)?.[0];
  const full = first('fullname');
  const given = first('given') ?? (full ? `${full}.given` : undefined);
  const surname = first('surname') ?? (full ? `${full}.family` : undefined);
  const gf = fields.find((f) => f.name === first('given'));
  const sf = fields.find((f) => f.name === first('surname'));
  // The swapped level sits on the given name only, so a swap is counted once, not on both names.
  if (gf && sf) gf.swapWith = sf.name;
  const area = first('postcode') ?? first('unit') ?? first('city') ?? first('state');
  // House details only mean something within the same place; move the area ahead of them so that it can be referred to.
  const street = fields.find((f) => f.name === first('address'));
  const num = fields.find((f) => f.name === first('number'));
  const moveBefore = (f: FieldConfig, target: FieldConfig) => {
    if (fields.indexOf(f) > fields.indexOf(target))
      fields.splice(fields.indexOf(target), 0, ...fields.splice(fields.indexOf(f), 1));
  };
  const areaField = fields.find((f) => f.name === area);
  if (areaField && street) {
    moveBefore(areaField, street);
    street.within = areaField.name;
  }
  if (num && (street || areaField)) {
    if (areaField) moveBefore(areaField, num);
    if (street) moveBefore(street, num);
    num.within = street?.name ?? area;
  }
  return {
    config: chooseRules(fields, { given, surname, dob: first('dob'), area, full, middle: first('middle') }, byRole),
    ignored,
  };
}

interface Keys {
  given?: string;
  surname?: string;
  dob?: string;
  area?: string;
  full?: string;
  middle?: string;
}

/**
 * Each rule needs agreement on only its own keys, so the union survives an error in any one field: identifiers and
 * contact details alone; date of birth with a name, the area, the house; names with a birth year or the area; the
 * house itself. Rules joining two common values (a common surname in a big area) make giant blocks at scale: the
 * largest blocks of such a rule are skipped (block-size cap and per-rule pair budget) and the rest of it still works.
 */
function chooseRules(fields: FieldConfig[], k: Keys, byRole: Map<Role, string[]>): LinkConfig {
  const { given: g, surname: s, dob: d, area: a } = k;
  const num = byRole.get('number')?.[0];
  const street = byRole.get('address')?.[0];
  const year = d && `${d}:year`;
  const blocking: string[][] = [];
  const add = (...keys: (string | undefined)[]) => {
    if (keys.every((x) => x !== undefined) && !blocking.some((r) => r.join() === keys.join()))
      blocking.push(keys as string[]);
  };
  for (const id of byRole.get('id') ?? []) add(id);
  for (const e of byRole.get('email') ?? []) add(`${e}:user`);
  for (const p of byRole.get('phone') ?? []) add(p);
  add(s && `${s}:phonetic`, d);
  add(g && `${g}:phonetic`, d);
  add(d, s && `${s}:initial`);
  add(d, g && `${g}:initial`);
  add(g, s, year);
  add(g && s && `${g}|${s}`);
  add(s && `${s}:phonetic`, year, a);
  add(g && `${g}:phonetic`, year, a);
  add(d, a);
  add(d, num);
  add(d, street);
  add(s, a);
  add(g, a);
  // The same house, even where the postcode or town was mistyped; a very common number-and-street pair makes big
  // blocks at scale, which the per-rule budget skips.
  add(num, street);
  if (blocking.length === 0) {
    // Nothing person-like was recognised: block on each recognised column alone.
    for (const f of fields.slice(0, 3)) blocking.push([f.type === 'fullname' ? `${f.name}.given` : f.name]);
  }
  const names = k.full
    ? [`${k.full}.family`, `${k.full}.middle`, `${k.full}.given`]
    : [s, k.middle, g].filter((x) => x !== undefined);
  const prior: string[][] = [];
  if (names.length > 0 && d) prior.push([...names, d]);
  for (const id of byRole.get('id') ?? []) prior.push(d ? [id, d] : [id]);
  // EM sessions on person-level keys only: blocking on a place would fill a session with households, whose shared
  // address and surname EM would then learn as the signature of a match.
  const training: string[][] = [];
  for (const id of byRole.get('id') ?? []) training.push([id]);
  if (d) training.push([d]);
  if (g && s) training.push([g, s]);
  else if (g || s) training.push([(g ?? s)!]);
  const config: LinkConfig = { fields, blocking };
  if (training.length > 0) config.training = training;
  if (prior.length > 0) config.prior = { rules: prior, recall: DEFAULTS.priorRecall };
  return config;
}

/** The config as compact JSON: one field or rule per line, ready to copy into a file. */
export function formatConfig(c: LinkConfig): string {
  const lines = ['{'];
  const entries = Object.entries(c).filter(([, v]) => v !== undefined);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(value)) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      for (let j = 0; j < value.length; j++)
        lines.push(`    ${JSON.stringify(value[j])}${j < value.length - 1 ? ',' : ''}`);
      lines.push(`  ]${comma}`);
    } else lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
  });
  lines.push('}');
  return lines.join('\n');
}
