// Acceptance: a residence change valid from a past date, then a name typo correction; reads as of several valid
// dates and transaction times give exactly the expected states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/db.ts';
import { birthBody, createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

describe(`bitemporal history on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  const A = '00004'; // Phường Ba Đình, Hà Nội
  const B = '00008'; // Phường Ngọc Hà, Hà Nội
  let pin: string;
  const known: string[] = [];

  const read = async (asOf: string, knownAt?: string) => {
    const q = new URLSearchParams({ asOf, ...(knownAt ? { knownAt } : {}) });
    return f.inject(`/api/v1/persons/${pin}?${q}`);
  };
  const pause = () => new Promise((r) => setTimeout(r, 5));

  beforeAll(async () => {
    f = await createRegistryFixture();
    // 1. Registered with a typo in the name.
    const reg = await f.inject({
      method: 'POST',
      url: '/api/v1/persons',
      payload: birthBody(A, { fullName: 'Nguyễn Văn Anh' }),
    });
    expect(reg.statusCode).toBe(201);
    pin = reg.json().pin;
    known.push((await f.inject(`/api/v1/persons/${pin}/history`)).json().entries[0].recordedAt);
    await pause();
    // 2. Moved to B, recorded now, valid from 2023-06-01.
    const etag1 = reg.headers.etag as string;
    const move = await f.inject({
      method: 'POST',
      url: `/api/v1/persons/${pin}/events`,
      headers: { 'if-match': etag1 },
      payload: {
        type: 'move',
        residence: 'permanent',
        to: { unitCode: B, detail: 'Số 9' },
        date: '2023-06-01',
        reason: 'chuyển hộ khẩu',
      },
    });
    expect(move.statusCode).toBe(200);
    known.push((await f.inject(`/api/v1/persons/${pin}/history`)).json().entries[1].recordedAt);
    await pause();
    // 3. The typo corrected: the right name held from birth.
    const fix = await f.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${pin}`,
      headers: { 'if-match': move.headers.etag as string },
      payload: {
        changes: { fullName: 'Nguyễn Văn An' },
        correction: true,
        reason: 'sửa lỗi chính tả',
        sourceDocument: 'GKS 123/2020',
      },
    });
    expect(fix.statusCode).toBe(200);
    known.push((await f.inject(`/api/v1/persons/${pin}/history`)).json().entries[2].recordedAt);
  });
  afterAll(async () => f.destroy());

  const expectState = async (asOf: string, knownAt: string | undefined, name: string, unit: string) => {
    const r = await read(asOf, knownAt);
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json().state;
    expect(s.fullName).toBe(name);
    expect(s.permanentResidence.unitCode).toBe(unit);
  };

  it('reads the present as corrected and moved', async () => {
    await expectState('2026-06-01', undefined, 'Nguyễn Văn An', B);
  });
  it('reads the corrected name before the move, in A', async () => {
    await expectState('2021-01-01', undefined, 'Nguyễn Văn An', A);
    await expectState('2023-05-31', undefined, 'Nguyễn Văn An', A);
  });
  it('reads the move from its valid date', async () => {
    await expectState('2023-06-01', undefined, 'Nguyễn Văn An', B);
  });
  it('reads what was known right after registration: typo, A, whatever the valid date', async () => {
    await expectState('2021-01-01', known[0], 'Nguyễn Văn Anh', A);
    await expectState('2024-01-01', known[0], 'Nguyễn Văn Anh', A);
  });
  it('reads what was known after the move but before the correction', async () => {
    await expectState('2021-01-01', known[1], 'Nguyễn Văn Anh', A);
    await expectState('2024-01-01', known[1], 'Nguyễn Văn Anh', B);
  });
  it('reads the correction once it was recorded, for every valid date', async () => {
    await expectState('2021-01-01', known[2], 'Nguyễn Văn An', A);
    await expectState('2024-01-01', known[2], 'Nguyễn Văn An', B);
  });
  it('has no state before birth or before the record existed', async () => {
    expect((await read('2019-12-31')).json().error.code).toBe('REGISTRY.NO_STATE_AT_DATE');
    const before = new Date(Date.parse(known[0]!) - 1000).toISOString();
    expect((await read('2024-01-01', before)).statusCode).toBe(404);
  });
  it('lists field-level changes with valid and transaction times', async () => {
    const h = (await f.inject(`/api/v1/persons/${pin}/history`)).json();
    expect(h.entries.map((e: { event: string }) => e.event)).toEqual(['birth_registration', 'move', 'correction']);
    const [, move, fix] = h.entries;
    expect(move.validFrom).toBe('2023-06-01');
    expect(move.changes).toHaveLength(1);
    expect(move.changes[0].field).toBe('permanentResidence');
    expect(move.changes[0].from.unitCode).toBe(A);
    expect(move.changes[0].to.unitCode).toBe(B);
    expect(fix.validFrom).toBe('2020-03-10');
    expect(fix.changes).toEqual([{ field: 'fullName', from: 'Nguyễn Văn Anh', to: 'Nguyễn Văn An' }]);
    expect(fix.sourceDocument).toBe('GKS 123/2020');
    expect(known[0]! < known[1]! && known[1]! < known[2]!).toBe(true);
  });
  it('rejects malformed asOf and knownAt', async () => {
    const r = await f.inject(`/api/v1/persons/${pin}?asOf=2024-13-01`);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.violations[0]).toMatchObject({
      field: 'asOf',
      rule: 'date.format',
      value: '2024-13-01',
    });
    const k = await f.inject(`/api/v1/persons/${pin}?knownAt=yesterday`);
    expect(k.statusCode).toBe(400);
  });
});
