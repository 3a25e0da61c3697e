// Audit trail benchmarks on SQLite:
//  1. the cost of auditing a read: a JSON row read by key (`SELECT data FROM bench_person WHERE pin = ?` on a
//     table of N persons, default 1,000,000) with and without `AuditService.record` of a person.read entry, in
//     alternating blocks; the read is timed both as the product does it (through Kysely) and as a raw prepared
//     statement. Target: audited ≤ 2× unaudited for the product read.
//  2. `verify` of M entries (default 1,000,000); target under 60 s.
// Run: npx tsx bench/audit.bench.ts [--persons N] [--reads N] [--entries M] [--in-flight C]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connect } from '../src/db/connect.ts';
import { sqliteHandle } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { RequestContext } from '../src/domain/context.ts';
import { AuditService } from '../src/modules/audit/audit.service.ts';
import { argNumber, machine, median, percentile, timed, verdict } from './common.ts';

const persons = argNumber('persons', 1_000_000);
const reads = argNumber('reads', 20_000);
const entries = argNumber('entries', 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'popreg-audit-bench-'));
const ctx: RequestContext = {
  actor: { id: 'officer.nguyen', kind: 'user', roles: ['commune_officer'], jurisdiction: '00004' },
  purpose: 'xác minh cư trú',
  client: '10.0.0.7',
};
const FIELDS = ['fullName', 'dateOfBirth', 'sex', 'placeOfBirth', 'hometown', 'permanentResidence', 'household'];

const pinOf = (i: number) => String(1_093_000_000 + i * 7).padStart(12, '0');

/** A current-state JSON row of about 900 bytes, like person.data. */
function personJson(i: number): string {
  const addr = (u: number) => ({
    unitCode: String(u).padStart(5, '0'),
    unitDate: '2020-01-01',
    detail: `Số ${i % 200}, ngõ ${i % 50}`,
  });
  return JSON.stringify({
    pin: pinOf(i),
    fullName: `Nguyễn Văn An ${i}`,
    otherNames: [],
    dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    sex: i % 2 ? 'M' : 'F',
    placeOfBirth: addr(4),
    birthRegistrationPlace: addr(4),
    hometown: addr(7),
    ethnicity: '01',
    religion: '00',
    nationalities: ['VN'],
    bloodGroup: null,
    oldIdNumber: String(100_000_000 + i),
    father: { pin: null, name: 'Nguyễn Văn Bình', oldIdNumber: null, nationality: null },
    mother: { pin: null, name: 'Trần Thị Cúc', oldIdNumber: null, nationality: null },
    spouse: null,
    children: [],
    permanentResidence: { ...addr(4), since: '2010-05-01', until: null },
    temporaryResidence: null,
    currentResidence: null,
    maritalStatus: 'single',
    household: { code: `HH${i >> 2}`, relationToHead: 'head' },
    phone: '0912345678',
    death: null,
  });
}

