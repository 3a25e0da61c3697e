// Row-local rules of a DC02 ballot (one field of one resident to update or correct). The requested value is judged
// by the very rule of the DC01 column it replaces: it is put into a ballot that is otherwise valid and only the
// problems of that column are kept. Whether the PIN is in the registry and whether the "current value" matches it
// are checked against the registry for the whole batch (campaign.validation.cross.ts).
import { firstDay, parseDateInput } from '../../../domain/dates.ts';
import { DC01_FIELDS, type Dc01Key } from '../../../domain/dc01.ts';
import { DC02_CHANGE_KINDS, DC02_CHANGEABLE, DC02_KEYS, type Dc02Key } from '../../../domain/dc02.ts';
import { foldName } from '../../../domain/names.ts';
import type { ReferenceCatalog } from '../../reference/catalog.ts';
import { type Issue, issue } from '../campaign.rules.ts';
import {
  type BallotFacts,
  ballotData,
  ballotRef,
  type RowCheck,
  uniqueIssues,
  type ValidationContext,
} from './campaign.validation.common.ts';
import { currentCommune, inUnit, validateDc01Row } from './campaign.validation.dc01.ts';

const PIN_RE = /^\d{12}$/;

/** The DC01 column a DC02 row names, by key or by its Vietnamese or English label (any case). */
const FIELD_BY_NAME = new Map<string, Dc01Key>(
  DC01_FIELDS.flatMap((f) => [
    [f.key, f.key],
    [f.vi.toLowerCase(), f.key],
    [f.en.toLowerCase(), f.key],
  ]),
);

export function dc02FieldKey(raw: string): Dc01Key | undefined {
  return FIELD_BY_NAME.get(raw.trim().toLowerCase());
}

const KIND_BY_NAME = new Map<string, string>(
  Object.entries(DC02_CHANGE_KINDS).flatMap(([k, vi]) => [
    [k, k],
    [vi.toLowerCase(), k],
  ]),
);

/** A DC01 ballot that breaks no rule, valid for `catalog` on `today`: the background a new value is judged in. */
const templates = new WeakMap<ReferenceCatalog, Map<string, Record<string, string>>>();

function templateRow(catalog: ReferenceCatalog, today: string): Record<string, string> {
  let byDay = templates.get(catalog);
  if (!byDay) {
    byDay = new Map();
    templates.set(catalog, byDay);
  }
  let row = byDay.get(today);
  if (!row) {
    const commune = catalog.unitsOn(today, { level: 'commune' })[0]?.code ?? '';
    row = {
      full_name: 'Nguyễn Văn An',
      date_of_birth: '1990-01-01',
      sex: 'Nam',
      birth_registration_place: commune,
      hometown: commune,
      place_of_birth: commune,
      ethnicity: '01',
      religion: '00',
      nationality: 'VN',
      marital_status: 'single',
      permanent_unit: commune,
      current_unit: commune,
      unit_ref_date: today,
    };
    byDay.set(today, row);
  }
  return row;
}

/** Problems of `value` as the DC01 column `key`, by the DC01 rules (an empty value clears an optional column). */
export function checkDc01Value(key: Dc01Key, value: string, ctx: ValidationContext): Issue[] {
  const row = { ...templateRow(ctx.catalog, ctx.today), [key]: value };
  const checked = validateDc01Row(row, { ...ctx, jurisdiction: null });
  return checked.issues.filter((i) => i.field === key);
}

export function validateDc02Row(values: Record<string, string>, ctx: ValidationContext): RowCheck {
  const data = ballotData(values, DC02_KEYS);
  const get = (k: Dc02Key): string => data[k] ?? '';
  const { catalog, today } = ctx;
  const out: Issue[] = [];

  const pin = get('pin');
  if (pin === '') out.push(issue('pin', 'required', ''));
  else if (!PIN_RE.test(pin)) out.push(issue('pin', 'pin.format', pin, 'must be 12 digits'));

  const fieldRaw = get('field');
  const field = fieldRaw ? dc02FieldKey(fieldRaw) : undefined;
  if (fieldRaw === '') out.push(issue('field', 'required', ''));
  else if (!field || !DC02_CHANGEABLE.includes(field)) {
    out.push(
      issue('field', 'dc02.field_not_changeable', fieldRaw, `one of: ${DC02_CHANGEABLE.join(', ')} (key or label)`),
    );
  }
  // The ref names the column by key, whichever way the row wrote it.
  if (field && data.field !== field) data.field = field;

  if (field && DC02_CHANGEABLE.includes(field)) {
    for (const x of checkDc01Value(field, get('new_value'), ctx)) {
      out.push(issue('new_value', x.rule, x.value ?? get('new_value'), `${field}: ${x.message}`));
    }
  }

  const kind = get('change_kind');
  if (kind !== '' && !KIND_BY_NAME.has(kind.toLowerCase())) {
    out.push(issue('change_kind', 'enum', kind, `must be one of ${Object.keys(DC02_CHANGE_KINDS).join(', ')}`));
  }
  let receivedOn = today;
  for (const k of ['effective_date', 'collected_on'] as const) {
    const raw = get(k);
    if (raw === '') continue;
    const d = parseDateInput(raw);
    if (!d.ok || d.value.length !== 10)
      out.push(issue(k, 'date.format', raw, d.ok ? 'a full date is needed' : d.reason));
    else if (firstDay(d.value) > today) out.push(issue(k, 'date.future', raw, `must not be after today (${today})`));
    else if (k === 'collected_on') receivedOn = d.value;
  }
  const requester = get('requester_pin');
  if (requester !== '' && !PIN_RE.test(requester))
    out.push(issue('requester_pin', 'pin.format', requester, 'must be 12 digits'));

  let unitCode: string | null = null;
  let provinceCode: string | null = null;
  const unit = get('unit_code');
  if (unit === '') out.push(issue('unit_code', 'required', ''));
  else {
    const version = catalog.unitOn(unit, receivedOn);
    if (!version) {
      const rule = catalog.latestUnit(unit) ? 'unit.not_valid_on_date' : 'unit.unknown';
      out.push(issue('unit_code', rule, unit));
    } else if (version.level !== 'commune') {
      out.push(issue('unit_code', 'unit.level', unit, `must be a commune-level unit, ${unit} is a ${version.level}`));
    } else {
      const here = currentCommune(catalog, unit, receivedOn);
      unitCode = here?.unit ?? null;
      provinceCode = here?.province ?? null;
      if (here && !inUnit(catalog, ctx.jurisdiction, here.communes)) {
        out.push(
          issue('unit_code', 'unit.out_of_jurisdiction', unit, `outside your jurisdiction (${ctx.jurisdiction})`),
        );
      }
    }
  }

  const fullName = get('full_name');
  const dob = parseDateInput(get('date_of_birth'));
  const facts: BallotFacts = {
    ref: ballotRef('DC02', data),
    pin: PIN_RE.test(pin) ? pin : null,
    fullName: fullName || null,
    nameFolded: fullName ? foldName(fullName) : null,
    dob: dob.ok ? dob.value : null,
    unitCode,
    provinceCode,
    fatherPin: null,
    motherPin: null,
    fatherName: '',
    motherName: '',
    dc02: { field: field ?? fieldRaw, oldValue: get('old_value'), newValue: get('new_value') },
  };
  return { issues: uniqueIssues(out), facts, data };
}
