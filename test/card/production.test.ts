// Production of cards end to end on the engine under test: a province officer's batch takes the approved
// applications of the province only; the exported directory is checked with independent tools — every SOD by
// `openssl cms -verify` against the CA certificate, the data-group hashes in it (openssl asn1parse of the LDS
// security object) against SHA-256 of the exported data groups, every MRZ by the `mrz` package — and the NDJSON
// export holds the same records.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'mrz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { loadCardKeys } from '../../src/modules/card/crypto/card.keys.ts';
import { checkSod } from '../../src/modules/card/crypto/card.sod.check.ts';
import { CardProductionService } from '../../src/modules/card/production/card.production.service.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { TEST_TODAY } from '../helpers/registry.ts';
import {
  createProductionWorld,
  IN_UNIT,
  OUT_UNIT,
  openssl,
  type ProductionWorld,
  popreg,
} from './production.helpers.ts';

describe(`card production on ${TEST_DIALECT}`, () => {
  let w: ProductionWorld;
  let out: string;
  const apps: number[] = [];
  let outside: number;
  let batchId: number;

  beforeAll(async () => {
    w = await createProductionWorld();
    out = mkdtempSync(join(tmpdir(), 'popreg-card-export-'));
    for (const dob of ['1990-05-01', '1966-02-28', '2008-02-29'])
      apps.push(await w.approved(await w.person(IN_UNIT, { dateOfBirth: dob })));
    outside = await w.approved(await w.person(OUT_UNIT), OUT_UNIT);
  }, 120_000);
  afterAll(async () => {
    await w.destroy();
    rmSync(out, { recursive: true, force: true });
  });

  it("builds a batch of the officer's province only, and hides it from another province", async () => {
    const r = await w.as(w.officer38, { method: 'POST', url: '/api/v1/cards/batches', payload: {} });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({
      status: 'built',
      cards: 3,
      produced: 0,
      failed: 0,
      provinceCode: '38',
      signerId: 'DS001',
    });
    batchId = r.body.id;
    const mine = await w.as(w.admin, `/api/v1/cards/applications/${apps[0]}`);
    expect(mine.body).toMatchObject({ status: 'in_production', batchId });
    expect((await w.as(w.admin, `/api/v1/cards/applications/${outside}`)).body.status).toBe('approved');
    const other = await w.as(w.officer79, `/api/v1/cards/batches/${batchId}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('CARD.BATCH_NOT_FOUND');
    // Nothing left to build in province 38.
    const again = await w.as(w.officer38, { method: 'POST', url: '/api/v1/cards/batches', payload: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CARD.NOTHING_TO_PRODUCE');
  });

  it('exports a directory whose SODs verify with openssl against the CA and hash the exported data groups (acceptance 2)', () => {
    const dir = join(out, 'batch');
    const r = popreg(['card', 'batch', 'export', String(batchId), '--out', dir, '--db', w.f.t.url], {
      POPREG_CARD_KEYS: w.keyDir,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`batch ${batchId}: 3 cards exported`);
    const files = readdirSync(dir);
    const cards = files.filter((n) => /^\d+\.json$/.test(n));
    expect(cards).toHaveLength(3);
    const ca = join(w.keyDir, 'csca.cert.pem');
    for (const name of cards) {
      const card = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      const id = name.replace('.json', '');
      expect(
        readFileSync(join(dir, `${id}.front.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
      expect(
        readFileSync(join(dir, `${id}.back.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
      expect(card.printed.issuedOn).toBe(TEST_TODAY);
      const sod = join(out, `${id}.sod.der`);
      const lds = join(out, `${id}.lds.der`);
      writeFileSync(sod, Buffer.from(card.sod, 'base64'));
      const v = openssl('cms', '-verify', '-inform', 'DER', '-in', sod, '-CAfile', ca, '-purpose', 'any', '-out', lds);
      expect(v.out).toMatch(/Verification successful/);
      expect(v.status).toBe(0);
      // The LDS security object: per data group an INTEGER (its number) followed by an OCTET STRING (its hash).
      const lines = openssl('asn1parse', '-inform', 'DER', '-in', lds).out.split('\n');
      const inSod = new Map<number, string>();
      for (let i = 0; i < lines.length; i++) {
        const n = /prim: INTEGER\s+:([0-9A-F]+)/.exec(lines[i]!);
        const h = /prim: OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/.exec(lines[i + 1] ?? '');
        if (n && h) inSod.set(Number.parseInt(n[1]!, 16), h[1]!.toLowerCase());
      }
      const exported = new Map(
        Object.entries(card.dataGroups as Record<string, string>).map(([n, b64]) => [
          Number(n),
          createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex'),
        ]),
      );
      expect([...exported.keys()].sort((a, b) => a - b)).toEqual([1, 2, 13]);
      expect(inSod).toEqual(exported);
      // Acceptance 1: the MRZ parses with an independent library, every check digit valid.
      const m = parse(card.mrz);
      expect(m.valid, JSON.stringify(m.details.filter((d) => !d.valid))).toBe(true);
      expect(m.format).toBe('TD1');
      expect(card.mrz[0].slice(15, 27)).toBe(card.number);
    }
  }, 120_000);

  it('exports the same records as NDJSON for the web and marks the batch exported', async () => {
    const r = await w.as(w.officer38, `/api/v1/cards/batches/${batchId}/export`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('application/x-ndjson');
    const lines = r.raw
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    const onDisk = JSON.parse(readFileSync(join(out, 'batch', `${lines[0].id}.json`), 'utf8'));
    expect(lines[0]).toEqual(onDisk);
    expect((await w.as(w.officer38, `/api/v1/cards/batches/${batchId}`)).body).toMatchObject({ status: 'exported' });
  });

  it("lets a national officer build the other province's batch; a province officer lists only its own", async () => {
    const r = await w.as(w.admin, {
      method: 'POST',
      url: '/api/v1/cards/batches',
      payload: { provinceCode: '79', limit: 5 },
    });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ cards: 1, provinceCode: '79' });
    const list = await w.as(w.officer38, '/api/v1/cards/batches');
    expect(list.body.items.map((b: { id: number }) => b.id)).toEqual([batchId]);
  });

  it('builds the same verifiable cards on worker threads (what a large batch uses)', async () => {
    const app = await w.approved(await w.person(IN_UNIT, { dateOfBirth: '1975-12-31' }));
    const { db, registry, audit } = w.f.services;
    const onWorkers = new CardProductionService({
      db,
      registry,
      audit,
      keyDir: w.keyDir,
      today: () => TEST_TODAY,
      workers: 2,
    });
    const b = await onWorkers.createBatch(cliContext(), { applicationIds: [app] });
    expect(b.cards).toBe(1);
    const keys = loadCardKeys(w.keyDir);
    for await (const card of onWorkers.exportBatch(cliContext(), b.id)) {
      const groups = new Map(
        Object.entries(card.dataGroups).map(([n, b64]) => [Number(n), new Uint8Array(Buffer.from(b64, 'base64'))]),
      );
      const check = checkSod(new Uint8Array(Buffer.from(card.sod, 'base64')), groups, keys.cscaCertDer);
      expect(check).toMatchObject({ ok: true, signerId: 'DS001' });
      expect(parse(card.mrz).valid).toBe(true);
      expect(card.printed.expiresOn).toBe('2035-12-31');
    }
  }, 60_000);
});
