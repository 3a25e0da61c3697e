// SQL of ballot intake outside the bulk writer: the per-batch lookups of the validation (one statement per kind
// of key, whatever the batch size) and the single-ballot insert and reads of the form path. The bulk writer of an
// import batch is campaign.ballots.write.repository.ts; the SQLite statements both use, campaign.ballots.sqlite.repository.ts.
import type { Insertable, Selectable } from 'kysely';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import { dialectOf, pgPool, sqliteHandle } from '../../../db/dialect.ts';
import { foldName } from '../../../domain/names.ts';
import { parseState } from '../../registry/person.model.ts';
import type { BallotTable } from '../campaign.table.ts';
import { sqliteStatements } from './campaign.ballots.sqlite.repository.ts';
import type { BatchLookups, EarlierBallot, RegistryMatch } from './campaign.validation.cross.ts';
import { nameKey } from './campaign.validation.cross.ts';

export type BallotRow = Selectable<BallotTable>;

// ---- lookups

interface PersonHit {
  key: string;
  id: number;
  pin: string;
  status: string;
  dob: string;
  name_folded: string;
  data: string;
}

interface BallotHit {
  id: number;
  job_id: number | null;
  row_no: number | null;
  pin: string | null;
  dob: string | null;
  name_folded: string | null;
  data: string | null;
}

/** A registry person; its state is parsed only when the parents or the whole state are needed. */
function registryMatch(h: PersonHit, withState: boolean, withParents: boolean): RegistryMatch {
  const s = withState || withParents ? parseState(h.data) : undefined;
  const m: RegistryMatch = {
    personId: Number(h.id),
    pin: h.pin,
    status: h.status as RegistryMatch['status'],
    dob: h.dob,
    nameFolded: h.name_folded,
    fatherFolded: s?.father?.name ? foldName(s.father.name) : '',
    motherFolded: s?.mother?.name ? foldName(s.mother.name) : '',
    fatherPin: s?.father?.pin ?? null,
    motherPin: s?.mother?.pin ?? null,
  };
  // The state also tells whether a scoped submitter covers the person (campaign.validation.cross.ts).
  if (s) m.state = s;
  return m;
}

function earlierBallot(h: BallotHit, form: string): EarlierBallot {
  // Found by PIN, a DC01 ballot's data is not read (its parents only matter to a match by name and birth date).
  const d = h.data === null ? {} : (JSON.parse(h.data) as Record<string, string>);
  const b: EarlierBallot = {
    id: Number(h.id),
    jobId: h.job_id === null ? null : Number(h.job_id),
    rowNo: h.row_no,
    pin: h.pin,
    dob: h.dob,
    nameFolded: h.name_folded,
    fatherFolded: d.father_name ? foldName(d.father_name) : '',
    motherFolded: d.mother_name ? foldName(d.mother_name) : '',
  };
  if (form === 'DC02') b.field = d.field ?? '';
  return b;
}

function push<K, V>(map: Map<K, V[]>, key: K, v: V): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

export interface LookupRequest {
  campaign: string;
  form: string;
  pins: string[];
  nameDobs: { name: string; dob: string }[];
  /** Parse and keep registry states (DC02 compares old values). */
  withState: boolean;
}

/** Ballot refs of the campaign and form already stored, among `refs` (one index probe per ref, as lookupBatch). */
export async function existingRefs(db: Db, campaign: string, form: string, refs: string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  if (dialectOf(db) === 'postgres') {
    const r = await pgPool(db).query<{ ballot_ref: string }>(
      `SELECT b.ballot_ref FROM unnest($3::text[]) AS k(ref)
         CROSS JOIN LATERAL (SELECT ballot_ref FROM ballot
                              WHERE campaign_code = $1 AND form = $2 AND ballot_ref = k.ref OFFSET 0) b`,
      [campaign, form, refs],
    );
    return new Set(r.rows.map((x) => x.ballot_ref));
  }
  const rows = sqliteStatements(sqliteHandle(db)).refs.all(campaign, form, JSON.stringify(refs)) as {
    ballot_ref: string;
  }[];
  return new Set(rows.map((x) => x.ballot_ref));
}

