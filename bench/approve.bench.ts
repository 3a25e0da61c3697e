// Bulk approval throughput: a generated province is imported as ballots, checked and verified, then approved in
// bulk (each ballot creates its person with history, PIN, household, transition and audit, a transaction per
// chunk). Baseline, same run and same rows: `popreg load` of the same file into a fresh database (the registry's
// bulk path, which writes the same persons without any review state). Prints approvals/s, the projected time
// for 100,000 approvals and the ratio; target: 100,000 approvals in at most 5 minutes on SQLite (≥ 333/s), and
// a ratio to the bulk load of at least 2%. Also measures the alternative audit design (one entry per chunk of 500
// approvals instead of one per approved ballot) on a third database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { cliContext } from '../src/domain/context.ts';
import { CampaignReviewService } from '../src/modules/campaign/review/campaign.review.service.ts';
import { writePopulation } from '../src/modules/generator/generate.ts';
import { loadBallotFile } from '../src/modules/registry/registry.load.ts';
import { createServices, type Services } from '../src/services.ts';
import { argNumber, machine, timed, verdict } from './common.ts';

const TODAY = '2026-05-01';
const people = argNumber('people', 20_000);
const ctx = cliContext('benchmark');

async function open(dir: string, name: string): Promise<{ s: Services; close(): Promise<void> }> {
  const url = `sqlite:${join(dir, name)}`;
  const config = loadConfig({ db: url }, { POPREG_TODAY: TODAY });
  const db = connect(url);
  await migrateToLatest(db);
  const s = createServices(db, config);
  await s.reference.load();
  return { s, close: () => db.destroy() };
}

/** Imports, checks and verifies the file, then approves it all; returns the approval's report and time. */
async function approveAll(s: Services, file: string) {
  const imported = await timed(() =>
    s.campaignImport.importFile(ctx, { campaign: 'DA896', form: 'DC01', path: file, fileName: 'ballots.csv' }),
  );
  const jobId = imported.value.job.id;
  const check = await timed(() => s.campaignReview.bulk(ctx, 'DA896', { action: 'check', filter: { jobId } }));
  const verify = await timed(() => s.campaignReview.bulk(ctx, 'DA896', { action: 'verify', filter: { jobId } }));
  const approve = await timed(() => s.campaignReview.bulk(ctx, 'DA896', { action: 'approve', filter: { jobId } }));
  await s.audit.flush();
  return { imported, check, verify, approve };
}

async function main() {
  console.log(`approve benchmark: ${people} persons (province 40), SQLite; ${machine()}`);
  const dir = mkdtempSync(join(tmpdir(), 'popreg-bench-approve-'));
  try {
    const file = join(dir, 'ballots.csv');
    await writePopulation({ people, province: '40', seed: 9, out: file, today: TODAY });

    const base = await open(dir, 'load.db');
    const load = await timed(() => loadBallotFile(base.s.registry, ctx, file));
    await base.close();
    const loadRps = load.value.loaded / (load.ms / 1000);

    const { s, close } = await open(dir, 'campaign.db');
    const { imported, check, verify, approve } = await approveAll(s, file);
    await close();
    // The alternative audit design: one entry per chunk of 500 approvals instead of one per approved ballot.
    const each = await open(dir, 'campaign-chunk.db');
    const eachService = new CampaignReviewService({
      db: each.s.db,
      audit: each.s.audit,
      reference: each.s.reference,
      today: each.s.config.today,
      revalidate: async () => {
        throw new Error('not used');
      },
      auditApprovalsPerChunk: true,
    });
    const perChunk = await approveAll({ ...each.s, campaignReview: eachService }, file);
    await each.close();

    const rps = (n: number, ms: number) => n / (ms / 1000);
    const approveRps = rps(approve.value.done, approve.ms);
    console.log(
      `bulk load (baseline): ${load.value.loaded} persons in ${(load.ms / 1000).toFixed(1)} s = ${loadRps.toFixed(0)}/s`,
    );
    console.log(`import:  ${imported.value.job.ballotsAdded} ballots in ${(imported.ms / 1000).toFixed(1)} s`);
    console.log(
      `check:   ${check.value.done} in ${(check.ms / 1000).toFixed(1)} s = ${rps(check.value.done, check.ms).toFixed(0)}/s`,
    );
    console.log(
      `verify:  ${verify.value.done} in ${(verify.ms / 1000).toFixed(1)} s = ${rps(verify.value.done, verify.ms).toFixed(0)}/s`,
    );
    console.log(
      `approve: ${approve.value.done} in ${(approve.ms / 1000).toFixed(1)} s = ${approveRps.toFixed(0)}/s ` +
        `(skipped ${JSON.stringify(approve.value.skipped)}); 100,000 approvals ≈ ${(100_000 / approveRps / 60).toFixed(1)} min`,
    );
    const chunkRps = rps(perChunk.approve.value.done, perChunk.approve.ms);
    console.log(
      `approve with one audit entry per chunk instead of per ballot: ${chunkRps.toFixed(0)}/s (one entry per ballot runs at ${((approveRps / chunkRps) * 100).toFixed(0)}% of that)`,
    );
    const ratio = approveRps / loadRps;
    verdict(
      'approve throughput',
      approveRps >= 333 && ratio >= 0.02,
      `${approveRps.toFixed(0)} approvals/s (target ≥ 333/s, i.e. 100,000 in ≤ 5 min); ${(ratio * 100).toFixed(1)}% of the bulk load's rate (target ≥ 2%)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
