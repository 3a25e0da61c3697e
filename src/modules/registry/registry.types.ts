// The registry's answers as other modules, routes and the CLI see them: the types of the response schemas
// (registry.schemas.base.ts), so that an answer and its OpenAPI description cannot drift apart. A person's state
// keeps its own richer type (person.model.ts: the schema says `string` where the model says 'M' | 'F').
import type { Static } from 'typebox';
import type { PersonState } from './person.model.ts';
import type { NoticeRef } from './registry.notices.ts';
import type {
  HistoryEntry as HistoryEntrySchema,
  PersonSummary as PersonSummarySchema,
  PersonView as PersonViewSchema,
  PinHistoryItem as PinHistoryItemSchema,
} from './registry.schemas.base.ts';

export type PinHistoryItem = Static<typeof PinHistoryItemSchema>;

export type PersonView = Omit<Static<typeof PersonViewSchema>, 'state' | 'notices'> & {
  state: PersonState;
  /** Changes an event left for another jurisdiction to confirm (second parties outside the recorder's). */
  notices?: NoticeRef[];
};

export type HistoryEntry = Static<typeof HistoryEntrySchema>;

export type PersonSummary = Static<typeof PersonSummarySchema>;
