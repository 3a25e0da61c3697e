// Duplicate review in a real browser against the real server: a provincial officer opens the review queue (filled
// by a batch run over a generated province with duplicates), filters it by probability band, opens a pair side by
// side with the per-field evidence, decides one pair "different people", merges another and undoes the merge, and
// switches to English; a commune officer sees its person's pair with another commune only as referred to the
// province. Screenshots: test-results/screenshots/dedup-queue.png, dedup-pair.png and dedup-referred.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../../src/domain/context.ts';
import { upsertPairs } from '../../src/modules/dedup/dedup.repository.ts';
import { writePopulation } from '../../src/modules/generator/generate.ts';
import { loadBallotFile } from '../../src/modules/registry/registry.load.ts';
import { type Account, type Harness, requireChromium, startHarness, TODAY } from './harness.ts';

const STEP = 180_000;
const PROVINCE = '40';

describe('duplicate review web pages (Chromium)', () => {
  let h: Harness;
  let reviewer: Account;
  let dir: string;

  beforeAll(async () => {
    requireChromium();
    h = await startHarness();
    // More persons of the province, with duplicates, then a batch run: the queue the officer reviews.
    dir = mkdtempSync(join(tmpdir(), 'popreg-browser-dedup-'));
    const file = join(dir, 'more.csv');
    await writePopulation({
      people: 3000,
      province: PROVINCE,
      seed: 21,
      duplicates: 0.15,
      out: file,
      today: TODAY,
      threads: 1,
    });
    await loadBallotFile(h.fixture.services.registry, cliContext(), file);
    await h.fixture.services.dedup.runBatch(cliContext(), {});
    const password = 'Mật-khẩu-rà-soát-2026';
    await h.fixture.services.access.createUser(cliContext(), {
      username: 'canbo.tinh',
      displayName: 'Vũ Thị Rà Soát',
      password,
      roles: ['provincial_officer'],
      jurisdiction: PROVINCE,
    });
    reviewer = { username: 'canbo.tinh', password, displayName: 'Vũ Thị Rà Soát' };
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

  const queueRows = (page: Page) => page.getByTestId('dedup-queue').locator('tr.ant-table-row');

  it(
    'lists the pairs, filters by band, shows a pair side by side, records decisions, merges and undoes',
    async () => {
      const page = await h.newPage();
      await signIn(page, reviewer);
      await page.getByRole('menu').getByText('Rà soát trùng lặp').click();
      await page.waitForURL('**/dedup');
      await page.getByText('Hồ sơ nghi trùng lặp').waitFor();
      await queueRows(page).first().waitFor();
      expect(await queueRows(page).count()).toBeGreaterThan(5);
      expect(await page.getByTestId('dedup-last-run').textContent()).toContain('Lần rà soát toàn bộ gần nhất');
      await page.getByTestId('precision-table').waitFor();
      await h.screenshot(page, 'dedup-queue');

      // The highest band only: every probability shown is at least 99%.
      await page.getByTestId('band-filter').click();
      await page.locator('.ant-select-item-option', { hasText: '0.99 – 1' }).click();
      await page.waitForURL('**/dedup?band=0.99-1');
      await page.waitForFunction(() => {
        const tags = [...document.querySelectorAll('[data-testid="pair-probability"]')];
        return tags.length > 0 && tags.every((t) => Number.parseFloat(t.textContent ?? '0') >= 99);
      });

      // Side by side: both records, coloured rows, and the evidence chart.
      await queueRows(page).first().getByText('So sánh').click();
      await page.waitForURL(/\/dedup\/\d+$/);
      const decidedId = new URL(page.url()).pathname.split('/').pop();
      const compare = page.getByTestId('pair-compare');
      await compare.waitFor();
      await page.getByTestId('evidence-chart').locator('canvas').waitFor();
      expect(await compare.locator('tr[data-agreement="agree"]').count()).toBeGreaterThan(0);
      expect(await compare.textContent()).toContain('Họ, chữ đệm và tên');
      expect(await compare.textContent()).toContain('Ngày sinh');
      await page.getByText('Xác suất là cùng một người').waitFor();
      await h.screenshot(page, 'dedup-pair');

      // "Different people": recorded and final.
      await page.getByTestId('decide-different').click();
      await page.getByTestId('pair-status').getByText('Khác người').waitFor();
      expect(await page.getByTestId('decide-same').count()).toBe(0);

      // Another open pair: same person, merged, then the merge undone.
      await page.goto(h.url('/dedup'));
      await queueRows(page).first().waitFor();
      await queueRows(page).first().getByText('So sánh').click();
      await page.getByTestId('decide-merge').click();
      await page.getByText('Hợp nhất hai hồ sơ?').waitFor();
      await page.getByTestId('confirm-merge').click();
      await page.getByTestId('pair-status').getByText('Đã hợp nhất').waitFor();
      await page.getByTestId('undo-merge').click();
      await page.getByRole('button', { name: 'Xác nhận' }).click();
      await page.getByTestId('decide-same').waitFor();

      // Back in the queue: the decided pair left the open list; the precision table counts the decision.
      await page.getByText('Quay lại danh sách').click();
      await queueRows(page).first().waitFor();
      expect(await page.getByTestId(`open-pair-${decidedId}`).count()).toBe(0);
      // The one decision, "different" in the highest band: precision 0% there so far.
      await page.getByTestId('precision-table').getByText('0.0%', { exact: true }).first().waitFor();

      // English.
      await page.getByText('EN', { exact: true }).click();
      await page.getByText('Possible duplicate records').waitFor();
      await page.getByText('VI', { exact: true }).click();
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'shows a commune officer its person with a duplicate in another commune as referred to the province, and nothing of the other',
    async () => {
      // A pair of a person of the officer's commune and one of another commune of the province, as a run stores it.
      const db = h.fixture.t.db;
      const person = (pin: string) =>
        db
          .selectFrom('person')
          .select(['id', 'version', 'res_unit', 'res_province'])
          .where('pin', '=', pin)
          .executeTakeFirstOrThrow();
      const [a, b] = [await person(h.inside.pin), await person(h.outside.pin)].sort((x, y) => x.id - y.id);
      const at = new Date().toISOString();
      await upsertPairs(db, [
        {
          person_l: a!.id,
          person_r: b!.id,
          version_l: a!.version,
          version_r: b!.version,
          unit_l: a!.res_unit,
          unit_r: b!.res_unit,
          province_l: a!.res_province,
          province_r: b!.res_province,
          probability: 0.93,
          match_weight: 9,
          evidence: '[]',
          status: 'open',
          found_by: 'person',
          run_id: null,
          created_at: at,
          updated_at: at,
        },
      ]);
      const pairId = (await h.fixture.services.dedup.listPairs(cliContext(), { limit: 200 })).items.find(
        (p) => p.left.personId === a!.id && p.right.personId === b!.id,
      )!.id;
      const page = await h.newPage();
      await signIn(page, h.officer);
      await page.goto(h.url('/dedup'));
      const referred = page.getByTestId('dedup-referred');
      await referred.getByText('Cấp tỉnh').waitFor();
      const text = (await referred.textContent()) ?? '';
      expect(text).toContain('Nghi trùng với hồ sơ ngoài địa bàn');
      expect(text).toContain(h.inside.pin);
      expect(await page.content()).not.toContain(h.outside.pin);
      expect(await page.getByTestId(`open-pair-${pairId}`).count()).toBe(0);
      await h.screenshot(page, 'dedup-referred');
      // Opened by its address, the pair explains where it went instead of showing it.
      await page.goto(h.url(`/dedup/${pairId}`));
      await page.getByTestId('pair-referred').getByText('cấp tỉnh', { exact: false }).waitFor();
      expect(await page.content()).not.toContain(h.outside.pin);
      expect(await page.getByTestId('pair-compare').count()).toBe(0);
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'is not offered to a role that cannot review duplicates',
    async () => {
      const page = await h.newPage();
      await signIn(page, h.viewer);
      expect(await page.getByRole('menu').textContent()).not.toContain('Rà soát trùng lặp');
      await page.goto(h.url('/dedup'));
      await page.getByText('Bạn không có quyền truy cập chức năng này').waitFor();
      expect(h.pageErrors).toEqual([]);
    },
    STEP,
  );
});
