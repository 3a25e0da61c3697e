// NDJSON ballot files: one object per line, keys or labels, numbers as text; a bad line is named by its number.
import { afterAll, describe, expect, it } from 'vitest';
import { checkBallotFile, readBallotFile } from '../../src/modules/intake/index.ts';
import { badFile, collect, readInChunks, tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.done());

const read = (path: string, fromRowNo?: number) => collect(readBallotFile(path, { form: 'DC01', fromRowNo }));

const LINES = [
  JSON.stringify({ ballot_id: 'B1', full_name: 'Nguyễn Thị Hà', date_of_birth: '1990-05-17', sex: 'Nữ' }),
  '',
  JSON.stringify({
    'Mã phiếu': 'B2',
    'Họ, chữ đệm và tên khai sinh': ' Đỗ Văn Trường ',
    'Giới tính': 'Nam',
    pin: 79123456789,
  }),
  '   ',
  JSON.stringify({ full_name: 'Lê Thị Hồng'.normalize('NFD'), sex: 'Nữ', 'Date of birth': '2001-01-02', email: null }),
];

describe('NDJSON files', () => {
  it('reads keys or labels, numbers as text, null as absent; rowNo is the line number; blank lines skipped', async () => {
    const path = tmp.file('ok.ndjson', `${LINES.join('\r\n')}\n`);
    expect(await read(path)).toEqual([
      { rowNo: 1, values: { ballot_id: 'B1', full_name: 'Nguyễn Thị Hà', date_of_birth: '1990-05-17', sex: 'Nữ' } },
      { rowNo: 3, values: { ballot_id: 'B2', full_name: 'Đỗ Văn Trường', sex: 'Nam', pin: '79123456789' } },
      { rowNo: 5, values: { full_name: 'Lê Thị Hồng', sex: 'Nữ', date_of_birth: '2001-01-02' } },
    ]);
    const check = await checkBallotFile(path, { form: 'DC01' });
    expect(check).toMatchObject({ format: 'ndjson', rows: 3 });
    expect(check.columns).toEqual(['ballot_id', 'full_name', 'date_of_birth', 'sex', 'pin', 'email']);
    expect(await read(path, 3)).toEqual((await read(path)).slice(1));
    expect(await read(path, 99)).toEqual([]);
    expect((await readInChunks(path, 3, 'read', 'ndjson')).rows).toEqual(await read(path));
  });

  it('a line that is not valid JSON is refused as file.format naming the line', async () => {
    const path = tmp.file('bad.ndjson', `${LINES[0]}\n${LINES[2]}\n{"full_name": "An", "sex": \n${LINES[4]}\n`);
    const e = await badFile(() => checkBallotFile(path, { form: 'DC01' }), 'file.format');
    expect(e.details.row).toBe(3);
    expect(e.message).toContain('line 3');
    expect(e.details.messageVi).toContain('Dòng 3');
    await badFile(() => read(path), 'file.format');
  });

  it('a line that is not an object, or a value that is an object, is refused as file.format', async () => {
    const arr = tmp.file('array.ndjson', `${LINES[0]}\n["An", "Nam"]\n`);
    expect((await badFile(() => checkBallotFile(arr, { form: 'DC01' }), 'file.format')).details.row).toBe(2);
    const nested = tmp.file('nested.ndjson', `${JSON.stringify({ full_name: { given: 'An' }, sex: 'Nam' })}\n`);
    const e = await badFile(() => checkBallotFile(nested, { form: 'DC01' }), 'file.format');
    expect(e.message).toContain('"full_name"');
  });

  it('an unknown key is refused as file.headers with the expected list; missing identity keys too', async () => {
    const unknown = tmp.file('unknown.ndjson', `${LINES[0]}\n{"full_name": "An", "tuoi": 30}\n`);
    const e = await badFile(() => checkBallotFile(unknown, { form: 'DC01' }), 'file.headers');
    expect(e.details.row).toBe(2);
    expect(e.message).toContain('"tuoi"');
    expect(e.message).toContain('full_name (Họ, chữ đệm và tên khai sinh)');
    const noSex = tmp.file('nosex.ndjson', '{"full_name": "An", "date_of_birth": "2000-01-01"}\n');
    await badFile(() => checkBallotFile(noSex, { form: 'DC01' }), 'file.headers');
  });

  it('an empty NDJSON file is refused as file.empty', async () => {
    await badFile(
      () => checkBallotFile(tmp.file('empty.ndjson', '\n\n'), { form: 'DC01', format: 'ndjson' }),
      'file.empty',
    );
  });
});
