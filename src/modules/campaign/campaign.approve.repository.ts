// SQL that approval needs beyond the registry's own repository: finding the registry person a ballot declares
// when it has no PIN, and the other ballots of the campaign that already declared that person.
import type { DbOrTrx } from '../../db/database.ts';
import type { PersonRow } from '../registry/registry.repository.ts';
import { type BallotRow, campaignDb } from './campaign.review.repository.ts';
import type { BallotStatus } from './campaign.review.rules.ts';

/** Persons with this folded name and birth date (the match for a ballot without PIN). */
export async function findPersonsByNameDob(db: DbOrTrx, nameFolded: string, dob: string): Promise<PersonRow[]> {
  return campaignDb(db)
    .selectFrom('person')
    .selectAll()
    .where('name_folded', '=', nameFolded)
    .where('dob', '=', dob)
    .orderBy('id')
    .limit(20)
    .execute();
}

/** An approved ballot of the campaign, other than `exceptId`, that created or updated this person. */
export async function approvedBallotOfPerson(
  db: DbOrTrx,
  campaign: string,
  personId: number,
  exceptId: number,
): Promise<BallotRow | undefined> {
  return campaignDb(db)
    .selectFrom('ballot')
    .selectAll()
    .where('campaign_code', '=', campaign)
    .where('person_id', '=', personId)
    .where('status', '=', 'approved')
    .where('id', '<>', exceptId)
    .orderBy('id')
    .executeTakeFirst();
}

export async function statusOfBallot(db: DbOrTrx, id: number): Promise<BallotStatus | undefined> {
  const r = await campaignDb(db).selectFrom('ballot').select('status').where('id', '=', id).executeTakeFirst();
  return r?.status as BallotStatus | undefined;
}