const url = `sqlite:${join(dir, 'audit.db')}`;
const db = connect(url);
try {
  console.log(
    `audit benchmark: ${persons.toLocaleString('en')} persons, ${entries.toLocaleString('en')} entries on ${machine()}`,
  );
  await migrateToLatest(db);
  const h = sqliteHandle(db);
  h.exec('CREATE TABLE bench_person (pin TEXT PRIMARY KEY, data TEXT NOT NULL)');
  const ins = h.prepare('INSERT INTO bench_person (pin, data) VALUES (?, ?)');
  const fill = h.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) ins.run(pinOf(i), personJson(i));
  });
  const built = await timed(() => {
    for (let i = 0; i < persons; i += 50_000) fill(i, Math.min(persons, i + 50_000));
  });
  console.log(`built bench_person: ${persons.toLocaleString('en')} rows in ${(built.ms / 1000).toFixed(1)} s`);

  const audit = new AuditService(db);
  const rawRead = h.prepare('SELECT data FROM bench_person WHERE pin = ?').pluck();
  let seed = 12345;
  const nextPin = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return pinOf(seed % persons);
  };
  const readKysely = async (pin: string) => {
    const r = await sql<{ data: string }>`SELECT data FROM bench_person WHERE pin = ${pin}`.execute(db);
    return JSON.parse(r.rows[0]!.data);
  };
  const readRaw = async (pin: string) => JSON.parse(rawRead.get(pin) as string);
  const audited = (read: (pin: string) => Promise<unknown>) => async (pin: string, i: number) => {
    await read(pin);
    await audit.record(ctx, { action: 'person.read', outcome: 'ok', personId: i, pin, fields: FIELDS });
  };
  const variants: Record<string, (pin: string, i: number) => Promise<unknown>> = {
    'kysely read': readKysely,
    'kysely read + audit': audited(readKysely),
    'raw read': readRaw,
    'raw read + audit': audited(readRaw),
  };
  // Warm the page cache and the prepared statements.
  for (let i = 0; i < 2000; i++) for (const fn of Object.values(variants)) await fn(nextPin(), i);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

  // CPU time (user + system) per read, measured per block: the cost a read adds to the machine, which unlike
  // wall time does not depend on what else runs on it.
  const cpuMs = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };

  // (a) One request at a time: the latency of a read, alternating blocks so drift hits every variant alike.
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const block = 500;
  for (let done = 0; done < reads; done += block) {
    for (const [name, fn] of Object.entries(variants)) {
      const out = samples[name]!;
      const c0 = cpuMs();
      for (let i = 0; i < block; i++) {
        const pin = nextPin();
        const t = process.hrtime.bigint();
        await fn(pin, done + i);
        out.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      cpu[name]!.push((cpuMs() - c0) / block);
    }
  }
  const ratioOf = (xs: Record<string, number[]>, stat: (v: number[]) => number, base: string) =>
    stat(xs[`${base} + audit`]!) / stat(xs[base]!);
  console.log('one read at a time:');
  for (const [name, xs] of Object.entries(samples)) {
    console.log(
      `  ${name.padEnd(20)} wall mean ${us(mean(xs))}, median ${us(median(xs))}, p99 ${us(percentile(xs, 99))}; cpu ${us(mean(cpu[name]!))}`,
    );
  }
  const seq = {
    wallMean: ratioOf(samples, mean, 'kysely read'),
    wallMedian: ratioOf(samples, median, 'kysely read'),
    cpu: ratioOf(cpu, mean, 'kysely read'),
  };
  console.log(
    `  audited/unaudited, kysely read: wall mean ${seq.wallMean.toFixed(2)}×, wall median ${seq.wallMedian.toFixed(2)}×, cpu ${seq.cpu.toFixed(2)}×` +
      `; raw read: wall mean ${ratioOf(samples, mean, 'raw read').toFixed(2)}×, cpu ${ratioOf(cpu, mean, 'raw read').toFixed(2)}×`,
  );

  // (b) A server under load: `inFlight` reads at once; the time per read is the block's time / its reads.
  const inFlight = argNumber('in-flight', 16);
  const perRead: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const cpuLoad: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let done = 0; done < reads; done += block) {
    for (const [name, fn] of Object.entries(variants)) {
      const t = performance.now();
      const c0 = cpuMs();
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < block) await fn(nextPin(), done + next++);
        }),
      );
      perRead[name]!.push((performance.now() - t) / block);
      cpuLoad[name]!.push((cpuMs() - c0) / block);
    }
  }
  console.log(`${inFlight} reads in flight:`);
  for (const [name, xs] of Object.entries(perRead)) {
    console.log(`  ${name.padEnd(20)} wall ${us(mean(xs))} per read; cpu ${us(mean(cpuLoad[name]!))}`);
  }
  const load = { wall: ratioOf(perRead, mean, 'kysely read'), cpu: ratioOf(cpuLoad, mean, 'kysely read') };
  console.log(
    `  audited/unaudited, kysely read: wall ${load.wall.toFixed(2)}×, cpu ${load.cpu.toFixed(2)}×` +
      `; raw read: wall ${ratioOf(perRead, mean, 'raw read').toFixed(2)}×, cpu ${ratioOf(cpuLoad, mean, 'raw read').toFixed(2)}×`,
  );
  verdict(
    'audited read ≤ 2× unaudited, one at a time (kysely read, wall mean)',
    seq.wallMean <= 2,
    `${seq.wallMean.toFixed(2)}×`,
  );
  verdict('audited read ≤ 2× unaudited, one at a time (kysely read, cpu)', seq.cpu <= 2, `${seq.cpu.toFixed(2)}×`);
  verdict(
    `audited read ≤ 2× unaudited, ${inFlight} in flight (kysely read, wall)`,
    load.wall <= 2,
    `${load.wall.toFixed(2)}×`,
  );

  // --- verify at M entries: top up with batches, then walk the chain ---
  const have = Number((h.prepare('SELECT seq FROM audit_head').pluck().get() as number) ?? 0);
  const batch = Array.from({ length: 1000 }, (_, i) => ({
    action: 'person.read',
    outcome: 'ok' as const,
    personId: i,
    pin: pinOf(i),
    fields: FIELDS,
  }));
  const topUp = await timed(async () => {
    for (let n = have; n < entries; n += batch.length)
      await audit.recordMany(ctx, batch.slice(0, Math.min(batch.length, entries - n)));
  });
  console.log(
    `appended ${(entries - have).toLocaleString('en')} entries in batches of 1000 in ${(topUp.ms / 1000).toFixed(1)} s`,
  );
  const v = await timed(() => audit.verify());
  console.log(`verify: ${JSON.stringify(v.value)} in ${(v.ms / 1000).toFixed(1)} s`);
  verdict(
    `verify of ${v.value.entries.toLocaleString('en')} entries < 60 s`,
    v.value.ok && v.ms < 60_000,
    `${(v.ms / 1000).toFixed(1)} s`,
  );
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
