// Acceptance 3: files that cannot be read are refused with a clear error, through the import service and through
// `popreg import`, and leave no partial state: the job is failed with the file error and no ballot and no issue
// row is written, even when the fault sits at the end of an otherwise good file.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { encodeCp1258, tcvn3AsUtf8, tempDir } from '../intake/helpers.ts';
import { GENERATOR_TODAY, type Generated, generateFile, tableCount } from './helpers/import.ts';

const ctx = cliContext();
const tmp = tempDir();

const HEADER = 'ballot_id,full_name,date_of_birth,sex,birth_registration_place,hometown,ethnicity,permanent_unit';
const NAMES = ['Nguyễn Thị Hà', 'Đỗ Văn Trường', 'Lê Thị Hồng', 'Phạm Minh Đức', 'Hoàng Thị Quỳnh', 'Vũ Quốc Việt'];
const table = (names: string[]) =>
  `${HEADER}\n${names.map((n, i) => `X${i},${n},199${i}-01-01,Nam,00004,00004,01,00004`).join('\n')}\n`;

interface BadCase {
  name: string;
  rule: string;
  /** Something the message must say. */
  says: string[];
  file: () => string;
}

let g: Generated;

const CASES: BadCase[] = [
  {
    name: 'Windows-1258 CSV',
    rule: 'file.encoding',
    says: ['Windows-1258', 'CSV UTF-8'],
    file: () => tmp.file('cp1258.csv', encodeCp1258(table(NAMES))),
  },
  {
    name: 'TCVN3 text (.VnTime) saved as UTF-8',
    rule: 'file.encoding',
    says: ['TCVN3'],
    file: () => tmp.file('tcvn3.csv', tcvn3AsUtf8(table(NAMES))),
  },
  {
    name: 'unbalanced quotes near the end of a good file',
    rule: 'file.quotes',
    says: ['row'],
    file: () => {
      const lines = readFileSync(g.file, 'utf8').split('\n');
      const at = lines.length - 5;
      lines[at] = lines[at]!.replace(/^([^,]*,[^,]*,[^,]*,)/, '$1"');
      return tmp.file('quotes.csv', lines.join('\n'));
    },
  },
  {
    name: 'a row with the wrong number of columns at the end of a good file',
    rule: 'file.columns',
    says: ['columns, expected 34'],
    file: () => tmp.file('columns.csv', `${readFileSync(g.file, 'utf8')}B9,Phạm Minh,1999-01-01,Nam\n`),
  },
  {
    name: 'unknown headers',
    rule: 'file.headers',
    says: ['"Tuổi"', 'full_name (Họ, chữ đệm và tên khai sinh)', 'collected_on'],
    file: () => tmp.file('headers.csv', 'full_name,Tuổi,date_of_birth,sex\nAn,30,2000-01-01,Nam\n'),
  },
  { name: 'an empty file', rule: 'file.empty', says: ['empty'], file: () => tmp.file('empty.csv', '') },
  {
    name: 'a 10 MB field',
    rule: 'file.field_too_large',
    says: ['permanent_address'],
    file: () =>
      tmp.file(
        'big.csv',
        `full_name,date_of_birth,sex,permanent_address\nAn,2000-01-01,Nam,a\nBình,2000-01-01,Nữ,${'x'.repeat(10 * 1024 * 1024)}\n`,
      ),
  },
  {
    name: 'a formula in a CSV cell',
    rule: 'file.formula',
    says: ['B2'],
    file: () => tmp.file('formula.csv', 'full_name,date_of_birth,sex\nAn,=DATE(2000;1;1),Nam\n'),
  },
];

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe(`bad files on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const files = new Map<string, string>();

  beforeAll(async () => {
    f = await createRegistryFixture({}, GENERATOR_TODAY);
    g = await generateFile({ people: 800, seed: 3 });
    for (const c of CASES) files.set(c.name, c.file());
  }, 60_000);
  afterAll(async () => {
    tmp.done();
    g.cleanup();
    await f.destroy();
  });

  it.each(CASES.map((c) => [c.name, c] as const))(
    'service: %s is refused, the job failed, nothing written',
    async (_n, c) => {
      const path = files.get(c.name)!;
      const before = { ballots: await tableCount(f.t.db, 'ballot'), issues: await tableCount(f.t.db, 'import_issue') };
      const r = await f.services.campaignImport.importFile(ctx, {
        campaign: 'DA896',
        form: 'DC01',
        path,
        fileName: `${c.name}.csv`,
      });
      expect(r.job.status).toBe('failed');
      expect(r.job.error?.code).toBe('CAMPAIGN.BAD_FILE');
      expect(r.job.error?.details.rule, r.job.error?.message).toBe(c.rule);
      for (const s of c.says) expect(r.job.error!.message).toContain(s);
      expect(String(r.job.error?.details.messageVi)).toContain(c.rule);
      expect(r.job.ballotsAdded).toBe(0);
      expect(r.job.rowsDone).toBe(0);
      expect(await tableCount(f.t.db, 'ballot')).toBe(before.ballots);
      expect(await tableCount(f.t.db, 'import_issue')).toBe(before.issues);
      // The same file again: the same failed job, nothing more.
      const again = await f.services.campaignImport.importFile(ctx, {
        campaign: 'DA896',
        form: 'DC01',
        path,
        fileName: 'x',
      });
      expect(again.job.id).toBe(r.job.id);
      expect(again.job.status).toBe('failed');
    },
  );

  it('popreg import refuses each bad file with exit code 1 and a one-line reason naming the rule', async () => {
    const env = { POPREG_TODAY: GENERATOR_TODAY, POPREG_DB: f.t.url };
    // A second campaign, so the CLI makes jobs of its own for the same files.
    await f.t.db
      .insertInto('campaign' as never)
      .values({ code: 'CLI', name: 'CLI', started_on: '2026-01-01', created_at: '2026-01-01T00:00:00Z' } as never)
      .execute();
    const results: { code: number | null; stdout: string; stderr: string }[] = [];
    for (let i = 0; i < CASES.length; i += 4) {
      results.push(
        ...(await Promise.all(
          CASES.slice(i, i + 4).map((c) => runCli(['import', files.get(c.name)!, '--campaign', 'CLI'], env)),
        )),
      );
    }
    CASES.forEach((c, i) => {
      const r = results[i]!;
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(1);
      const reason = r.stderr.split('\n').find((l) => l.startsWith('popreg:'));
      expect(reason, r.stderr).toContain(`[${c.rule}]`);
      expect(reason).toContain('file refused');
      expect(r.stdout).toBe('');
    });
    expect(await tableCount(f.t.db, 'ballot')).toBe(0);
    expect(await tableCount(f.t.db, 'import_issue')).toBe(0);
  }, 240_000);

  it('a file that cannot be opened is refused before any job exists, naming the file and the reason', async () => {
    const jobs = await tableCount(f.t.db, 'import_job');
    const missing = join(tmp.dir, 'no-such-file.csv');
    const refused = (path: string) =>
      f.services.campaignImport.importFile(ctx, { campaign: 'DA896', form: 'DC01', path, fileName: 'x.csv' });
    await expect(refused(missing)).rejects.toMatchObject({
      code: 'CAMPAIGN.BAD_FILE',
      details: { rule: 'file.unreadable', value: missing },
      message: expect.stringContaining('there is no such file (ENOENT)'),
    });
    await expect(refused(tmp.dir)).rejects.toMatchObject({
      details: { rule: 'file.unreadable', messageVi: expect.stringContaining('thư mục') },
    });
    expect(await tableCount(f.t.db, 'import_job')).toBe(jobs);
    const cli = await runCli(['import', missing], { POPREG_TODAY: GENERATOR_TODAY, POPREG_DB: f.t.url });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`popreg: file refused [file.unreadable]: cannot open "${missing}"`);
    expect(await tableCount(f.t.db, 'import_job')).toBe(jobs);
  }, 60_000);

  it('a good file after all that imports normally', async () => {
    const path = join(tmp.dir, 'good.csv');
    writeFileSync(path, readFileSync(g.file));
    const r = await f.services.campaignImport.importFile(ctx, {
      campaign: 'DA896',
      form: 'DC01',
      path,
      fileName: 'good.csv',
    });
    expect(r.job.status).toBe('done');
    expect(r.job.ballotsAdded).toBe(g.truth.length);
  });
});
