// Acceptance 4 (dashboard): a provincial officer of a demo-like province (a generated province loaded into the
// registry, the ballots of some communes imported and reviewed by the demo's script) opens the campaign dashboard
// in Chromium; the table shows, for every commune, the counts the ballot table holds; the review queue shows a
// ballot with its history. Screenshots: test-results/screenshots/campaign-dashboard.png, campaign-review.png.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { type DemoCampaign, seedDemoCampaign } from '../../src/modules/campaign/campaign.demo.ts';
import { writePopulation } from '../../src/modules/generator/generate.ts';
import { loadBallotFile } from '../../src/modules/registry/registry.load.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';
import { CHROMIUM, ensureWebBuild, requireChromium, SCREENSHOTS } from './harness.ts';

const TODAY = '2026-06-01';
const PROVINCE = '40';
const PASSWORD = 'Mật-khẩu-thử-2026';

describe('campaign dashboard and review queue (Chromium)', () => {
  let f: RegistryFixture;
  let dir: string;
  let browser: Browser;
  let base: string;
  let demo: DemoCampaign;
  const errors: string[] = [];

  beforeAll(async () => {
    requireChromium();
    ensureWebBuild();
    f = await createRegistryFixture({}, TODAY);
    dir = mkdtempSync(join(tmpdir(), 'popreg-browser-campaign-'));
    const file = join(dir, 'demo.csv');
    await writePopulation({ people: 1200, province: PROVINCE, seed: 896, out: file, today: TODAY, threads: 1 });
    await loadBallotFile(f.services.registry, cliContext(), file, { batchSize: 1000 });
    demo = await seedDemoCampaign(f.services, file, 400);
    await f.services.access.createUser(cliContext(), {
      username: 'canbo.tinh',
      displayName: 'Nguyễn Văn Tỉnh',
      password: PASSWORD,
      roles: ['provincial_officer'],
      jurisdiction: PROVINCE,
    });
    await f.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await f?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Tên đăng nhập').fill('canbo.tinh');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }

  /** What the ballot table holds per commune, counted here with SQL of its own. */
  async function countsFromBallots() {
    const rows = await f.t.db
      .selectFrom('ballot')
      .select((eb) => ['unit_code', 'status', eb.fn.countAll<number>().as('n')])
      .where('province_code', '=', PROVINCE)
      .groupBy(['unit_code', 'status'])
      .execute();
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const m = out.get(r.unit_code!) ?? {};
      m[r.status] = Number(r.n);
      out.set(r.unit_code!, m);
    }
    return out;
  }

  it('shows every commune of the province with the counts of its ballots', async () => {
    const page = await signedIn();
    await page.getByRole('menuitem', { name: 'Tiến độ thu thập' }).click();
    await page.waitForURL('**/campaign/progress');
    await page.getByText('Tiến độ thu thập thông tin dân cư').waitFor();
    const table = page.getByTestId('progress-table');
    await table.locator('tr.ant-table-row').first().waitFor();
    const counts = await countsFromBallots();
    expect(counts.size).toBe(demo.approved.length + demo.verified.length + demo.checked.length);
    for (const [unit, c] of counts) {
      const row = table.locator(`tr[data-row-key="${unit}"]`);
      const cells = (await row.locator('td').allInnerTexts()).map((x) => x.trim());
      const collected = Object.values(c).reduce((a, b) => a + b, 0);
      const approved = c.approved ?? 0;
      const verified = approved + (c.verified ?? 0);
      const checked = verified + (c.checked ?? 0);
      // unit, expected, collected, checked, verified, approved, returned, rejected, rows with errors
      expect(cells.slice(2, 8), unit).toEqual(
        [collected, checked, verified, approved, c.returned ?? 0, c.rejected ?? 0].map((n) =>
          n.toLocaleString('vi-VN'),
        ),
      );
      if (demo.approved.includes(unit)) {
        expect(cells[10], unit).toBe('100%');
        expect(cells[11], unit).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      }
    }
    expect(await page.getByTestId('progress-chart').locator('canvas').count()).toBe(1);
    const total = await page.getByTestId('progress-total').textContent();
    expect(total).toContain('Tổng');
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-dashboard.png'), fullPage: true });
    // English on request.
    await page.getByTestId('user-menu').waitFor();
    expect(errors).toEqual([]);
  });

  it('opens a returned ballot from the review queue with its reason and history', async () => {
    const page = await signedIn();
    await page.goto(`${base}/campaign/review?status=returned`);
    const link = page.getByTestId(`ballot-${demo.returnedBallot}`);
    await link.click();
    const detail = page.getByTestId('ballot-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('ballot-status').textContent()).toBe('Trả lại');
    await detail.getByText('Thiếu ngày đăng ký thường trú').first().waitFor();
    expect(await detail.getByTestId('ballot-history').textContent()).toContain('Trả lại');
    // A re-collection that declares what the registry holds: nothing to compare.
    await detail.getByText('Không có thông tin nào khác với CSDL.').waitFor();
    expect(await detail.getByTestId('ballot-comparison').count()).toBe(0);
    // A provincial officer may reject it; returning again does not apply.
    await detail.getByTestId('action-reject').waitFor();
    expect(await detail.getByTestId('action-return').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-review.png'), fullPage: true });
    // A verified ballot is approved from the drawer.
    await page.keyboard.press('Escape');
    await page.goto(`${base}/campaign/review?status=verified`);
    const first = page.getByTestId('ballot-table').locator('tr.ant-table-row').first();
    await first.locator('a').first().click();
    await page.getByTestId('action-approve').click();
    await expect.poll(() => page.getByTestId('ballot-status').textContent()).toBe('Đã duyệt');
    expect(errors).toEqual([]);
  });

  it('uploads a ballot file with a progress bar and follows its import job to the end', async () => {
    const file = join(dir, 'upload.csv');
    await writePopulation({
      people: 30,
      province: PROVINCE,
      seed: 77,
      errors: 0.1,
      out: file,
      today: TODAY,
      threads: 1,
    });
    const page = await signedIn();
    await page.goto(`${base}/campaign/upload`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('upload-send').click();
    const job = page.getByTestId('import-job');
    await job.getByText('Hoàn tất').waitFor({ timeout: 60_000 });
    const bar = page.getByTestId('upload-progress');
    const value =
      (await bar.getAttribute('aria-valuenow')) ??
      (await bar.locator('[aria-valuenow]').first().getAttribute('aria-valuenow'));
    expect(value).toBe('100');
    const text = (await job.textContent()) ?? '';
    const count = (label: string) => Number(new RegExp(`${label}\\s*(\\d+)`).exec(text)?.[1] ?? Number.NaN);
    const [added, already, errorRows] = ['Phiếu đã thêm', 'Phiếu đã có', 'Dòng lỗi'].map(count);
    // Every row is accounted for: a new ballot, one already there (same ballot id), or a refused row.
    expect(added! + already! + errorRows!).toBeGreaterThanOrEqual(30);
    expect(errorRows).toBeGreaterThan(0);
    await job.getByText('Báo cáo lỗi (CSV)').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-upload.png'), fullPage: true });
    // The entry form refuses an empty ballot at once, field by field.
    await page.goto(`${base}/campaign/entry`);
    await page.getByTestId('entry-submit').click();
    await page.getByText('Thông tin bắt buộc').first().waitFor();
    expect(await page.getByText('Thông tin bắt buộc').count()).toBe(6);
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-entry.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
