// Every migration, in order. Listed statically so the same code runs from TypeScript sources and compiled output.
import type { Migration } from 'kysely';
import * as m001 from './20261128_001_create_reference.ts';
import * as m002 from './20261128_002_create_registry.ts';
import * as m003 from './20261128_003_create_access.ts';
import * as m004 from './20261128_004_create_audit.ts';
import * as m005 from './20261128_005_create_campaign.ts';
import * as m006 from './20261128_006_create_dedup.ts';
import * as m007 from './20261128_007_create_quality.ts';
import * as m008 from './20261207_008_access_tokens.ts';
import * as m009 from './20261207_009_audit_guard.ts';
import * as m010 from './20261207_010_registry_notices.ts';
import * as m011 from './20261208_011_create_cards.ts';
import * as m012 from './20261208_012_card_approved_index.ts';

export const migrations: Record<string, Migration> = {
  '20261128_001_create_reference': m001,
  '20261128_002_create_registry': m002,
  '20261128_003_create_access': m003,
  '20261128_004_create_audit': m004,
  '20261128_005_create_campaign': m005,
  '20261128_006_create_dedup': m006,
  '20261128_007_create_quality': m007,
  '20261207_008_access_tokens': m008,
  '20261207_009_audit_guard': m009,
  '20261207_010_registry_notices': m010,
  '20261208_011_create_cards': m011,
  '20261208_012_card_approved_index': m012,
};
