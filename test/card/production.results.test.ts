// The personalisation centre's result file: produced cards and their applications move on, a failed card keeps
// its reason and its application returns to approved (and goes into the next batch, its card rebuilt), a file
// with bad rows is refused whole naming line, field, rule and value, and importing a file again changes nothing.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createProductionWorld, IN_UNIT, type ProductionWorld, popreg } from './production.helpers.ts';

describe(`card production results on ${TEST_DIALECT}`, () => {
  let w: ProductionWorld;
  let apps: [number, number, number];
  let batch: number;

  const results = (id: number, body: string, type = 'text/csv') =>
    w.as(w.officer38, {
      method: 'POST',
      url: `/api/v1/cards/batches/${id}/results`,
      payload: body,
      headers: { 'content-type': type },
    });
  const application = async (id: number) => (await w.as(w.admin, `/api/v1/cards/applications/${id}`)).body;
  const cardOf = (applicationId: number) =>
    w.f.t.db.selectFrom('card').selectAll().where('application_id', '=', applicationId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    w = await createProductionWorld();
    apps = [
      await w.approved(await w.person(IN_UNIT)),
      await w.approved(await w.person(IN_UNIT)),
      await w.approved(await w.person(IN_UNIT)),
    ];
    batch = (await w.as(w.officer38, { method: 'POST', url: '/api/v1/cards/batches', payload: {} })).body.id;
  }, 120_000);
  afterAll(async () => w.destroy());

  it('refuses a file with bad rows whole, naming each line, field, rule and value', async () => {
    const csv = [
      'applicationId,outcome,reason',
      `${apps[0]},produced,`,
      'abc,produced,',
      `${apps[1]},exploded,`,
      `${apps[2]},failed,`,
      `${apps[0]},failed,"chip ""lỗi"""`,
      '999999,produced,',
    ].join('\n');
    const r = await results(batch, csv);
    expect(r.status).toBe(400);
    expect(r.body.error.details.violations).toEqual([
      { field: 'line 3.applicationId', rule: 'result.application_id', message: expect.any(String), value: 'abc' },
      { field: 'line 4.outcome', rule: 'result.outcome', message: expect.any(String), value: 'exploded' },
      { field: 'line 5.reason', rule: 'result.reason_required', message: expect.any(String), value: '' },
      { field: 'line 6.applicationId', rule: 'result.duplicate', message: 'already given on line 2', value: apps[0] },
    ]);
    const header = await results(batch, 'id,result\n1,produced');
    expect(header.body.error.details.violations[0]).toMatchObject({ field: 'line 1', rule: 'result.header' });
    const unknown = await results(
      batch,
      JSON.stringify([{ applicationId: 999999, outcome: 'produced' }]),
      'application/json',
    );
    expect(unknown.body.error.details.violations).toEqual([
      expect.objectContaining({ field: 'line 1.applicationId', rule: 'result.unknown_application', value: 999999 }),
    ]);
    // Nothing was written: every card is still in production.
    for (const a of apps) expect((await cardOf(a)).status).toBe('in_production');
  });

  it('imports produced and failed rows: the failed application is approved again, the batch counts both', async () => {
    const csv = `applicationId,outcome,reason\r\n${apps[0]},produced,\r\n${apps[1]},failed,"chip không đọc được, in lại"\r\n`;
    const r = await results(batch, csv);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toEqual({ rows: 2, produced: 1, failed: 1, unchanged: 0, overtaken: 0 });
    expect(await application(apps[0])).toMatchObject({ status: 'produced' });
    expect(await application(apps[1])).toMatchObject({ status: 'approved' });
    expect(await cardOf(apps[0])).toMatchObject({ status: 'produced' });
    expect(await cardOf(apps[1])).toMatchObject({ status: 'failed', status_reason: 'chip không đọc được, in lại' });
    const b = (await w.as(w.officer38, `/api/v1/cards/batches/${batch}`)).body;
    expect(b).toMatchObject({ cards: 3, produced: 1, failed: 1 });
    // The same file again changes nothing.
    expect((await results(batch, csv)).body).toEqual({ rows: 2, produced: 0, failed: 0, unchanged: 2, overtaken: 0 });
    expect((await w.as(w.officer38, `/api/v1/cards/batches/${batch}`)).body).toMatchObject({ produced: 1, failed: 1 });
  });

  it('puts the failed application into the next batch, its card rebuilt; the old file stays harmless', async () => {
    const failed = await cardOf(apps[1]);
    const next = await w.as(w.officer38, { method: 'POST', url: '/api/v1/cards/batches', payload: {} });
    expect(next.status, next.raw).toBe(200);
    expect(next.body.cards).toBe(1);
    const rebuilt = await cardOf(apps[1]);
    expect(rebuilt).toMatchObject({
      id: failed.id,
      status: 'in_production',
      batch_id: next.body.id,
      status_reason: null,
    });
    expect(await application(apps[1])).toMatchObject({ status: 'in_production', batchId: next.body.id });
    const old = `applicationId,outcome,reason\n${apps[1]},failed,chip không đọc được\n`;
    expect((await results(batch, old)).body).toEqual({ rows: 1, produced: 0, failed: 0, unchanged: 1, overtaken: 0 });
    expect((await cardOf(apps[1])).status).toBe('in_production');
    // A card that already has an outcome takes no other one.
    const conflict = await results(batch, `applicationId,outcome,reason\n${apps[0]},failed,hỏng`);
    expect(conflict.body.error.details.violations[0]).toMatchObject({
      field: 'line 2.outcome',
      rule: 'result.not_in_production',
    });
  });

  it('imports a JSON result file from the command line', () => {
    const path = join(tmpdir(), `popreg-results-${process.pid}-${TEST_DIALECT}.json`);
    writeFileSync(path, JSON.stringify([{ applicationId: apps[2], outcome: 'produced' }]));
    const r = popreg(['card', 'batch', 'import', path, '--batch', String(batch), '--db', w.f.t.url], {
      POPREG_CARD_KEYS: w.keyDir,
    });
    rmSync(path, { force: true });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 rows: 1 produced, 0 failed, 0 unchanged, 0 revoked meanwhile');
  });

  it('takes a result for a card revoked while in production (its holder died) without refusing the file', async () => {
    const pin = await w.person(IN_UNIT);
    const app = await w.approved(pin);
    const made = await w.as(w.officer38, { method: 'POST', url: '/api/v1/cards/batches', payload: {} });
    expect(made.status, made.raw).toBe(200);
    const death = await w.f.inject({
      method: 'POST',
      url: `/api/v1/persons/${pin}/events`,
      payload: { type: 'death', date: '2026-05-01' },
    });
    expect(death.statusCode, death.body).toBe(200);
    expect((await cardOf(app)).status).toBe('revoked');
    const r = await results(made.body.id, `applicationId,outcome,reason\n${app},produced,\n`);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toEqual({ rows: 1, produced: 0, failed: 0, unchanged: 0, overtaken: 1 });
    expect((await cardOf(app)).status).toBe('revoked');
  });
});
