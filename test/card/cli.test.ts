// `popreg card …` as a user runs it: keys created once, an application received with a photo file, approved,
// delivered and handed over from the command line, with one-line reasons on refusal.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { TEST_TODAY } from '../helpers/registry.ts';
import { type CardWorld, createCardWorld, IN_UNIT, photoJpeg, produceCard } from './helpers.ts';

const exec = promisify(execFile);

describe(`popreg card on ${TEST_DIALECT}`, () => {
  let w: CardWorld;
  let dir: string;
  const popreg = async (args: string[]) => {
    try {
      const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', w.f.t.url], {
        env: { ...process.env, POPREG_TODAY: TEST_TODAY, POPREG_CARD_KEYS: join(dir, 'keys') },
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  beforeAll(async () => {
    w = await createCardWorld();
    dir = mkdtempSync(join(tmpdir(), 'popreg-card-cli-'));
  }, 120_000);
  afterAll(async () => {
    await w?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the signing keys once', async () => {
    const init = await popreg(['card', 'ca', 'init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('-----BEGIN CERTIFICATE-----');
    expect(init.stdout).not.toContain('PRIVATE KEY');
    const again = await popreg(['card', 'ca', 'init']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('CARD.CA_EXISTS');
    expect((await popreg(['card', 'ca', 'rotate'])).stdout).toMatch(/document signer .+ is now active/);
  }, 60_000);

  it('applies, approves, delivers and issues a card', async () => {
    const pin = await w.person(IN_UNIT, { fullName: 'Vũ Thị Dòng Lệnh', sex: 'F' });
    const photo = join(dir, 'face.jpg');
    writeFileSync(photo, Buffer.from(photoJpeg(), 'base64'));
    const noPhoto = await popreg(['card', 'apply', pin, '--reason', 'first', '--unit', IN_UNIT]);
    expect(noPhoto.code).not.toBe(0);
    expect(noPhoto.stderr).toContain('[card.photo.required]');
    const apply = await popreg([
      'card',
      'apply',
      pin,
      '--reason',
      'first',
      '--unit',
      IN_UNIT,
      '--photo',
      photo,
      '--json',
    ]);
    expect(apply.code, apply.stderr).toBe(0);
    const app = JSON.parse(apply.stdout);
    expect(app).toMatchObject({ pin, status: 'received', receivedBy: 'cli' });
    const approve = await popreg(['card', 'approve', String(app.id)]);
    expect(approve.stdout).toContain(`application #${app.id} first for ${pin} Vũ Thị Dòng Lệnh: approved`);
    const cardId = await produceCard(w.f.t.db, app.id);
    expect((await popreg(['card', 'deliver', String(cardId)])).stdout).toContain(': delivered');
    const issue = await popreg(['card', 'issue', String(cardId)]);
    expect(issue.code, issue.stderr).toBe(0);
    expect(issue.stdout).toContain(`card #${cardId} ${pin} Vũ Thị Dòng Lệnh: active`);
    expect(issue.stdout).toContain(`IDVNM${pin.slice(3)}`);
    const show = await popreg(['card', 'show', String(cardId), '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: cardId, status: 'active', number: pin });
    const revoke = await popreg(['card', 'revoke', String(cardId), '--reason', 'stolen']);
    expect(revoke.stderr).toContain('--reason stolen');
    const lost = await popreg(['card', 'lost', String(cardId)]);
    expect(lost.stdout).toContain(': locked (lost)');
  }, 120_000);
});
