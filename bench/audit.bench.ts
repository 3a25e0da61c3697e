// Audit trail benchmarks on SQLite:
//  1. the cost of auditing a read: a JSON row read by key (`SELECT data FROM bench_person WHERE pin = ?` on a
//     table of N persons, default 1,000,000) with and without `AuditService.record` of a person.read entry. The
//     read is timed as the product does it (through Kysely) and as a raw prepared statement; the audit with
//     durability 'commit' (record resolves after its commit: the default) and 'deferred' (resolves once queued).
//     Variants run in alternating blocks so drift hits them alike; one read at a time (latency; each in its own
//     event-loop turn) and 16 at once (a loaded server). CPU time per read (user + system, including the commits)
//     is printed too: it is what a read costs the machine, and on a shared machine it is steadier than wall time.
//     Target: audited ≤ 2× unaudited.
//  2. `verify` of M entries (default 1,000,000); target under 60 s.
// Run: npx tsx bench/audit.bench.ts [--persons N] [--reads N] [--entries M] [--in-flight C]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connect } from '../src/db/connect.ts';
import { sqliteHandle } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { RequestContext } from '../src/domain/context.ts';
import { generateAuditKey } from '../src/modules/audit/audit.key.ts';
import { AuditService } from '../src/modules/audit/audit.service.ts';
import { argNumber, machine, median, percentile, timed, verdict } from './common.ts';

const persons = argNumber('persons', 1_000_000);
const reads = argNumber('reads', 20_000);
const entries = argNumber('entries', 1_000_000);
const inFlight = argNumber('in-flight', 16);
const dir = mkdtempSync(join(tmpdir(), 'popreg-audit-bench-'));
const ctx: RequestContext = {
  actor: { id: 'officer.nguyen', kind: 'user', roles: ['commune_officer'], jurisdiction: '00004' },
  purpose: 'xác minh cư trú',
  client: '10.0.0.7',
};
const FIELDS = ['fullName', 'dateOfBirth', 'sex', 'placeOfBirth', 'hometown', 'permanentResidence', 'household'];
const BLOCK = 500;

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

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
/** CPU time (user + system) of this process, in ms. */
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

