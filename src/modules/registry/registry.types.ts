// The registry's answers as other modules, routes and the CLI see them.
import type { PersonState } from './person.model.ts';
import type { NoticeRef } from './registry.notices.ts';

export interface PinHistoryItem {
  pin: string;
  status: string;
  issuedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  replacedBy: string | null;
}

export interface PersonView {
  pin: string;
  requestedPin: string;
  status: string;
  version: number;
  asOf: string;
  knownAt: string | null;
  state: PersonState;
  pins: PinHistoryItem[];
  /** Fields emptied because the reader may not see them (sensitive data). */
  masked: string[];
  /** The PIN asked for, when it belongs to a person merged into this one. */
  mergedFrom?: string;
  /** Changes an event left for another jurisdiction to confirm (second parties outside the recorder's). */
  notices?: NoticeRef[];
}

export interface HistoryEntry {
  seq: number;
  validFrom: string;
  recordedAt: string;
  recordedBy: string;
  event: string;
  reason: string | null;
  sourceDocument: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
  /** The PIN of a person merged into this one, whose recorded change this is. */
  mergedFrom?: string;
}

export interface PersonSummary {
  pin: string;
  fullName: string;
  dateOfBirth: string;
  sex: string;
  status: string;
  residenceUnit: string | null;
  residenceProvince: string | null;
  householdCode: string | null;
}
