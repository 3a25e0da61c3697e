// The person record: every item of Law 26/2023 Art 9 as one flat state object whose fields are versioned
// one by one. A change sets some fields from a valid date on; the state at (valid date, known at) is the fold
// of the changes recorded by then, each field taken from the change with the latest valid date (ties: the later
// recorded change). Corrections are changes with the same valid date as what they correct.
import type { BloodGroup, MaritalStatus, RelationToHead, Sex } from '../../domain/dc01.ts';

/** An address: the administrative unit code, the date that code refers to, and free text. */
export interface Address {
  unitCode: string;
  /** The date the unit code refers to (codes are reused across reorganisations), YYYY-MM-DD. */
  unitDate: string;
  detail: string;
}

export interface Residence extends Address {
  /** Registered since (YYYY-MM-DD), when known. */
  since: string | null;
  /** End of the registered term (temporary residence), YYYY-MM-DD. */
  until: string | null;
}

export interface TemporaryAbsence {
  from: string;
  to: string | null;
  destination: string | null;
  reason: string | null;
}

/** A relative or representative: by PIN where known, else name (and old ID). */
export interface RelatedPerson {
  pin: string | null;
  name: string;
  oldIdNumber: string | null;
  nationality: string | null;
}

export interface HouseholdMembership {
  code: string;
  relationToHead: RelationToHead;
}

export interface DeathOrMissing {
  kind: 'dead' | 'missing';
  date: string;
}

/** An identity document the person was issued (Art 9 item 14): old CMND, chip citizen card, Căn cước. */
export type IdCardRecord = {
  number: string;
  kind: 'cmnd9' | 'cmnd12' | 'cccd_barcode' | 'cccd_chip' | 'can_cuoc';
  issuedOn: string;
  issuedBy: string;
  /** null: valid for life. */
  expiresOn: string | null;
};

export interface PersonState {
  pin: string;
  fullName: string;
  otherNames: string[];
  /** Partial dates allowed for legacy records: YYYY, YYYY-MM or YYYY-MM-DD. */
  dateOfBirth: string;
  sex: Sex;
  placeOfBirth: Address | null;
  birthRegistrationPlace: Address | null;
  hometown: Address | null;
  ethnicity: string;
  religion: string;
  nationalities: string[];
  bloodGroup: BloodGroup | null;
  oldIdNumber: string | null;
  /** Every identity card handed over, oldest first; appended by the card module at hand-over. */
  idCards: IdCardRecord[];
  father: RelatedPerson | null;
  mother: RelatedPerson | null;
  spouse: RelatedPerson | null;
  children: RelatedPerson[];
  legalRepresentative: RelatedPerson | null;
  representedPersons: RelatedPerson[];
  permanentResidence: Residence | null;
  temporaryResidence: Residence | null;
  currentResidence: Residence | null;
  temporaryAbsence: TemporaryAbsence | null;
  residenceFileNumber: string | null;
  maritalStatus: MaritalStatus;
  household: HouseholdMembership | null;
  death: DeathOrMissing | null;
  phone: string | null;
  email: string | null;
  /** "Other information prescribed by the Government" (Art 9 item 26). */
  extra: Record<string, unknown>;
}

export type PersonField = keyof PersonState;

export const PERSON_FIELDS: readonly PersonField[] = [
  'pin',
  'fullName',
  'otherNames',
  'dateOfBirth',
  'sex',
  'placeOfBirth',
  'birthRegistrationPlace',
  'hometown',
  'ethnicity',
  'religion',
  'nationalities',
  'bloodGroup',
  'oldIdNumber',
  'idCards',
  'father',
  'mother',
  'spouse',
  'children',
  'legalRepresentative',
  'representedPersons',
  'permanentResidence',
  'temporaryResidence',
  'currentResidence',
  'temporaryAbsence',
  'residenceFileNumber',
  'maritalStatus',
  'household',
  'death',
  'phone',
  'email',
  'extra',
];

/** Values of a state before anything is known, so a fold always yields every field. */
export function blankState(): PersonState {
  return {
    pin: '',
    fullName: '',
    otherNames: [],
    dateOfBirth: '',
    sex: 'M',
    placeOfBirth: null,
    birthRegistrationPlace: null,
    hometown: null,
    ethnicity: '',
    religion: '00',
    nationalities: [],
    bloodGroup: null,
    oldIdNumber: null,
    idCards: [],
    father: null,
    mother: null,
    spouse: null,
    children: [],
    legalRepresentative: null,
    representedPersons: [],
    permanentResidence: null,
    temporaryResidence: null,
    currentResidence: null,
    temporaryAbsence: null,
    residenceFileNumber: null,
    maritalStatus: 'single',
    household: null,
    death: null,
    phone: null,
    email: null,
    extra: {},
  };
}

/** One recorded change, as read back from the history table. */
export interface PersonChange {
  seq: number;
  validFrom: string;
  recordedAt: string;
  recordedBy: string;
  event: string;
  reason: string | null;
  sourceDoc: string | null;
  changes: Partial<PersonState>;
}

/**
 * The state as of valid date `asOf` as the registry knew it at `knownAt` (ISO timestamp), or null when no
 * recorded change applies yet (before birth, or before the record existed).
 */
export function foldState(changes: readonly PersonChange[], asOf: string, knownAt?: string): PersonState | null {
  const applicable = changes
    .filter((c) => c.validFrom <= asOf && (knownAt === undefined || c.recordedAt <= knownAt))
    .sort((a, b) => (a.validFrom === b.validFrom ? a.seq - b.seq : a.validFrom < b.validFrom ? -1 : 1));
  if (applicable.length === 0) return null;
  const state = blankState();
  for (const c of applicable) Object.assign(state, c.changes);
  return state;
}

/** The change (if any) that supplies `field` in the state at (asOf, knownAt). */
export function sourceOfField(
  changes: readonly PersonChange[],
  field: PersonField,
  asOf: string,
  knownAt?: string,
): PersonChange | undefined {
  let best: PersonChange | undefined;
  for (const c of changes) {
    if (!(field in c.changes) || c.validFrom > asOf || (knownAt !== undefined && c.recordedAt > knownAt)) continue;
    if (!best || c.validFrom > best.validFrom || (c.validFrom === best.validFrom && c.seq > best.seq)) best = c;
  }
  return best;
}

/** The place of residence used for jurisdiction and statistics: permanent, else temporary, else current place. */
export function residenceOf(state: PersonState): Residence | null {
  return state.permanentResidence ?? state.temporaryResidence ?? state.currentResidence;
}

export function statusOf(state: PersonState): 'alive' | 'dead' | 'missing' {
  return state.death ? state.death.kind : 'alive';
}

/** The state without fields at their blank value: what is stored, so a million records stay small. */
const BLANK = Object.freeze(blankState()) as unknown as Record<string, unknown>;

export function compactState(s: Partial<PersonState>): Partial<PersonState> {
  const blank = BLANK;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    const b = blank[k];
    if (v === b) continue;
    if (Array.isArray(v) && v.length === 0 && Array.isArray(b)) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 && k === 'extra')
      continue;
    out[k] = v;
  }
  return out as Partial<PersonState>;
}

/** Reads a stored (compact) state back into a full one. */
export function parseState(json: string): PersonState {
  return { ...blankState(), ...(JSON.parse(json) as Partial<PersonState>) };
}
