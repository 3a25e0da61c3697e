// Card production benchmark at N cards (default 100,000; --cards N or POPREG_BENCH_CARDS to shrink): building a
// batch through CardProductionService — for every card the MRZ, the QR text, DG1/DG2/DG13, the SOD and QR under
// one ECDSA P-256 signature, and the database writes (cards, applications, events, in chunked transactions) —
// against bare `crypto.sign` of N SHA-256 digests with the same document signer key, in the same process and
// run. Target: the batch at ≥ 0.5× the bare signing rate. Set-up (a generated population loaded, N approved
// applications with their printed snapshots and one shared face photo) is not timed.
// Run: npx tsx bench/card.bench.ts [--cards N]
import { createHash, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { SYSTEM_CONTEXT } from '../src/domain/context.ts';
import { ensureAuditKey } from '../src/modules/audit/audit.key.ts';
import { printedCard } from '../src/modules/card/card.printed.ts';
import { initCardCa, loadCardKeys } from '../src/modules/card/crypto/card.keys.ts';
import { placeholderPhoto } from '../src/modules/card/render/card.photo.ts';
import { writePopulation } from '../src/modules/generator/generate.ts';
import { parseState } from '../src/modules/registry/person.model.ts';
import { loadBallotFile } from '../src/modules/registry/registry.load.ts';
import { registryReader } from '../src/modules/registry/registry.tx.ts';
import { createServices } from '../src/services.ts';
import { argNumber, machine, timed, verdict } from './common.ts';

const cards = argNumber('cards', Number(process.env.POPREG_BENCH_CARDS ?? 100_000));
const TODAY = '2026-06-01';
const dir = mkdtempSync(join(tmpdir(), 'popreg-card-bench-'));

try {
  console.log(`card production benchmark: ${cards.toLocaleString('en')} cards on ${machine()}`);
  const url = `sqlite:${join(dir, 'cards.db')}`;
  const keyDir = join(dir, 'card-keys');
  await initCardCa(keyDir, new Date());
  ensureAuditKey({ db: url });
  const db = connect(url);
  await migrateToLatest(db);
  const config = loadConfig({ db: url }, { POPREG_TODAY: TODAY, POPREG_CARD_KEYS: keyDir });
  const services = createServices(db, config);
  await services.reference.load();
  const catalog = await services.reference.catalog();

  // --- set-up: a population and one approved application per living adult, up to N ---
  const csv = join(dir, 'people.csv');
  await writePopulation({ people: Math.ceil(cards * 1.6), seed: 7, out: csv });
  const load = await timed(() => loadBallotFile(services.registry, SYSTEM_CONTEXT, csv));
  console.log(`set-up: ${load.value.loaded} persons loaded in ${(load.ms / 1000).toFixed(1)} s`);
  const face = placeholderPhoto('bench', 'F');
  const photo = await db
    .insertInto('card_photo')
    .values({
      person_id: 1,
      media_type: 'image/jpeg',
      bytes: face.jpeg,
      sha256: createHash('sha256').update(face.jpeg).digest('hex'),
      captured_at: `${TODAY}T08:00:00.000Z`,
      source: 'placeholder',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reader = registryReader(db);
  let made = 0;
  for (let after = 0; made < cards; ) {
    const persons = await reader.livingPersonsAfter(after, 5000);
    if (persons.length === 0) break;
    after = Number(persons[persons.length - 1]!.id);
    const rows = [];
    for (const p of persons) {
      if (made + rows.length >= cards || !/^\d{4}-\d{2}-\d{2}$/.test(p.dob) || p.dob > '2010-01-01') continue;
      const printed = printedCard(parseState(p.data), TODAY, catalog);
      rows.push({
        person_id: Number(p.id),
        pin: p.pin,
        reason: 'first' as const,
        status: 'approved' as const,
        status_reason: null,
        received_unit: p.res_unit ?? '00004',
        unit_code: p.res_unit,
        province_code: p.res_province,
        received_at: `${TODAY}T08:00:00.000Z`,
        received_by: 'bench',
        decided_at: `${TODAY}T09:00:00.000Z`,
        decided_by: 'bench',
        representative: null,
        photo_id: printed.photo ? Number(photo.id) : null,
        printed: JSON.stringify(printed),
        batch_id: null,
        card_id: null,
        replaces_card_id: null,
        version: 2,
        updated_at: `${TODAY}T09:00:00.000Z`,
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('card_application')
        .values(rows.slice(i, i + 500))
        .execute();
    made += rows.length;
  }
  console.log(`set-up: ${made.toLocaleString('en')} approved applications`);

  // --- baseline: bare signatures of N SHA-256 digests with the same key ---
  const signer = loadCardKeys(keyDir).signer;
  // CPU time of the whole process (every thread) beside the wall time: on a shared machine the wall time swings
  // with the other load, the CPU spent per card much less, so it shows where a change helped.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1000;
  };
  let cpu = process.cpuUsage();
  const bare = await timed(() => {
    for (let i = 0; i < made; i++) {
      const digest = createHash('sha256').update(`card ${i}`).digest();
      sign('sha256', digest, signer.key);
    }
  });
  const bareRate = made / (bare.ms / 1000);
  const bareCpu = cpuMs(cpu);
  console.log(
    `bare crypto.sign: ${made} digests in ${(bare.ms / 1000).toFixed(2)} s (${Math.round(bareRate)}/s), ` +
      `CPU ${((bareCpu * 1000) / made).toFixed(1)} µs per digest`,
  );

  // --- the product: one batch of every approved application ---
  cpu = process.cpuUsage();
  const batch = await timed(() => services.cardProduction.createBatch(SYSTEM_CONTEXT, {}));
  const batchCpu = cpuMs(cpu);
  const rate = batch.value.cards / (batch.ms / 1000);
  console.log(
    `batch build: ${batch.value.cards} cards in ${(batch.ms / 1000).toFixed(2)} s (${Math.round(rate)}/s), ` +
      `${(batch.ms / batch.value.cards).toFixed(3)} ms per card, CPU ${((batchCpu * 1000) / batch.value.cards).toFixed(1)} µs per card (all threads)`,
  );
  if (batch.value.cards !== made) throw new Error(`the batch holds ${batch.value.cards} cards, not ${made}`);
  const ratio = rate / bareRate;
  verdict(
    'card batch ratio',
    ratio >= 0.5,
    `building a batch (MRZ, QR, data groups, SOD, database writes) runs at ${(ratio * 100).toFixed(0)}% of bare signing (target ≥ 50%)`,
  );
  await db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
