// Acceptance 1, end to end: a generated population with injected errors and duplicates goes through import,
// the three review levels and approval. Every injected error is reported with its rule; no exact duplicate enters
// the registry twice; every generated person without an injected error is in the registry once, field by field
// as generated. POPREG_E2E_PEOPLE sets the size (3,000 by default; the 100,000 run is reported in
// docs/campaign-review.md); the timings of each stage are printed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import type { Dc01Row } from '../../src/domain/dc01.ts';
import { writePopulation } from '../../src/modules/generator/generate.ts';
import { ballotToState } from '../../src/modules/registry/dc01.mapping.ts';
import { type PersonState, parseState } from '../../src/modules/registry/person.model.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import type { TruthRow } from './helpers/import.ts';

const TODAY = '2026-05-01';
const PEOPLE = Number(process.env.POPREG_E2E_PEOPLE ?? 3000);
const CAMPAIGN = 'DA896';
const ctx = cliContext('acceptance run');

/** The fields compared between a generated ballot and the approved person. */
const COMPARED: (keyof PersonState)[] = [
  'fullName',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'religion',
  'nationalities',
  'permanentResidence',
  'currentResidence',
  'household',
  'father',
  'mother',
  'spouse',
  'placeOfBirth',
  'birthRegistrationPlace',
  'hometown',
  'maritalStatus',
  'oldIdNumber',
  'phone',
  'email',
];

