// Kysely table interfaces of the registry: persons (current state), their change history, PINs and households.
import type { Generated } from 'kysely';

/** A person's stable internal identity and current state (as of today, as known now), kept for fast reads. */
export interface PersonTable {
  id: Generated<number>;
  /** Active personal identification number. */
  pin: string;
  full_name: string;
  /** Full name folded: lower case, no diacritics, đ→d, single spaces. */
  name_folded: string;
  /** Date of birth, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD. */
  dob: string;
  birth_year: number;
  sex: 'M' | 'F';
  /** 'merged': retired by a merge into another person (its PIN is then an alias of the survivor's). */
  status: 'alive' | 'dead' | 'missing' | 'merged';
  /** Current commune of residence (permanent, else temporary, else current place), current unit code. */
  res_unit: string | null;
  /** Current province of that residence. */
  res_province: string | null;
  household_code: string | null;
  old_id_number: string | null;
  /** Number of changes recorded; the ETag of the person. */
  version: number;
  created_at: string;
  updated_at: string;
  /** The full current state as JSON (PersonState). */
  data: string;
}

/** One recorded change: the fields it sets, from which valid date, recorded when and by whom. Append-only. */
export interface PersonChangeTable {
  id: Generated<number>;
  person_id: number;
  /** 1, 2, 3… per person, in the order recorded. */
  seq: number;
  /** The date the new values hold from in the world (valid time), YYYY-MM-DD. */
  valid_from: string;
  /** When the registry recorded it (transaction time), ISO 8601 UTC with milliseconds. */
  recorded_at: string;
  recorded_by: string;
  event: string;
  reason: string | null;
  source_doc: string | null;
  /** JSON object: field name → new value. */
  changes: string;
}

export interface PersonPinTable {
  pin: string;
  person_id: number;
  /** 'merged': the PIN of a person retired by a merge; it resolves to `replaced_by`, the survivor's PIN. */
  status: 'active' | 'cancelled' | 'merged';
  issued_at: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
  /** For a cancelled or merged PIN, the PIN that replaced it. */
  replaced_by: string | null;
}

export interface HouseholdTable {
  code: string;
  unit_code: string | null;
  address: string | null;
  created_at: string;
}

/** Ballots loaded without a PIN (their PIN was allocated at load). */
export interface LoadBallotTable {
  ballot_id: string;
  person_id: number;
}

/** A change an event would make to a person outside the recording officer's jurisdiction, awaiting that person's officer. */
export interface RegistryNoticeTable {
  id: Generated<number>;
  kind: string;
  target_person_id: number;
  /** JSON NoticePlan: valid date, event, reason, source document, fields to set, a child to add. */
  changes: string;
  source_person_id: number;
  source_seq: number | null;
  source_event: string;
  created_by: string;
  created_at: string;
  status: 'pending' | 'confirmed' | 'rejected';
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

export interface RegistryTables {
  registry_notice: RegistryNoticeTable;
  load_ballot: LoadBallotTable;
  person: PersonTable;
  person_change: PersonChangeTable;
  person_pin: PersonPinTable;
  household: HouseholdTable;
}
