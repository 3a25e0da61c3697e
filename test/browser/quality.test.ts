// The data-quality page in a real browser against the real server (the officer harness: a generated province
// of Nghệ An): a national administrator computes the scores, sees the heat map and the table per province with
// "deduplication not run" and "identity cards not available" stated plainly, drills into the province's
// communes, sorts, unfolds a row and switches to English; a commune officer sees only their commune and cannot
// recompute or open the province. Screenshot: test-results/screenshots/quality.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, type Harness, requireChromium, startHarness } from './harness.ts';

const STEP = 180_000;

/**
 * The generated province is clean; real data is not. Some records lose fields, some break a rule (an ethnicity
 * code that does not exist), some were last recorded long ago, so that the page shows more than one colour.
 */
async function ageSomeRecords(h: Harness): Promise<void> {
  const db = h.fixture.t.db;
  const rows = await db.selectFrom('person').select(['id', 'data']).orderBy('id').execute();
  for (const r of rows) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    if (r.id % 4 === 0) {
      delete data.hometown;
      delete data.phone;
    }
    if (r.id % 9 === 0) data.ethnicity = '77';
    if (r.id % 4 === 0 || r.id % 9 === 0) {
      await db
        .updateTable('person')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', r.id)
        .execute();
    }
    if (r.id % 6 === 0) {
      await db
        .updateTable('person_change')
        .set({ recorded_at: '2018-03-01T08:00:00.000Z' })
        .where('person_id', '=', r.id)
        .execute();
    }
  }
}

describe('data-quality page (Chromium)', () => {
  let h: Harness;

  beforeAll(async () => {
    requireChromium();
    h = await startHarness();
    await ageSomeRecords(h);
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  async function signIn(page: Page, account: Account) {
    await page.goto(h.url('/sign-in'));
    await page.getByLabel('Tên đăng nhập').fill(account.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    if (account.totpSecret) {
      const code = page.getByLabel('Mã xác thực (6 chữ số)');
      await code.waitFor();
      await code.fill(h.totp(account));
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    }
    await page.getByTestId('user-menu').waitFor();
  }

  it(
    'lets a national administrator compute, read and drill into the scores, honestly marking what is missing',
    async () => {
      const page = await h.newPage();
      await signIn(page, h.admin);
      await page.goto(h.url('/quality'));
      // Nothing computed yet: said so, with the button to compute.
      await page.getByText('Chưa tính điểm chất lượng dữ liệu.').waitFor();
      await page.getByTestId('quality-refresh').click();
      await page.getByText(/Đã tính lại điểm chất lượng \(300 người/).waitFor();

      const table = page.getByTestId('quality-table');
      const province = table.locator('tr', { hasText: 'Tỉnh Nghệ An' });
      await province.waitFor();
      expect(await province.textContent()).toContain('300');
      // Deduplication never ran: no clean score, said in words; the card register does not exist yet.
      expect(await page.getByTestId('quality-dedup-not-run').textContent()).toContain('Chưa chạy đối chiếu trùng lặp');
      expect(await page.getByTestId('quality-cards-na').textContent()).toContain('Chưa có dữ liệu thẻ căn cước');
      expect(await province.textContent()).toContain('Chưa chạy');
      // Provinces without persons are listed as "no data", not as perfect.
      expect(await table.locator('tr', { hasText: 'Thành phố Hà Nội' }).textContent()).toContain('Chưa có dữ liệu');
      // The heat map is drawn.
      await page.getByTestId('quality-chart').locator('canvas').first().waitFor();
      const summary = page.getByTestId('quality-summary');
      expect(await summary.textContent()).toContain('Đúng');
      expect(await summary.textContent()).toContain('%');

      // Drill down into the province: its communes, the province in the breadcrumb.
      await province.getByRole('button', { name: 'Tỉnh Nghệ An' }).click();
      await page.waitForURL('**/quality?unit=40');
      await page.getByTestId('quality-breadcrumb').getByText('Tỉnh Nghệ An').waitFor();
      // Every commune of the province is listed (50 a page), those without persons as "no data".
      await table.locator('tr.ant-table-row', { hasText: 'Chưa có dữ liệu' }).first().waitFor();
      expect(await page.getByTestId('quality-breadcrumb').textContent()).toContain('Toàn quốc');
      // Sort by persons, most first (two clicks: ascending, then descending).
      const personsHeader = table.locator('th', { hasText: 'Số người' });
      await personsHeader.click();
      await personsHeader.click();
      const firstRow = table.locator('tr.ant-table-row').first();
      await expect.poll(async () => firstRow.textContent()).not.toContain('Chưa có dữ liệu');
      // Unfold a commune: the fields missing most often, by name.
      await firstRow.locator('button.ant-table-row-expand-icon').click();
      await page.getByText('Trường còn thiếu').first().waitFor();
      await page.getByTestId('quality-chart').locator('canvas').first().waitFor();
      await h.screenshot(page, 'quality');

      // English on request, and Vietnamese back.
      await page.getByText('EN', { exact: true }).click();
      await page.getByText('Population data quality').waitFor();
      await page.getByText('Deduplication has not run: no "clean" score').waitFor();
      expect(await page.getByTestId('quality-table').textContent()).toContain('Complete');
      await page.getByText('VI', { exact: true }).click();
      await page.getByText('Chất lượng dữ liệu dân cư').first().waitFor();
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'shows a commune officer only their commune, without recomputation, and refuses the province',
    async () => {
      const page = await h.newPage();
      await signIn(page, h.officer);
      await page.goto(h.url('/quality'));
      const rows = page.getByTestId('quality-table').locator('tr.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(h.commune);
      expect(await page.getByTestId('quality-refresh').count()).toBe(0);

      await page.goto(h.url('/quality?unit=40'));
      await page.getByRole('alert').getByText(/quyền/).first().waitFor();
      expect(await page.getByTestId('quality-table').count()).toBe(0);
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );
});