describe(`collection campaign end to end (${PEOPLE} people) on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let dir: string;
  let rows: Dc01Row[];
  let truth: TruthRow[];
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };

  beforeAll(async () => {
    f = await createRegistryFixture({}, TODAY);
    dir = mkdtempSync(join(tmpdir(), 'popreg-e2e-'));
    const file = join(dir, 'ballots.csv');
    await timed('generate', () =>
      writePopulation({
        people: PEOPLE,
        seed: 4,
        errors: 0.03,
        duplicates: 0.02,
        out: file,
        truth: join(dir, 'truth.csv'),
        today: TODAY,
      }),
    );
    rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Dc01Row[];
    truth = parse(readFileSync(join(dir, 'truth.csv'), 'utf8'), { columns: true }) as TruthRow[];
    const imported = await timed('import', () =>
      f.services.campaignImport.importFile(ctx, {
        campaign: CAMPAIGN,
        form: 'DC01',
        path: file,
        fileName: 'ballots.csv',
      }),
    );
    const jobId = imported.job.id;
    for (const action of ['check', 'verify', 'approve'] as const) {
      const r = await timed(action, () => f.services.campaignReview.bulk(ctx, CAMPAIGN, { action, filter: { jobId } }));
      timings[`${action}.done`] = r.done;
      if (action === 'approve') timings['approve.skipped'] = Object.values(r.skipped).reduce((a, b) => a + b, 0);
    }
    console.log(
      `e2e ${PEOPLE} people, ${rows.length} ballots on ${TEST_DIALECT}: ${JSON.stringify(timings)} (ms; *.done = ballots)`,
    );
  }, 3_600_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f?.destroy();
  });

  it('reports every injected error with its rule, and lets no erroneous row become a ballot', async () => {
    const issues = await f.t.db.selectFrom('import_issue').select(['row_no', 'rule', 'field', 'ballot_id']).execute();
    const byRow = new Map<number, { rule: string; field: string; ballot: number | null }[]>();
    for (const i of issues)
      byRow.set(i.row_no, [...(byRow.get(i.row_no) ?? []), { rule: i.rule, field: i.field, ballot: i.ballot_id }]);
    const missed: string[] = [];
    let injected = 0;
    for (const [i, t] of truth.entries()) {
      if (!t.rule) continue;
      injected++;
      const found = byRow.get(i + 2) ?? [];
      if (!found.some((x) => x.rule === t.rule))
        missed.push(`${t.ballot_id} row ${i + 2}: ${t.field} ${t.rule} → ${JSON.stringify(found)}`);
    }
    expect(injected).toBeGreaterThan(PEOPLE * 0.02);
    expect(missed, missed.slice(0, 10).join('\n')).toEqual([]);
  });

  it('approves every generated person without an injected error once, field by field as generated', async () => {
    const persons = await f.t.db.selectFrom('person').select(['id', 'pin', 'data']).execute();
    const byPin = new Map<string, { id: number; state: PersonState }[]>();
    for (const p of persons) byPin.set(p.pin, [...(byPin.get(p.pin) ?? []), { id: p.id, state: parseState(p.data) }]);
    const problems: string[] = [];
    let compared = 0;
    for (const [i, t] of truth.entries()) {
      if (t.role !== 'original' || t.rule) continue;
      const row = rows[i]!;
      const found = byPin.get(row.pin) ?? [];
      if (found.length !== 1) {
        // Say why: the row's import issues, or the ballot's status and reason.
        const why = await f.t.db
          .selectFrom('import_issue')
          .select(['rule', 'field', 'message_en'])
          .where('row_no', '=', i + 2)
          .where('severity', '=', 'error')
          .execute();
        const ballot = await f.t.db
          .selectFrom('ballot')
          .select(['status', 'status_reason'])
          .where('ballot_ref', '=', t.ballot_id)
          .executeTakeFirst();
        problems.push(
          `${t.ballot_id} (${row.pin}): ${found.length} persons; ballot ${JSON.stringify(ballot ?? null)}; import errors ${JSON.stringify(why)}`,
        );
        continue;
      }
      const expected = ballotToState(row, TODAY).state;
      const actual = found[0]!.state;
      if (actual.pin !== row.pin) problems.push(`${t.ballot_id}: pin ${actual.pin} ≠ ${row.pin}`);
      for (const k of COMPARED) {
        if (JSON.stringify(actual[k]) !== JSON.stringify(expected[k])) {
          problems.push(`${t.ballot_id} ${k}: ${JSON.stringify(actual[k])} ≠ ${JSON.stringify(expected[k])}`);
        }
      }
      compared++;
    }
    expect(problems, problems.slice(0, 15).join('\n')).toEqual([]);
    expect(compared).toBeGreaterThan(PEOPLE * 0.9);
  });

  it('never lets an exact duplicate into the registry twice', async () => {
    const exact = truth
      .map((t, i) => ({ t, row: rows[i]! }))
      .filter((x) => x.t.role === 'duplicate' && x.t.kind === 'exact');
    expect(exact.length).toBeGreaterThan(0);
    const counts = new Map<string, number>();
    for (const p of await f.t.db.selectFrom('person').select('pin').execute())
      counts.set(p.pin, (counts.get(p.pin) ?? 0) + 1);
    const doubled = exact.filter((x) => x.row.pin && (counts.get(x.row.pin) ?? 0) > 1);
    expect(doubled.map((x) => x.t.ballot_id)).toEqual([]);
    // Every PIN is held by one person only (the registry's own constraint, checked after the whole run).
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The exact copies were kept out of the registry: none of them is approved.
    const refs = exact.map((x) => x.t.ballot_id);
    const approvedCopies = await f.t.db
      .selectFrom('ballot')
      .select('ballot_ref')
      .where('ballot_ref', 'in', refs.length ? refs : ['-'])
      .where('status', '=', 'approved')
      .execute();
    const originals = new Set(truth.filter((t) => t.role === 'original' && !t.rule).map((t) => t.person_id));
    // A copy may stand in for an original that was refused for an injected error; otherwise it is not approved.
    const wrongly = approvedCopies.filter((c) => {
      const t = truth.find((x) => x.ballot_id === c.ballot_ref)!;
      return originals.has(t.person_id);
    });
    expect(wrongly.map((c) => c.ballot_ref)).toEqual([]);
  });
});
