// Kysely table interfaces of the card module: photos, applications, production batches, cards, their event log
// and the list of persons due a card. Dates are YYYY-MM-DD, times ISO 8601, JSON as text.
import type { Generated } from 'kysely';

export type CardApplicationReason =
  | 'first'
  | 'renewal'
  | 'change'
  | 'sex_reregistration'
  | 'pin_reestablishment'
  | 'lost'
  | 'damaged';

export type CardApplicationStatus =
  | 'received'
  | 'approved'
  | 'in_production'
  | 'produced'
  | 'delivered'
  | 'issued'
  | 'refused'
  | 'cancelled';

export type CardStatus =
  | 'in_production'
  | 'produced'
  | 'failed'
  | 'delivered'
  | 'active'
  | 'locked'
  | 'revoked'
  | 'retained'
  | 'withdrawn';

export interface CardPhotoTable {
  id: Generated<number>;
  person_id: number;
  media_type: string;
  bytes: Uint8Array;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  captured_at: string;
  source: 'capture' | 'placeholder';
}

export interface CardApplicationTable {
  id: Generated<number>;
  person_id: number;
  pin: string;
  reason: CardApplicationReason;
  status: CardApplicationStatus;
  status_reason: string | null;
  /** Commune code of the place of receipt. */
  received_unit: string;
  /** The person's residence (commune, province) when applying: jurisdiction and due lists. */
  unit_code: string | null;
  province_code: string | null;
  received_at: string;
  received_by: string;
  decided_at: string | null;
  decided_by: string | null;
  /** JSON: the legal representative of an applicant under 14; null otherwise. */
  representative: string | null;
  photo_id: number | null;
  /** JSON PrintedCard snapshot taken at approval; null before. */
  printed: string | null;
  batch_id: number | null;
  card_id: number | null;
  replaces_card_id: number | null;
  version: number;
  updated_at: string;
}

export interface CardBatchTable {
  id: Generated<number>;
  status: 'built' | 'exported' | 'closed';
  created_at: string;
  created_by: string;
  /** null: every province. */
  province_code: string | null;
  cards: number;
  produced: number;
  failed: number;
  signer_id: string | null;
  exported_at: string | null;
  closed_at: string | null;
}

export interface CardTable {
  id: Generated<number>;
  application_id: number;
  person_id: number;
  /** The 12-digit PIN. */
  number: string;
  /** The MRZ document number: the last 9 digits of the PIN. */
  doc_number: string;
  generation: '2021' | '2024';
  issued_on: string;
  /** null: valid for life. */
  expires_on: string | null;
  status: CardStatus;
  status_reason: string | null;
  status_at: string;
  batch_id: number | null;
  /** The three MRZ lines joined by \n. */
  mrz: string;
  qr: string;
  /** CMS SignedData (DER) over the data-group hashes. */
  sod: Uint8Array | null;
  dg13: Uint8Array | null;
  signer_id: string | null;
  unit_code: string | null;
  province_code: string | null;
  created_at: string;
  version: number;
}

export interface CardEventTable {
  id: Generated<number>;
  card_id: number | null;
  application_id: number | null;
  at: string;
  by: string;
  type: string;
  reason: string | null;
  /** JSON, or null. */
  details: string | null;
}

export interface CardDueTable {
  person_id: number;
  pin: string;
  unit_code: string | null;
  province_code: string | null;
  due_on: string;
  cause: 'first' | 'age_14' | 'age_25' | 'age_40' | 'age_60';
  card_id: number | null;
  computed_on: string;
}

export interface CardTables {
  card_photo: CardPhotoTable;
  card_application: CardApplicationTable;
  card_batch: CardBatchTable;
  card: CardTable;
  card_event: CardEventTable;
  card_due: CardDueTable;
}
