// The officer web application in a real browser against the real server: a commune officer signs in, finds a
// person by a name typed without diacritics, reads the record now and as of an earlier date, and is refused a
// person of another commune; an auditor then finds those reads in the audit trail; a viewer sees sensitive data
// hidden; a national administrator signs in with TOTP and manages accounts. Screenshots of every main page go
// to test-results/screenshots/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName } from '../../src/domain/names.ts';
import { type Account, BEFORE_CHANGES, type Harness, requireChromium, startHarness } from './harness.ts';

const STEP = 120_000;

/** dd/mm/yyyy, as the officer types dates. */
function dmy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** Waits until every row of the table holds `text` (a new filter replaced the previous results). */
async function onlyRowsWith(page: Page, testId: string, text: string) {
  await page.waitForFunction(
    ([id, t]) => {
      const rows = [...document.querySelectorAll(`[data-testid="${id}"] tr.ant-table-row`)];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes(t));
    },
    [testId, text] as const,
  );
}

describe('officer web application (Chromium)', () => {
  let h: Harness;

  beforeAll(async () => {
    requireChromium();
    h = await startHarness();
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  async function fillSignIn(page: Page, account: Account, password = account.password) {
    await page.getByLabel('Tên đăng nhập').fill(account.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }

  async function signIn(page: Page, account: Account) {
    await page.goto(h.url('/sign-in'));
    await fillSignIn(page, account);
    await page.getByTestId('user-menu').waitFor();
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/sign-in');
  }

  it(
    'lets a commune officer search without diacritics, read a person now and as of a past date, and refuses another commune',
    async () => {
      const page = await h.newPage();
      // An unsigned visitor lands on the sign-in page, in Vietnamese.
      await page.goto(h.url('/'));
      await page.waitForURL('**/sign-in**');
      await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      await h.screenshot(page, '01-sign-in');

      // A wrong password is explained in Vietnamese.
      await fillSignIn(page, h.officer, 'sai-mat-khau-123');
      await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').waitFor();

      await fillSignIn(page, h.officer);
      await page.waitForURL('**/persons');
      const header = page.getByTestId('user-menu');
      await header.getByText(h.officer.displayName).waitFor();
      expect(await header.textContent()).toContain('Cán bộ công an xã');
      // Only what a commune officer may use is offered.
      const nav = page.getByRole('menu');
      expect(await nav.textContent()).toContain('Tra cứu công dân');
      expect(await nav.textContent()).not.toContain('Nhật ký truy cập');
      expect(await nav.textContent()).not.toContain('Quản lý người dùng');

      // Search by the current name typed without diacritics.
      const typed = foldName(h.inside.newName);
      expect(typed).not.toBe(h.inside.newName);
      await page.getByLabel('Họ và tên').fill(typed);
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      const row = page.getByTestId('search-results').locator('tr', { hasText: h.inside.pin });
      await row.waitFor();
      expect(await row.textContent()).toContain(h.inside.newName);
      // Results are limited to the officer's commune.
      expect(await page.getByTestId('search-results').textContent()).not.toContain(h.outside.pin);
      await h.screenshot(page, '02-search-results');

      // Open the person: current data, and the timeline of versions with field labels.
      await row.getByRole('link', { name: h.inside.newName }).click();
      await page.waitForURL(`**/persons/${h.inside.pin}`);
      await page.getByTestId('person-name').getByText(h.inside.newName).waitFor();
      const sections = page.getByTestId('person-sections');
      await sections.getByText(h.inside.newAddress).waitFor();
      const history = page.getByTestId('history');
      await history.getByText('Thay đổi họ, chữ đệm, tên', { exact: true }).waitFor();
      await history.getByText('Thay đổi nơi cư trú', { exact: true }).waitFor();
      expect(await history.textContent()).toContain('Họ, chữ đệm và tên khai sinh');
      expect(await history.textContent()).toContain(h.inside.oldName);
      expect(await page.getByTestId('past-banner').count()).toBe(0);
      // Unit names, not codes: the residence shows its commune and province.
      await sections
        .getByText(/Tỉnh Nghệ An/)
        .first()
        .waitFor();
      await h.screenshot(page, '03-person');

      // Move the "as of" date back before both changes: the older state, visibly marked.
      const picker = page.getByTestId('as-of').locator('input');
      await picker.click();
      await picker.fill(dmy(BEFORE_CHANGES));
      await picker.press('Enter');
      await page.waitForURL(`**/persons/${h.inside.pin}?asOf=${BEFORE_CHANGES}`);
      await page.getByTestId('past-banner').waitFor();
      expect(await page.getByTestId('past-banner').textContent()).toContain(
        `Đang xem trạng thái tại ngày ${dmy(BEFORE_CHANGES)}`,
      );
      await page.getByTestId('person-name').getByText(h.inside.oldName, { exact: true }).waitFor();
      await page.locator(`[data-testid="person-sections"][data-as-of="${BEFORE_CHANGES}"]`).waitFor();
      expect(await page.getByTestId('person-sections').textContent()).not.toContain(h.inside.newAddress);
      await page.getByText('Sau ngày đang xem').first().waitFor();
      await h.screenshot(page, '04-person-as-of');

      // Back to today's data.
      await page.getByTestId('as-of-reset').click();
      await page.getByTestId('person-name').getByText(h.inside.newName).waitFor();
      expect(await page.getByTestId('past-banner').count()).toBe(0);

      // A person of another commune, opened by address: a clear refusal, and no data.
      await page.goto(h.url(`/persons/${h.outside.pin}`));
      await page.getByText('Bạn không có quyền xem hồ sơ này').waitFor();
      expect(await page.getByTestId('person-sections').count()).toBe(0);
      expect(await page.content()).not.toContain(h.outside.name);
      await h.screenshot(page, '05-refusal');

      await signOut(page);
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'lets an auditor find those reads and the refusal in the audit trail and verify the chain',
    async () => {
      const page = await h.newPage();
      await signIn(page, h.auditor);
      // An auditor reads no person data: the start page is the audit search.
      await page.waitForURL('**/audit');
      expect(await page.getByRole('menu').textContent()).not.toContain('Tra cứu công dân');

      const form = page.getByTestId('audit-form');
      await form.getByLabel('Số định danh').fill(h.inside.pin);
      await form.getByRole('button', { name: 'Tra cứu' }).click();
      await page.waitForURL(`**/audit?pin=${h.inside.pin}`);
      await onlyRowsWith(page, 'audit-table', h.inside.pin);
      const table = page.getByTestId('audit-table');
      // Rows are matched on the PIN too: the unfiltered trail may still be on screen for a moment.
      const reads = table
        .locator('tr', { hasText: 'Xem hồ sơ' })
        .filter({ hasText: h.officer.username })
        .filter({ hasText: h.inside.pin });
      await reads.first().waitFor();
      // Today's state and the state as of the past date were each read (the web app does not re-read behind the
      // officer's back, so going back to today's data, already shown, reads nothing more).
      expect(await reads.count()).toBeGreaterThanOrEqual(2);
      expect(await reads.first().textContent()).toContain('Thành công');
      await reads
        .filter({ hasText: `Dữ liệu tại ngày ${dmy(BEFORE_CHANGES)}` })
        .first()
        .waitFor();
      await table
        .locator('tr', { hasText: 'Xem lịch sử thay đổi' })
        .filter({ hasText: h.inside.pin })
        .first()
        .waitFor();
      await h.screenshot(page, '06-audit-search');

      // The refused read of the other commune's person.
      await form.getByLabel('Số định danh').fill(h.outside.pin);
      await form.getByRole('button', { name: 'Tra cứu' }).click();
      await onlyRowsWith(page, 'audit-table', h.outside.pin);
      const refused = table.locator('tr', { hasText: h.outside.pin }).filter({ hasText: 'Bị từ chối' });
      await refused.first().waitFor();
      expect(await refused.first().textContent()).toContain(h.officer.username);
      expect(await refused.first().textContent()).toContain('Ngoài địa bàn được giao');

      await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
      const verdict = page.getByTestId('audit-verify-result');
      await verdict.waitFor();
      expect(await verdict.textContent()).toContain('Chuỗi nhật ký toàn vẹn');
      await h.screenshot(page, '07-audit-verified');

      await signOut(page);
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'hides sensitive data from a viewer',
    async () => {
      const page = await h.newPage();
      await signIn(page, h.viewer);
      await page.goto(h.url(`/persons/${h.inside.pin}`));
      const ethnicity = page.getByTestId('section-ethnicity');
      await ethnicity.getByText('Đã ẩn').first().waitFor();
      expect(await ethnicity.getByText('Đã ẩn').count()).toBe(2);
      await signOut(page);
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'lets a national administrator sign in with a TOTP code, create, re-scope and disable accounts',
    async () => {
      const page = await h.newPage();
      await page.goto(h.url('/sign-in'));
      await fillSignIn(page, h.admin);
      // The code field appears only when the server asks for it.
      const code = page.getByLabel('Mã xác thực (6 chữ số)');
      await code.waitFor();
      await h.screenshot(page, '08-sign-in-totp');
      await code.fill(h.totp(h.admin));
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByTestId('user-menu').getByText('Quản trị viên quốc gia').waitFor();
      expect(await page.getByTestId('user-menu').textContent()).toContain('Toàn quốc');

      await page.getByRole('menu').getByText('Quản lý người dùng').click();
      await page.waitForURL('**/users');
      const table = page.getByTestId('users-table');
      await table.getByText(h.officer.username).waitFor();
      await table.getByText(h.auditor.username).waitFor();

      // Create a provincial officer for the province.
      await page.getByTestId('user-create').click();
      const form = page.getByTestId('user-form');
      await form.getByLabel('Tên đăng nhập').fill('canbo.tinh');
      await form.getByLabel('Họ tên hiển thị').fill('Vũ Đức Tỉnh');
      await form.getByLabel('Mật khẩu').fill('Mật-khẩu-tỉnh-2026');
      await form.getByLabel('Cán bộ công an tỉnh').check();
      await form.getByTestId('province-select').click();
      await page.keyboard.type('nghe an');
      await page.keyboard.press('Enter');
      await form.getByTestId('province-select').getByText('Tỉnh Nghệ An').waitFor();
      await h.screenshot(page, '09-user-form');
      await page.getByRole('button', { name: 'Tạo mới' }).click();
      const created = table.locator('tr', { hasText: 'canbo.tinh' });
      await created.waitFor();
      expect(await created.textContent()).toContain('Cán bộ công an tỉnh');
      expect(await created.textContent()).toContain('Nghệ An');

      // Re-scope the commune officer's account to the whole province as a viewer.
      await table.locator('tr', { hasText: h.officer.username }).getByRole('button', { name: 'Sửa' }).click();
      const edit = page.getByTestId('user-form');
      await edit.getByLabel('Cán bộ công an xã').uncheck();
      await edit.getByLabel('Người xem').check();
      await edit.getByTestId('commune-select').locator('.ant-select-clear').click({ force: true });
      await page.getByRole('button', { name: 'Lưu' }).click();
      const officerRow = table.locator('tr', { hasText: h.officer.username });
      await officerRow.getByText('Người xem').waitFor();
      expect(await officerRow.textContent()).not.toContain('Cán bộ công an xã');

      // Disable the new account.
      await created.getByRole('button', { name: 'Vô hiệu hóa' }).click();
      await page.getByRole('button', { name: 'Có' }).click();
      await created.getByText('Đã vô hiệu hóa').waitFor();
      // The confirmations fade after a few seconds; the page is shown without them.
      await page.locator('.ant-message-notice').last().waitFor({ state: 'detached', timeout: 10_000 });
      await h.screenshot(page, '10-users');

      // The English switch changes the interface, and Vietnamese comes back.
      await page.getByText('EN', { exact: true }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByText('VI', { exact: true }).click();
      await signOut(page);
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );
});
