// Identity cards in a real browser against the real server: a card officer signs in, receives an application
// for a person, approves it, builds a production batch, imports the production centre's results file, then
// delivers and hands over the card; the card page shows both sides as rendered by the server. The card
// signing keys are created for the run (initCardCa into a temporary directory, POPREG_CARD_KEYS).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { initCardCa } from '../../src/modules/card/crypto/card.keys.ts';
import { placeholderPhoto } from '../../src/modules/card/render/card.photo.ts';
import { cardPng } from '../../src/modules/card/render/card.png.ts';
import { type Account, type Harness, requireChromium, startHarness } from './harness.ts';

const STEP = 180_000;

/** ZBar is installed by .ci/run; without it the QR read-back is left to test/card/render.test.ts's skip notice. */
function hasZbar(): boolean {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const PROVINCE = '40';

describe('identity cards in the officer web application (Chromium)', () => {
  let h: Harness;
  let dir: string;
  let cardOfficer: Account;

  beforeAll(async () => {
    requireChromium();
    dir = mkdtempSync(join(tmpdir(), 'popreg-cards-browser-'));
    const keyDir = join(dir, 'card-keys');
    // Valid from before the registry's fixed "today" (2026-06-01) through the real clock's.
    await initCardCa(keyDir, new Date('2026-01-01T00:00:00Z'));
    h = await startHarness({ POPREG_CARD_KEYS: keyDir });
    cardOfficer = {
      username: 'canbo.the',
      password: 'Mật-khẩu-thẻ-2026',
      displayName: 'Đỗ Thị Thẻ',
    };
    await h.fixture.services.access.createUser(cliContext(), {
      ...cardOfficer,
      roles: ['card_officer'],
      jurisdiction: PROVINCE,
    });
  }, 600_000);

  afterAll(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(page: Page, account: Account) {
    await page.goto(h.url('/sign-in'));
    await page.getByLabel('Tên đăng nhập').fill(account.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user-menu').waitFor();
  }

  /** The application row of the person, once its status reads `status`. */
  async function applicationRow(page: Page, pin: string, status: string) {
    const row = page.getByTestId('applications-table').locator('tr', { hasText: pin });
    await row.getByText(status, { exact: true }).waitFor();
    return row;
  }

  it(
    'applies, approves, produces through a batch and its results file, delivers and hands over a card',
    async () => {
      const page = await h.newPage();
      const pin = h.inside.pin;
      await signIn(page, cardOfficer);

      // The card pages are offered to a card officer.
      const nav = page.getByRole('menu');
      for (const entry of ['Hồ sơ cấp thẻ căn cước', 'Lô sản xuất thẻ', 'Danh sách đến hạn cấp, đổi thẻ']) {
        await nav.getByText(entry).waitFor();
      }

      // Receive an application at the person's commune.
      await page.goto(h.url('/cards/applications'));
      await page.getByTestId('new-application').click();
      const form = page.getByTestId('apply-form');
      await form.getByTestId('apply-pin').fill(pin);
      await form.getByTestId('province-select').click();
      await page.keyboard.type('nghe an');
      await page.keyboard.press('Enter');
      await form.getByTestId('province-select').getByText('Tỉnh Nghệ An').waitFor();
      await form.getByTestId('commune-select').click();
      await page.keyboard.type(h.commune);
      await page.keyboard.press('Enter');
      // A face photo is required from age 6: the placeholder portrait stands in for a captured one.
      const photo = join(dir, 'photo.jpg');
      writeFileSync(photo, placeholderPhoto(pin, 'F').jpeg);
      await form.locator('input[type=file]').setInputFiles(photo);
      await form.getByText('photo.jpg').waitFor();
      await h.screenshot(page, 'cards-01-apply-form');
      await form.getByTestId('apply-submit').click();
      await page.getByText(/Đã tiếp nhận hồ sơ số \d+/).waitFor();

      // Approve it from the list.
      let row = await applicationRow(page, pin, 'Đã tiếp nhận');
      expect(await row.textContent()).toContain(h.inside.newName);
      await h.screenshot(page, 'cards-02-applications');
      await row.getByRole('button', { name: 'Duyệt' }).click();
      row = await applicationRow(page, pin, 'Đã duyệt');

      // Build a batch of the province's approved applications; it holds this one.
      await page.goto(h.url('/cards/batches'));
      await page.getByTestId('batch-build').click();
      await page.getByText(/Đã tạo lô \d+ gồm \d+ thẻ/).waitFor();
      const batchRow = page.getByTestId('batches-table').locator('tr.ant-table-row').first();
      const batchId = Number((await batchRow.locator('td').first().textContent())?.replace('#', ''));
      expect(batchId).toBeGreaterThan(0);
      const application = await h.fixture.t.db
        .selectFrom('card_application')
        .select(['id', 'batch_id'])
        .where('pin', '=', pin)
        .executeTakeFirstOrThrow();
      expect(Number(application.batch_id)).toBe(batchId);

      // The production centre's results: every card of the batch produced.
      const inBatch = await h.fixture.t.db
        .selectFrom('card_application')
        .select('id')
        .where('batch_id', '=', batchId)
        .execute();
      const results = join(dir, `batch-${batchId}-results.json`);
      writeFileSync(
        results,
        JSON.stringify(inBatch.map((a) => ({ applicationId: Number(a.id), outcome: 'produced' }))),
      );
      await batchRow.locator('input[type=file]').setInputFiles(results);
      await page.getByText(`Đã nhập kết quả lô ${batchId}`).waitFor();
      await page.getByTestId(`batch-progress-${batchId}`).getByText(`Đã sản xuất: ${inBatch.length}`).waitFor();
      // Let the progress bar finish its animation, for the picture only.
      await page.waitForTimeout(800);
      await h.screenshot(page, 'cards-03-batches');

      // Open the card from the application, deliver it to the place of receipt and hand it over.
      await page.goto(h.url(`/cards/applications?pin=${pin}`));
      row = await applicationRow(page, pin, 'Đã sản xuất');
      await row.getByRole('link', { name: 'Xem thẻ' }).click();
      await page.waitForURL(/\/cards\/\d+$/);
      await page.getByTestId('card-status').getByText('Đã sản xuất').waitFor();
      await page.getByTestId('card-action-deliver').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Nhận thẻ về nơi trả' }).click();
      await page.getByTestId('card-status').getByText('Chờ trả thẻ').waitFor();
      await page.getByTestId('card-action-issue').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Trả thẻ cho công dân' }).click();
      await page.getByTestId('card-status').getByText('Đang sử dụng').waitFor();

      // Both sides are drawn by the server and load as images; the front carries the holder's name.
      for (const side of ['front', 'back']) {
        const img = page.getByTestId(`card-${side}`);
        await img.scrollIntoViewIfNeeded();
        await page.waitForFunction((id) => {
          const el = document.querySelector(`[data-testid="${id}"]`) as HTMLImageElement | null;
          return el?.complete === true && el.naturalWidth > 0;
        }, `card-${side}`);
      }
      const src = await page.getByTestId('card-front').getAttribute('src');
      const front = await page.evaluate((u) => fetch(u ?? '').then((r) => r.text()), src);
      expect(front).toContain(h.inside.newName.toLocaleUpperCase('vi'));
      expect(front).toContain(pin);
      expect(await page.getByTestId('card-mrz').textContent()).toMatch(/^IDVNM/);
      // The signed QR the server printed (on the back of a 2024 card) reads back, through ZBar, as the card's QR.
      const cardUrl = new URL(page.url()).pathname.replace('/cards/', '/api/v1/cards/');
      const served = await page.evaluate(
        (u) => Promise.all([fetch(u).then((r) => r.json()), fetch(`${u}/back.svg`).then((r) => r.text())]),
        cardUrl,
      );
      const [cardJson, back] = served as [{ qr: string; generation: string }, string];
      expect(cardJson.generation).toBe('2024');
      if (hasZbar()) {
        const png = join(dir, 'back.png');
        writeFileSync(png, cardPng(back));
        expect(execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim()).toBe(cardJson.qr);
      }
      // The history: the application's steps, then the card's, ending with its hand-over.
      const history = page.getByTestId('card-history');
      await history.getByText('Thẻ: Đang sử dụng').waitFor();
      for (const step of ['Hồ sơ: Đã tiếp nhận', 'Hồ sơ: Đã duyệt', 'Thẻ: Đã sản xuất', 'Thẻ: Chờ trả thẻ']) {
        await history.getByText(step).first().waitFor();
      }
      // The confirmations fade after a few seconds; the picture is taken without them over the title.
      await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 15_000 });
      await h.screenshot(page, 'cards-04-card');

      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'shows the due list with its chart and the card dashboard',
    async () => {
      // The daily job fills the list: adults without a card, children turning 14, holders reaching 25, 40, 60.
      await h.fixture.services.cardProduction.due.runDaily();
      const page = await h.newPage();
      await signIn(page, cardOfficer);
      await page.goto(h.url('/cards/due'));
      await page.getByTestId('due-table').locator('tr.ant-table-row').first().waitFor();
      await page.getByTestId('due-chart').waitFor();
      await page.getByTestId('due-table').waitFor();
      await h.screenshot(page, 'cards-05-due');
      await page.goto(h.url('/cards/dashboard'));
      await page.getByTestId('dash-status-chart').waitFor();
      expect(Number((await page.getByTestId('dash-issued').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
      await h.screenshot(page, 'cards-06-dashboard');
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );
});
