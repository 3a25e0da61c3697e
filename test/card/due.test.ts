// The due list: the daily job's work (`popreg card due refresh`) lists who must get or renew a card — an adult
// who never had one (overdue since the 14th birthday), a child turning 14 within the year, a card holder whose
// card expires soon — and leaves out the young, the lifelong and whoever has an application under way; the list
// is read per jurisdiction (page, CSV, counts by month) and the dashboard counts applications and the backlog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createProductionWorld, IN_UNIT, OUT_UNIT, type ProductionWorld, popreg } from './production.helpers.ts';

describe(`card due list on ${TEST_DIALECT}`, () => {
  let w: ProductionWorld;
  const pins: Record<string, string> = {};

  beforeAll(async () => {
    w = await createProductionWorld();
    pins.adult = await w.person(IN_UNIT, { dateOfBirth: '1990-05-01' });
    pins.turning14 = await w.person(IN_UNIT, { dateOfBirth: '2012-07-15' });
    pins.young = await w.person(IN_UNIT, { dateOfBirth: '2020-01-10' });
    pins.applied = await w.person(IN_UNIT, { dateOfBirth: '1985-03-03' });
    pins.holder = await w.person(IN_UNIT, { dateOfBirth: '1986-06-20' });
    pins.outside = await w.person(OUT_UNIT, { dateOfBirth: '1991-01-01' });
    await w.approved(pins.applied);
    // The holder's card: built, produced, handed over; its expiry set close (as an older card would have).
    const app = await w.approved(pins.holder);
    const batch = await w.as(w.admin, {
      method: 'POST',
      url: '/api/v1/cards/batches',
      payload: { applicationIds: [app] },
    });
    const send = (url: string, payload: unknown = {}) =>
      w.as(w.admin, { method: 'POST', url: `/api/v1${url}`, payload: payload as object });
    await send(`/cards/batches/${batch.body.id}/results`, [{ applicationId: app, outcome: 'produced' }]);
    const card = (await w.as(w.admin, `/api/v1/cards/applications/${app}`)).body.cardId;
    await send(`/cards/${card}/deliver`);
    expect((await send(`/cards/${card}/issue`)).status).toBe(200);
    await w.f.t.db.updateTable('card').set({ expires_on: '2026-06-20' }).where('id', '=', card).execute();
    const r = popreg(['card', 'due', 'refresh', '--db', w.f.t.url]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^4 persons due of \d+ living persons, as of 2026-06-01/);
  }, 180_000);
  afterAll(async () => w.destroy());

  it('lists the province officer’s persons due by a date, overdue first, with the cause', async () => {
    const r = await w.as(w.officer38, '/api/v1/cards/due?by=2026-12-31');
    expect(r.status, r.raw).toBe(200);
    expect(r.body.items.map((i: { pin: string; dueOn: string; cause: string }) => [i.pin, i.dueOn, i.cause])).toEqual([
      [pins.adult, '2004-05-01', 'first'],
      [pins.holder, '2026-06-20', 'age_40'],
      [pins.turning14, '2026-07-15', 'first'],
    ]);
    expect(r.body.items[0]).toMatchObject({ unitCode: IN_UNIT, provinceCode: '38', dateOfBirth: '1990-05-01' });
    // By default: the next 30 days.
    const soon = await w.as(w.officer38, '/api/v1/cards/due');
    expect(soon.body.by).toBe('2026-07-01');
    expect(soon.body.items).toHaveLength(2);
    // The national view has the person of province 79 too; the province officer cannot ask for another province.
    const all = await w.as(w.admin, '/api/v1/cards/due?by=2026-12-31');
    expect(all.body.items.map((i: { pin: string }) => i.pin)).toContain(pins.outside);
    expect((await w.as(w.officer38, '/api/v1/cards/due?unit=79')).status).toBe(403);
  });

  it('pages with a cursor and refuses a date beyond the year computed', async () => {
    const first = await w.as(w.officer38, '/api/v1/cards/due?by=2026-12-31&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await w.as(w.officer38, `/api/v1/cards/due?by=2026-12-31&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { pin: string }) => i.pin)).toEqual([pins.turning14]);
    expect(second.body.nextCursor).toBeNull();
    const far = await w.as(w.officer38, '/api/v1/cards/due?by=2030-01-01');
    expect(far.status).toBe(400);
    expect(far.body.error.details.violations[0]).toMatchObject({ field: 'by', rule: 'due.horizon' });
  });

  it('gives the list as CSV over HTTP and from the command line', async () => {
    const r = await w.as(w.officer38, '/api/v1/cards/due?by=2026-12-31&format=csv');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('text/csv');
    const lines = r.raw.trim().split('\r\n');
    expect(lines[0]).toBe('pin,fullName,dateOfBirth,unitCode,dueOn,cause');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([pins.adult, pins.holder, pins.turning14]);
    const cli = popreg(['card', 'due', '--by', '2026-12-31', '--unit', OUT_UNIT, '--csv', '--db', w.f.t.url]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout.trim().split('\r\n')).toEqual([
      'pin,fullName,dateOfBirth,unitCode,dueOn,cause',
      expect.stringMatching(new RegExp(`^${pins.outside},.*,1991-01-01,${OUT_UNIT},2005-01-01,first$`)),
    ]);
  });

  it('counts the persons due by month for the chart, and fills the dashboard', async () => {
    const m = await w.as(w.officer38, '/api/v1/cards/due/months?by=2026-12-31');
    expect(m.body.months).toEqual([
      { month: '2004-05', n: 1 },
      { month: '2026-06', n: 1 },
      { month: '2026-07', n: 1 },
    ]);
    const d = await w.as(w.officer38, '/api/v1/cards/dashboard');
    expect(d.status, d.raw).toBe(200);
    expect(d.body).toEqual({
      applications: [
        { status: 'approved', n: 1 },
        { status: 'issued', n: 1 },
      ],
      backlog: 1,
      issued: [{ provinceCode: '38', n: 1 }],
    });
  });
});