/** Everything the cross-row rules need for one batch: four statements, whatever the number of rows. */
export async function lookupBatch(db: Db, q: LookupRequest): Promise<BatchLookups> {
  // The registry is probed by (name, birth year), which two keys of a batch may share: probe each pair once.
  const byYear = new Map<string, [name: string, year: number]>();
  for (const k of q.nameDobs) byYear.set(`${k.name}|${k.dob.slice(0, 4)}`, [k.name, Number(k.dob.slice(0, 4))]);
  const names = [...byYear.values()].map((k) => k[0]);
  const years = [...byYear.values()].map((k) => k[1]);
  let persons: PersonHit[] = [];
  let personsByName: PersonHit[] = [];
  let ballots: BallotHit[] = [];
  let ballotsByName: BallotHit[] = [];
  if (dialectOf(db) === 'postgres') {
    // Each key is one index probe: LATERAL … OFFSET 0 keeps the planner from joining the keys against a scan, which
    // it chose on statistics taken while the table was small (a bulk import outgrows them within minutes).
    const pool = pgPool(db);
    const [a, b, c, d] = await Promise.all([
      q.pins.length
        ? pool.query<PersonHit>(
            `SELECT pp.pin AS key, p.id, p.pin, p.status, p.dob, p.name_folded, p.data
               FROM unnest($1::text[]) AS k(pin)
               CROSS JOIN LATERAL (SELECT * FROM person_pin pp WHERE pp.pin = k.pin OFFSET 0) pp
               JOIN person p ON p.id = pp.person_id`,
            [q.pins],
          )
        : undefined,
      names.length
        ? pool.query<PersonHit>(
            `SELECT '' AS key, p.id, p.pin, p.status, p.dob, p.name_folded, p.data
               FROM unnest($1::text[], $2::int[]) AS k(n, y)
               CROSS JOIN LATERAL (SELECT * FROM person p WHERE p.name_folded = k.n AND p.birth_year = k.y OFFSET 0) p`,
            [names, years],
          )
        : undefined,
      q.pins.length
        ? pool.query<BallotHit>(
            `SELECT b.id, b.job_id, b.row_no, b.pin, b.dob, b.name_folded, CASE WHEN b.form = 'DC02' THEN b.data END AS data
               FROM unnest($3::text[]) AS k(pin)
               CROSS JOIN LATERAL (SELECT * FROM ballot b WHERE b.pin = k.pin OFFSET 0) b
              WHERE b.campaign_code = $1 AND b.form = $2 ORDER BY b.id`,
            [q.campaign, q.form, q.pins],
          )
        : undefined,
      q.nameDobs.length
        ? pool.query<BallotHit>(
            `SELECT b.id, b.job_id, b.row_no, b.pin, b.dob, b.name_folded, b.data
               FROM unnest($3::text[], $4::text[]) AS k(n, d)
               CROSS JOIN LATERAL (SELECT * FROM ballot b WHERE b.name_folded = k.n AND b.dob = k.d OFFSET 0) b
              WHERE b.campaign_code = $1 AND b.form = $2 ORDER BY b.id`,
            [q.campaign, q.form, q.nameDobs.map((k) => k.name), q.nameDobs.map((k) => k.dob)],
          )
        : undefined,
    ]);
    persons = a?.rows ?? [];
    personsByName = b?.rows ?? [];
    ballots = c?.rows ?? [];
    ballotsByName = d?.rows ?? [];
  } else {
    const st = sqliteStatements(sqliteHandle(db));
    if (q.pins.length) {
      const pins = JSON.stringify(q.pins);
      persons = st.personsByPin.all(pins) as PersonHit[];
      ballots = st.ballotsByPin.all(pins, q.campaign, q.form) as BallotHit[];
    }
    if (q.nameDobs.length) {
      personsByName = st.personsByName.all(JSON.stringify([...byYear.values()])) as PersonHit[];
      ballotsByName = st.ballotsByName.all(
        JSON.stringify(q.nameDobs.map((k) => [k.name, k.dob])),
        q.campaign,
        q.form,
      ) as BallotHit[];
    }
  }
  const out: BatchLookups = {
    registryByPin: new Map(),
    registryByNameDob: new Map(),
    ballotsByPin: new Map(),
    ballotsByNameDob: new Map(),
  };
  for (const h of persons) out.registryByPin.set(h.key, registryMatch(h, q.withState, false));
  const wanted = new Set(q.nameDobs.map((k) => nameKey(k.name, k.dob)));
  for (const h of personsByName) {
    const k = nameKey(h.name_folded, h.dob);
    if (wanted.has(k)) push(out.registryByNameDob, k, registryMatch(h, q.withState, true));
  }
  for (const h of ballots) if (h.pin) push(out.ballotsByPin, h.pin, earlierBallot(h, q.form));
  for (const h of ballotsByName)
    if (h.name_folded && h.dob) push(out.ballotsByNameDob, nameKey(h.name_folded, h.dob), earlierBallot(h, q.form));
  return out;
}

// ---- single ballots (the form path), through Kysely inside the caller's transaction

export type NewBallot = Omit<Insertable<BallotTable>, 'id'>;

export async function insertBallot(db: DbOrTrx, row: NewBallot): Promise<number | undefined> {
  const r = await db
    .insertInto('ballot')
    .values(row)
    .onConflict((oc) => oc.columns(['campaign_code', 'form', 'ballot_ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

export async function findBallotByRef(
  db: DbOrTrx,
  campaign: string,
  form: string,
  ref: string,
): Promise<BallotRow | undefined> {
  return db
    .selectFrom('ballot')
    .selectAll()
    .where('campaign_code', '=', campaign)
    .where('form', '=', form)
    .where('ballot_ref', '=', ref)
    .executeTakeFirst();
}

export async function findBallotById(db: DbOrTrx, campaign: string, id: number): Promise<BallotRow | undefined> {
  return db
    .selectFrom('ballot')
    .selectAll()
    .where('campaign_code', '=', campaign)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function campaignExists(db: DbOrTrx, code: string): Promise<boolean> {
  const r = await db.selectFrom('campaign').select('code').where('code', '=', code).executeTakeFirst();
  return r !== undefined;
}
