// The database type: only assembles the table interfaces of the modules.
import type { Kysely, Transaction } from 'kysely';
import type { AccessTables } from '../modules/access/access.table.ts';
import type { AuditTables } from '../modules/audit/audit.table.ts';
import type { CampaignTables } from '../modules/campaign/campaign.table.ts';
import type { CardTables } from '../modules/card/card.table.ts';
import type { DedupTables } from '../modules/dedup/dedup.table.ts';
import type { QualityTables } from '../modules/quality/quality.table.ts';
import type { ReferenceTables } from '../modules/reference/reference.table.ts';
import type { RegistryTables } from '../modules/registry/registry.table.ts';

export interface Database
  extends AccessTables,
    AuditTables,
    CampaignTables,
    CardTables,
    DedupTables,
    QualityTables,
    ReferenceTables,
    RegistryTables {}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** What repositories accept: the database or an open transaction. */
export type DbOrTrx = Db | Trx;
