// Response shapes, straight from the server's TypeBox schemas (types only, nothing is bundled), so that a change
// of the API fails the web type check. Units are typed here: their schema module pulls in the reference service.
import type { Static } from 'typebox';
import type {
  AuthUser as AuthUserSchema,
  CreatedUserResponse as CreatedUserResponseSchema,
  LoginResponse as LoginResponseSchema,
  MeResponse as MeResponseSchema,
  TotpEnrolmentSchema,
  UserRecord as UserRecordSchema,
} from '../../../src/modules/access/access.schemas.ts';
import type {
  AuditEntry as AuditEntrySchema,
  AuditSearchResult as AuditSearchResultSchema,
  VerifyReport as VerifyReportSchema,
} from '../../../src/modules/audit/audit.schemas.ts';
import type {
  HistoryView as HistoryViewSchema,
  PersonView as PersonViewSchema,
  SearchResult as SearchResultSchema,
} from '../../../src/modules/registry/registry.schemas.ts';

export type PersonView = Static<typeof PersonViewSchema>;
export type PersonState = PersonView['state'];
export type SearchResult = Static<typeof SearchResultSchema>;
export type PersonSummary = SearchResult['items'][number];
export type HistoryView = Static<typeof HistoryViewSchema>;
export type HistoryEntry = HistoryView['entries'][number];
export type Address = NonNullable<PersonState['placeOfBirth']>;
export type Residence = NonNullable<PersonState['permanentResidence']>;
export type Related = NonNullable<PersonState['father']>;

export type UnitLevel = 'province' | 'district' | 'commune';

export interface AdminUnit {
  level: UnitLevel;
  code: string;
  name: string;
  fullName: string;
  unitType: string;
  nameEn: string;
  parentCode: string | null;
  provinceCode: string;
  validFrom: string;
  validTo: string | null;
}

export interface UnitRef {
  code: string;
  level: UnitLevel;
  name: string;
  fullName: string;
}

export interface UnitView extends AdminUnit {
  parent: UnitRef | null;
  current: { kind: string; units: UnitRef[] } | null;
}

export interface CodeItem {
  code: string;
  nameVi: string;
  nameEn: string;
}

export type SessionUser = Static<typeof AuthUserSchema>;
export type Session = Static<typeof LoginResponseSchema> | Static<typeof MeResponseSchema>;
export type UserItem = Static<typeof UserRecordSchema>;
export type TotpEnrolment = Static<typeof TotpEnrolmentSchema>;
export type CreatedUser = Static<typeof CreatedUserResponseSchema>;

export type AuditEntry = Static<typeof AuditEntrySchema>;
export type AuditPage = Static<typeof AuditSearchResultSchema>;
export type AuditVerify = Static<typeof VerifyReportSchema>;
