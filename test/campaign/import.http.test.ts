// The intake API: one ballot (201 stored, 200 again, 400 with violations, 403 outside the jurisdiction, audited),
// uploads as multipart or raw body that become background jobs (202, then status and progress), job listing by
// jurisdiction, the per-row reports as CSV and XLSX, and a bad upload refused without partial state.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import type { BirthRegistrationBody } from '../../src/modules/registry/registry.schemas.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { GENERATOR_TODAY, type Generated, generateFile, tableCount } from './helpers/import.ts';
import {
  as,
  auditCount,
  BA_DINH,
  createOfficer,
  dc01,
  HCM,
  HN,
  NGOC_HA,
  type Officer,
} from './helpers/review-fixture.ts';

const exec = promisify(execFile);
const BOUNDARY = '----popreg-test-boundary';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

async function untilDone(f: RegistryFixture, o: Officer, url: string) {
  await f.services.campaignImport.idle();
  return (await as(f, o, 'GET', url)).json();
}

describe(`intake API on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let g: Generated;
  let hanoi: Officer;
  let baDinh: Officer;
  let hcm: Officer;
  let viewer: Officer;

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    // A small Hà Nội population (province 01).
    g = await generateFile({ people: 600, seed: 21, province: '01', errors: 0.05, duplicates: 0.03 });
    hanoi = await createOfficer(f, 'hn.officer', 'provincial_officer', HN);
    baDinh = await createOfficer(f, 'badinh.officer', 'commune_officer', BA_DINH);
    hcm = await createOfficer(f, 'hcm.officer', 'provincial_officer', HCM);
    viewer = await createOfficer(f, 'viewer.one', 'viewer', null);
  }, 60_000);
  afterAll(async () => {
    await f.services.campaignImport.idle();
    g.cleanup();
    await f.destroy();
  });

  describe('one ballot', () => {
    it('stores a valid ballot (201), reads it back (audited), and answers 200 with the same one when sent again', async () => {
      const values = dc01(BA_DINH, HN);
      const r = await as(f, baDinh, 'POST', '/api/v1/campaigns/DA896/ballots', { form: 'DC01', values });
      expect(r.statusCode, r.body).toBe(201);
      const b = r.json();
      expect(b).toMatchObject({
        status: 'collected',
        form: 'DC01',
        source: 'form',
        unitCode: BA_DINH,
        provinceCode: HN,
      });
      expect(b.issues).toEqual([]);
      expect(b.values.full_name).toBe(values.full_name);
      const again = await as(f, baDinh, 'POST', '/api/v1/campaigns/DA896/ballots', { form: 'DC01', values });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(b.id);
      const read = await as(f, hanoi, 'GET', `/api/v1/campaigns/DA896/ballots/${b.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().ballotRef).toBe(values.ballot_id);
      expect(await auditCount(f, 'ballot.create', 'ok')).toBe(1);
      expect(await auditCount(f, 'ballot.read', 'ok')).toBeGreaterThanOrEqual(2);
      // Another province may not read it.
      const denied = await as(f, hcm, 'GET', `/api/v1/campaigns/DA896/ballots/${b.id}`);
      expect(denied.statusCode).toBe(403);
      expect(await auditCount(f, 'ballot.read', 'denied')).toBe(1);
    });

    it('refuses a ballot with errors (400, violations naming field, rule and value) and stores nothing', async () => {
      const before = await tableCount(f.t.db, 'ballot');
      const r = await as(f, baDinh, 'POST', '/api/v1/campaigns/DA896/ballots', {
        form: 'DC01',
        values: dc01(BA_DINH, HN, { date_of_birth: '1990-02-30', ethnicity: '77' }),
      });
      expect(r.statusCode).toBe(400);
      const e = r.json().error;
      expect(e.code).toBe('VALIDATION');
      expect(e.details.violations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'date_of_birth', rule: 'date.format', value: '1990-02-30' }),
          expect.objectContaining({ field: 'ethnicity', rule: 'code.unknown', value: '77' }),
        ]),
      );
      expect(await tableCount(f.t.db, 'ballot')).toBe(before);
      const unknown = await as(f, baDinh, 'POST', '/api/v1/campaigns/DA896/ballots', {
        form: 'DC01',
        values: { ...dc01(BA_DINH, HN), favourite_colour: 'xanh' },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details.violations[0]).toMatchObject({
        field: 'favourite_colour',
        rule: 'field.unknown',
      });
    });

    it('refuses a ballot of another commune (403, audited), and a role that may not collect', async () => {
      const r = await as(f, baDinh, 'POST', '/api/v1/campaigns/DA896/ballots', {
        form: 'DC01',
        values: dc01(NGOC_HA, HN),
      });
      expect(r.statusCode).toBe(403);
      expect(await auditCount(f, 'ballot.create', 'denied')).toBe(1);
      const v = await as(f, viewer, 'POST', '/api/v1/campaigns/DA896/ballots', {
        form: 'DC01',
        values: dc01(BA_DINH, HN),
      });
      expect(v.statusCode).toBe(403);
      const unknown = await as(f, baDinh, 'POST', '/api/v1/campaigns/NOPE/ballots', {
        form: 'DC01',
        values: dc01(BA_DINH, HN),
      });
      expect(unknown.statusCode).toBe(404);
      const bad = await as(f, baDinh, 'POST', '/api/v1/campaigns/DA896/ballots', { form: 'DC03', values: {} });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('bulk uploads', () => {
    let jobId: number;

    it('takes a multipart upload (202), imports it in the background, and reports status, progress and counts', async () => {
      const r = await f.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns/DA896/imports?form=DC01',
        payload: multipart('hanoi.csv', readFileSync(g.file)),
        headers: {
          authorization: `Bearer ${hanoi.token}`,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        },
      });
      expect(r.statusCode, r.body).toBe(202);
      const accepted = r.json();
      expect(accepted.alreadyImported).toBe(false);
      expect(accepted.job).toMatchObject({
        fileName: 'hanoi.csv',
        form: 'DC01',
        unitScope: HN,
        createdBy: 'hn.officer',
      });
      jobId = accepted.job.id;
      const job = await untilDone(f, hanoi, `/api/v1/campaigns/DA896/imports/${jobId}`);
      expect(job.status).toBe('done');
      expect(job.progress).toBe(1);
      expect(job.rowsTotal).toBe(g.truth.length);
      expect(job.rowsDone).toBe(g.truth.length);
      expect(job.ballotsAdded + job.rowsWithErrors).toBe(g.truth.length);
      expect(job.rowsWithErrors).toBe(g.truth.filter((t) => t.rule).length);
      expect(job.byRule.find((x: { rule: string }) => x.rule === 'clean.duplicate_in_file')?.count).toBeGreaterThan(0);
    });

    it('gives the same job back for the same file sent again, as a raw body (200, nothing added)', async () => {
      const before = await tableCount(f.t.db, 'ballot');
      const r = await f.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns/DA896/imports?form=DC01&name=again.csv',
        payload: readFileSync(g.file),
        headers: { authorization: `Bearer ${hanoi.token}`, 'content-type': 'text/csv' },
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ alreadyImported: true, job: { id: jobId, status: 'done' } });
      expect(await tableCount(f.t.db, 'ballot')).toBe(before);
    });

    it('serves the per-row report as CSV (with BOM) and XLSX, one line per issue', async () => {
      const issues = await tableCount(f.t.db, 'import_issue');
      const csv = await as(f, hanoi, 'GET', `/api/v1/campaigns/DA896/imports/${jobId}/report.csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain(`import-${jobId}-DC01-report.csv`);
      expect(csv.body.startsWith('\uFEFFDòng / Row,')).toBe(true);
      const lines = csv.body.trimEnd().split('\r\n');
      expect(lines.length - 1).toBeGreaterThanOrEqual(issues - 5);
      const xlsx = await as(f, hanoi, 'GET', `/api/v1/campaigns/DA896/imports/${jobId}/report.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      expect(sheet.rowCount - 1).toBe(issues);
      expect(String(sheet.getRow(1).getCell(3).value)).toBe('Quy tắc / Rule');
      expect(await auditCount(f, 'ballot.import_report', 'ok')).toBe(2);
    });

    it('lists jobs by jurisdiction: the province and a commune of it see it, another province does not', async () => {
      const mine = (await as(f, hanoi, 'GET', '/api/v1/campaigns/DA896/imports')).json();
      expect(mine.items.map((j: { id: number }) => j.id)).toContain(jobId);
      const other = (await as(f, hcm, 'GET', '/api/v1/campaigns/DA896/imports')).json();
      expect(other.items).toEqual([]);
      expect((await as(f, hcm, 'GET', `/api/v1/campaigns/DA896/imports/${jobId}`)).statusCode).toBe(403);
      expect((await as(f, hcm, 'GET', `/api/v1/campaigns/DA896/imports/${jobId}/report.csv`)).statusCode).toBe(403);
      expect((await as(f, viewer, 'GET', `/api/v1/campaigns/DA896/imports/${jobId}/report.csv`)).statusCode).toBe(403);
      expect((await as(f, viewer, 'GET', `/api/v1/campaigns/DA896/imports/${jobId}`)).statusCode).toBe(200);
      expect((await as(f, hanoi, 'GET', '/api/v1/campaigns/DA896/imports/999999')).statusCode).toBe(404);
    });

    it('makes rows outside the importer’s commune errors (unit.out_of_jurisdiction)', async () => {
      const rows = [dc01(BA_DINH, HN), dc01(NGOC_HA, HN)];
      const cols = Object.keys(rows[0]!);
      const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
      const text = `${cols.join(',')}\n${rows.map((r) => cols.map((c) => cell((r as Record<string, string>)[c] ?? '')).join(',')).join('\n')}\n`;
      const r = await f.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns/DA896/imports?name=two.csv',
        payload: text,
        headers: { authorization: `Bearer ${baDinh.token}`, 'content-type': 'text/csv' },
      });
      expect(r.statusCode, r.body).toBe(202);
      const job = await untilDone(f, baDinh, `/api/v1/campaigns/DA896/imports/${r.json().job.id}`);
      expect(job).toMatchObject({ status: 'done', ballotsAdded: 1, rowsWithErrors: 1 });
      expect(job.byRule).toEqual([
        { rule: 'unit.out_of_jurisdiction', principle: 'correct', severity: 'error', count: 1 },
      ]);
    });

    it('refuses a bad upload: the job fails with the file error and nothing is written', async () => {
      const before = { ballots: await tableCount(f.t.db, 'ballot'), issues: await tableCount(f.t.db, 'import_issue') };
      const r = await f.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns/DA896/imports?name=bad.csv',
        payload: 'full_name,Tuổi,date_of_birth,sex\nAn,30,2000-01-01,Nam\n',
        headers: { authorization: `Bearer ${hanoi.token}`, 'content-type': 'text/csv' },
      });
      expect(r.statusCode).toBe(202);
      const job = await untilDone(f, hanoi, `/api/v1/campaigns/DA896/imports/${r.json().job.id}`);
      expect(job.status).toBe('failed');
      expect(job.error.code).toBe('CAMPAIGN.BAD_FILE');
      expect(job.error.details.rule).toBe('file.headers');
      expect(job.error.message).toContain('"Tuổi"');
      expect(await tableCount(f.t.db, 'ballot')).toBe(before.ballots);
      expect(await tableCount(f.t.db, 'import_issue')).toBe(before.issues);
      // A role without ballot.collect cannot upload; nothing is read.
      const v = await f.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns/DA896/imports?name=x.csv',
        payload: 'full_name\n',
        headers: { authorization: `Bearer ${viewer.token}`, 'content-type': 'text/csv' },
      });
      expect(v.statusCode).toBe(403);
    });
  });

  describe('alive: records not confirmed for years', () => {
    it('lists living persons of the jurisdiction whose latest change is older than the cutoff (audited)', async () => {
      const body = (name: string) =>
        birthBody(BA_DINH, { fullName: name, dateOfBirth: '1960-01-01' }) as unknown as BirthRegistrationBody;
      const old = await f.services.registry.registerBirth(cliContext(), body('Quách Văn Cũ'));
      const recent = await f.services.registry.registerBirth(cliContext(), body('Quách Văn Mới'));
      await f.t.db
        .updateTable('person')
        .set({ updated_at: '2019-03-04T05:06:07.000Z' })
        .where('pin', '=', old.pin)
        .execute();
      const r = await as(f, hanoi, 'GET', '/api/v1/campaigns/DA896/reverification?years=5');
      expect(r.statusCode, r.body).toBe(200);
      const list = r.json();
      expect(list.cutoff).toBe('2021-05-01');
      expect(list.rule).toBe('alive.not_confirmed');
      const pins = list.items.map((x: { pin: string }) => x.pin);
      expect(pins).toContain(old.pin);
      expect(pins).not.toContain(recent.pin);
      expect(list.items.find((x: { pin: string }) => x.pin === old.pin).lastRecordedAt).toBe(
        '2019-03-04T05:06:07.000Z',
      );
      const other = (await as(f, hcm, 'GET', '/api/v1/campaigns/DA896/reverification')).json();
      expect(other.items).toEqual([]);
      expect((await as(f, viewer, 'GET', '/api/v1/campaigns/DA896/reverification')).statusCode).toBe(403);
      expect(await auditCount(f, 'campaign.reverification', 'ok')).toBe(2);

      // The same list from `popreg campaign reverify`, as JSON and as a CSV file for the door-to-door rounds.
      const csv = join(mkdtempSync(join(tmpdir(), 'popreg-reverify-')), 'list.csv');
      const cli = await exec(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'campaign', 'reverify', '--years', '5', '--json', '--csv', csv],
        { env: { ...process.env, POPREG_DB: f.t.url, POPREG_TODAY: GENERATOR_TODAY }, maxBuffer: 20_000_000 },
      );
      const printed = JSON.parse(cli.stdout) as { cutoff: string; items: { pin: string; fullName: string }[] };
      expect(printed.cutoff).toBe('2021-05-01');
      expect(printed.items.map((x) => x.pin)).toContain(old.pin);
      expect(printed.items.map((x) => x.pin)).not.toContain(recent.pin);
      const lines = readFileSync(csv, 'utf8').split('\r\n');
      expect(lines[0]).toBe('\uFEFFpin,full_name,date_of_birth,residence_unit,residence_province,last_recorded_at');
      expect(lines.find((l) => l.startsWith(old.pin))).toContain('Quách Văn Cũ,1960-01-01');
      expect(lines.filter((l) => l !== '').length).toBe(printed.items.length + 1);
      expect(await auditCount(f, 'campaign.reverification', 'ok')).toBe(3);
    }, 60_000);
  });
});
