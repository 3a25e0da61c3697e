// Approval applies one ballot to the registry inside the caller's transaction: a DC01 creates the person it
// declares (allocating a PIN where it has none) or, for a person already in the registry, records what changed
// as a new version; a DC02 updates or corrects the one field it names. The source document of every change is
// "ballot:<id>". Nothing is written for a ballot that is skipped (a duplicate, a conflicting re-declaration, a
// state that breaks a registry rule): the decision is made before the first write, so a transaction holding
// several ballots never keeps half of one.
// The shared parts are campaign.approve.common.ts; each form's approval campaign.approve.dc01.ts and .dc02.ts.
import type { Trx } from '../../../db/database.ts';
import type { BallotRow } from '../review/campaign.review.repository.ts';
import type { ApprovalEnv, ApprovalResult, ChunkMemo } from './campaign.approve.common.ts';
import { applyDc01 } from './campaign.approve.dc01.ts';
import { applyDc02 } from './campaign.approve.dc02.ts';

export type { ApprovalEnv, ApprovalResult, ChunkMemo, SkipReason } from './campaign.approve.common.ts';
export { parseData, STATE_FIELD_OF, sourceDocOf } from './campaign.approve.common.ts';
export { changedFields } from './campaign.approve.dc01.ts';
export { type Dc02Plan, planDc02, stateToDc01Row } from './campaign.approve.dc02.ts';

/** Applies one ballot (DC01 or DC02) to the registry inside `trx`; see the file comment. */
export async function applyBallot(
  trx: Trx,
  env: ApprovalEnv,
  b: BallotRow,
  recordedAt: string,
  memo: ChunkMemo = { households: new Set() },
): Promise<ApprovalResult> {
  return b.form === 'DC02' ? applyDc02(trx, env, b, recordedAt, memo) : applyDc01(trx, env, b, recordedAt, memo);
}
