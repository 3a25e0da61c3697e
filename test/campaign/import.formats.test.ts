// The same ballots as CSV (with a byte-order mark and Vietnamese label headers), XLSX and NDJSON import to the same
// ballots and the same issues; a DC02 file imports as field changes; an XLSX with a formula is refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { DC01_FIELDS } from '../../src/domain/dc01.ts';
import type { BirthRegistrationBody } from '../../src/modules/registry/registry.schemas.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { GENERATOR_TODAY, type Generated, generateFile, tableCount } from './helpers/import.ts';
import { BA_DINH } from './helpers/review-fixture.ts';

const ctx = cliContext();
const KEYS = DC01_FIELDS.map((f) => f.key);
const label = new Map(DC01_FIELDS.map((f) => [f.key, f.vi]));

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

describe(`import formats on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let g: Generated;
  const campaigns = ['CSVBOM', 'XLSX', 'NDJSON'];

  const summary = async (campaign: string) => {
    const db = f.t.db;
    const job = await db
      .selectFrom('import_job')
      .selectAll()
      .where('campaign_code', '=', campaign)
      .executeTakeFirstOrThrow();
    const ballots = await db
      .selectFrom('ballot')
      .select(['ballot_ref', 'row_no', 'data', 'issues'])
      .where('campaign_code', '=', campaign)
      .orderBy('row_no')
      .execute();
    const issues = await db
      .selectFrom('import_issue')
      .select(['row_no', 'field', 'rule'])
      .where('job_id', '=', job.id)
      .orderBy('row_no')
      .orderBy('id')
      .execute();
    return { job, ballots, issues };
  };

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    g = await generateFile({ people: 300, seed: 8, errors: 0.05, duplicates: 0.05 });
    for (const code of campaigns)
      await f.t.db
        .insertInto('campaign')
        .values({ code, name: code, started_on: '2026-01-01', created_at: '2026-01-01T00:00:00Z' })
        .execute();
    // CSV with a byte-order mark and the Vietnamese labels as headers.
    const csv = join(g.dir, 'labels.csv');
    const lines = [
      KEYS.map((k) => csvCell(label.get(k)!)).join(','),
      ...g.rows.map((r) => KEYS.map((k) => csvCell(r[k] ?? '')).join(',')),
    ];
    writeFileSync(csv, `\uFEFF${lines.join('\r\n')}\r\n`);
    // XLSX with the English labels.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DC01');
    ws.addRow(DC01_FIELDS.map((x) => x.en));
    for (const r of g.rows) ws.addRow(KEYS.map((k) => r[k] ?? ''));
    const xlsx = join(g.dir, 'ballots.xlsx');
    await wb.xlsx.writeFile(xlsx);
    // NDJSON: one object per line; its line numbers count from 1.
    const ndjson = join(g.dir, 'ballots.ndjson');
    writeFileSync(ndjson, `${g.rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    for (const [campaign, path] of [
      ['CSVBOM', csv],
      ['XLSX', xlsx],
      ['NDJSON', ndjson],
    ] as const) {
      const r = await f.services.campaignImport.importFile(ctx, { campaign, form: 'DC01', path, fileName: path });
      expect(r.job.status, JSON.stringify(r.job.error)).toBe('done');
    }
  }, 120_000);
  afterAll(async () => {
    g.cleanup();
    await f.destroy();
  });

  it('stores the same ballots with the same issues from CSV, XLSX and NDJSON', async () => {
    const [csv, xlsx, nd] = await Promise.all(campaigns.map(summary));
    expect(csv!.job.file_format).toBe('csv');
    expect(xlsx!.job.file_format).toBe('xlsx');
    expect(nd!.job.file_format).toBe('ndjson');
    expect(csv!.ballots.length).toBeGreaterThan(250);
    const strip = (s: Awaited<ReturnType<typeof summary>>, shift: number) => ({
      ballots: s.ballots.map((b) => ({
        ...b,
        row_no: b.row_no! + shift,
        issues: JSON.parse(b.issues).map((i: { rule: string; field: string }) => `${i.field} ${i.rule}`),
      })),
      issues: s.issues.map((i) => `${i.row_no + shift} ${i.field} ${i.rule}`),
    });
    expect(strip(xlsx!, 0)).toEqual(strip(csv!, 0));
    // NDJSON rows are numbered by line (no header line): one less than the spreadsheet rows.
    expect(strip(nd!, 1)).toEqual(strip(csv!, 0));
    for (const s of [csv!, xlsx!, nd!]) {
      expect(s.job.ballots_added + s.job.rows_with_errors).toBe(g.rows.length);
      expect(s.job.rows_with_errors).toBe(g.truth.filter((t) => t.rule).length);
    }
  });

  it('imports a DC02 file of field changes against the registry', async () => {
    const p = await f.services.registry.registerBirth(
      ctx,
      birthBody(BA_DINH, { fullName: 'Tạ Văn Đổi', dateOfBirth: '1970-01-01' }) as unknown as BirthRegistrationBody,
    );
    const header = 'Mã phiếu,Số định danh cá nhân,field,old_value,new_value,change_kind,unit_code';
    const rows = [
      `D1,${p.pin},phone,,0987654321,update,${BA_DINH}`,
      `D1,${p.pin},religion,00,01,correction,${BA_DINH}`,
      `D2,${p.pin},ethnicity,05,02,correction,${BA_DINH}`,
      `D3,001970123456,phone,,0912345678,update,${BA_DINH}`,
      `D4,${p.pin},pin,,001970000001,update,${BA_DINH}`,
      `D5,${p.pin},phone,,0987654321,update,${BA_DINH}`,
    ];
    const path = join(g.dir, 'dc02.csv');
    writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
    const r = await f.services.campaignImport.importFile(ctx, {
      campaign: 'DA896',
      form: 'DC02',
      path,
      fileName: 'dc02.csv',
    });
    expect(r.job).toMatchObject({ status: 'done', ballotsAdded: 4, rowsWithErrors: 2 });
    const byRule = Object.fromEntries(r.byRule.map((x) => [x.rule, x.count]));
    expect(byRule).toEqual({
      'pin.not_in_registry': 1,
      'dc02.field_not_changeable': 1,
      'dc02.old_value_mismatch': 1,
      'clean.duplicate_in_file': 1,
    });
    const refs = (
      await f.t.db.selectFrom('ballot').select('ballot_ref').where('form', '=', 'DC02').orderBy('id').execute()
    ).map((b) => b.ballot_ref);
    expect(refs).toEqual(['D1:phone', 'D1:religion', 'D2:ethnicity', 'D5:phone']);
  });

  it('refuses an XLSX holding a formula, writing nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DC01');
    ws.addRow(['full_name', 'date_of_birth', 'sex', 'ballot_id']);
    ws.addRow(['Nguyễn Văn An', '2000-01-01', 'Nam', 'F1']);
    ws.addRow(['Lê Thị Bình', '2000-01-02', 'Nữ', 'F2']);
    ws.getCell('D3').value = { formula: 'CONCAT("F",ROW())', result: 'F3' } as ExcelJS.CellFormulaValue;
    const path = join(g.dir, 'formula.xlsx');
    await wb.xlsx.writeFile(path);
    const before = await tableCount(f.t.db, 'ballot');
    const r = await f.services.campaignImport.importFile(ctx, {
      campaign: 'DA896',
      form: 'DC01',
      path,
      fileName: 'formula.xlsx',
    });
    expect(r.job.status).toBe('failed');
    expect(r.job.error).toMatchObject({ code: 'CAMPAIGN.BAD_FILE', details: { rule: 'file.formula', cell: 'D3' } });
    expect(await tableCount(f.t.db, 'ballot')).toBe(before);
  });
});