const url = `sqlite:${join(dir, 'audit.db')}`;
const db = connect(url);
try {
  console.log(
    `audit benchmark: ${persons.toLocaleString('en')} persons, ${entries.toLocaleString('en')} entries on ${machine()}, load average ${loadavg()[0]!.toFixed(1)}`,
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

  // Entries are bound with an audit key in production (HMAC-SHA256): measure that path.
  const key = generateAuditKey('bench');
  const committed = new AuditService(db, { key });
  const deferred = new AuditService(db, { key, durability: 'deferred' });
  const rawRead = h.prepare('SELECT data FROM bench_person WHERE pin = ?').pluck();
  let seed = 12345;
  /** A random person: the index behind its PIN is also its person id. */
  const nextPerson = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % persons;
  };
  const readKysely = async (i: number) => {
    const r = await sql<{ data: string }>`SELECT data FROM bench_person WHERE pin = ${pinOf(i)}`.execute(db);
    return JSON.parse(r.rows[0]!.data);
  };
  const readRaw = async (i: number) => JSON.parse(rawRead.get(pinOf(i)) as string);
  const audited = (read: (i: number) => Promise<unknown>, audit: AuditService) => async (i: number) => {
    await read(i);
    await audit.record(ctx, { action: 'person.read', outcome: 'ok', personId: i, pin: pinOf(i), fields: FIELDS });
  };
  const variants: Record<string, (i: number) => Promise<unknown>> = {
    'kysely read': readKysely,
    'kysely read + audit': audited(readKysely, committed),
    'kysely read + audit deferred': audited(readKysely, deferred),
    'raw read': readRaw,
    'raw read + audit': audited(readRaw, committed),
    'raw read + audit deferred': audited(readRaw, deferred),
  };
  const names = Object.keys(variants);
  const perVariant = () => Object.fromEntries(names.map((k) => [k, [] as number[]]));
  for (let i = 0; i < 2000; i++) for (const fn of Object.values(variants)) await fn(nextPerson());
  await deferred.flush();

  // (a) One read at a time: latency of each read, CPU per block. Each read starts in a new event-loop turn, as a
  // server's requests do, so a deferred entry is committed between reads as it would be under light traffic.
  const wall = perVariant();
  const cpu = perVariant();
  for (let done = 0; done < reads; done += BLOCK) {
    for (const [name, fn] of Object.entries(variants)) {
      const c0 = cpuMs();
      for (let i = 0; i < BLOCK; i++) {
        const t = process.hrtime.bigint();
        await fn(nextPerson());
        wall[name]!.push(Number(process.hrtime.bigint() - t) / 1e6);
        await new Promise(setImmediate);
      }
      if (name.endsWith('deferred')) await deferred.flush(); // its commits belong to its block
      cpu[name]!.push((cpuMs() - c0) / BLOCK);
    }
  }
  // (b) `inFlight` reads at once, as on a loaded server: block time and CPU per read.
  const loadWall = perVariant();
  const loadCpu = perVariant();
  for (let done = 0; done < reads; done += BLOCK) {
    for (const [name, fn] of Object.entries(variants)) {
      const t = performance.now();
      const c0 = cpuMs();
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next++ < BLOCK) await fn(nextPerson());
        }),
      );
      if (name.endsWith('deferred')) await deferred.flush();
      loadWall[name]!.push((performance.now() - t) / BLOCK);
      loadCpu[name]!.push((cpuMs() - c0) / BLOCK);
    }
  }

  console.log(`one read at a time (${reads} reads per variant):`);
  for (const n of names) {
    const xs = wall[n]!;
    console.log(
      `  ${n.padEnd(30)} wall mean ${us(mean(xs))}, median ${us(median(xs))}, p99 ${us(percentile(xs, 99))}; cpu ${us(mean(cpu[n]!))}`,
    );
  }
  console.log(`${inFlight} reads in flight:`);
  for (const n of names) {
    console.log(`  ${n.padEnd(30)} wall ${us(mean(loadWall[n]!))} per read; cpu ${us(mean(loadCpu[n]!))}`);
  }
  console.log('audited / unaudited:');
  const results: Record<string, number> = {};
  for (const base of ['kysely read', 'raw read']) {
    for (const mode of ['', ' deferred']) {
      const a = `${base} + audit${mode}`;
      const r = {
        wallMean: mean(wall[a]!) / mean(wall[base]!),
        wallMedian: median(wall[a]!) / median(wall[base]!),
        cpu: mean(cpu[a]!) / mean(cpu[base]!),
        loadWall: mean(loadWall[a]!) / mean(loadWall[base]!),
        loadCpu: mean(loadCpu[a]!) / mean(loadCpu[base]!),
      };
      results[`${a} wall`] = r.wallMean;
      results[`${a} cpu`] = r.cpu;
      results[`${a} load wall`] = r.loadWall;
      results[`${a} load cpu`] = r.loadCpu;
      const x = (v: number) => `${v.toFixed(2)}×`;
      console.log(
        `  ${a.padEnd(30)} one at a time: wall mean ${x(r.wallMean)}, median ${x(r.wallMedian)}, cpu ${x(r.cpu)}; ${inFlight} in flight: wall ${x(r.loadWall)}, cpu ${x(r.loadCpu)}`,
      );
    }
  }
  for (const a of ['kysely read + audit', 'kysely read + audit deferred']) {
    const w = results[`${a} wall`]!;
    const c = results[`${a} cpu`]!;
    verdict(`${a} ≤ 2× unaudited, one at a time (wall mean)`, w <= 2, `${w.toFixed(2)}×`);
    verdict(`${a} ≤ 2× unaudited, one at a time (cpu)`, c <= 2, `${c.toFixed(2)}×`);
    const lw = results[`${a} load wall`]!;
    const lc = results[`${a} load cpu`]!;
    verdict(`${a} ≤ 2× unaudited, ${inFlight} in flight (wall)`, lw <= 2, `${lw.toFixed(2)}×`);
    verdict(`${a} ≤ 2× unaudited, ${inFlight} in flight (cpu)`, lc <= 2, `${lc.toFixed(2)}×`);
  }

  // --- verify at M entries: top up with batches, then walk the chain ---
  const have = Number(h.prepare('SELECT seq FROM audit_head').pluck().get());
  const batch = (n: number) =>
    Array.from({ length: n }, () => {
      const i = nextPerson();
      return { action: 'person.read', outcome: 'ok' as const, personId: i, pin: pinOf(i), fields: FIELDS };
    });
  const topUp = await timed(async () => {
    for (let n = have; n < entries; n += 1000) await committed.recordMany(ctx, batch(Math.min(1000, entries - n)));
  });
  console.log(
    `appended ${Math.max(0, entries - have).toLocaleString('en')} entries in batches of 1000 in ${(topUp.ms / 1000).toFixed(1)} s`,
  );
  const v = await timed(() => committed.verify());
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
