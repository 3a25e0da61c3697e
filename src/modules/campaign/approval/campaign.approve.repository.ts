// SQL of the ballots that approval needs: the other ballots of the campaign that already declared a person, and a
// ballot's status. Registry persons are read through the registry's door (registry.tx.ts).
import type { DbOrTrx } from '../../../db/database.ts';
import type { BallotRow } from '../review/campaign.review.repository.ts';
import type { BallotStatus } from '../review/campaign.review.rules.ts';

/** An approved ballot of the campaign, other than `exceptId`, that created or updated this person. */
export async function approvedBallotOfPerson(
  db: DbOrTrx,
  campaign: string,
  personId: number,
  exceptId: number,
): Promise<BallotRow | undefined> {
  return db
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
  const r = await db.selectFrom('ballot').select('status').where('id', '=', id).executeTakeFirst();
  return r?.status as BallotStatus | undefined;
}
