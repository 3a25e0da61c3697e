// Files that are not UTF-8 are refused with a message that names the likely encoding and tells how to fix it; the
// fixtures are real legacy bytes, encoded with the code tables in helpers.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { checkBallotFile, readBallotFile } from '../../src/modules/intake/index.ts';
import { looksLikeTcvn3Mojibake } from '../../src/modules/intake/intake.encoding.ts';
import {
  badFile,
  collect,
  encodeCp1258,
  encodeTcvn3,
  expected,
  PEOPLE,
  tcvn3AsUtf8,
  tempDir,
  toCsv,
} from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.done());

const NAMES = ['Nguyễn Thị Hà', 'Đỗ Văn Trường', 'Lê Thị Hồng', 'Phạm Minh Đức', 'Hoàng Thị Quỳnh', 'Vũ Quốc Việt'];
const table = (names: string[]) =>
  toCsv(
    names.map((full_name, i) => ({
      full_name,
      date_of_birth: `199${i}-01-01`,
      sex: 'Nam',
      permanent_address: 'Hà Nội',
    })),
    { columns: ['full_name', 'date_of_birth', 'sex', 'permanent_address'] },
  );
const check = (path: string) => checkBallotFile(path, { form: 'DC01' });

describe('encodings', () => {
  it('the code tables give the bytes the encodings are known for', () => {
    expect(encodeTcvn3('Nguyễn')).toEqual(Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xd4, 0x6e]));
    expect(encodeTcvn3('Hà Nội').toString('latin1')).toBe('Hµ Néi');
    expect(encodeTcvn3('Việt Nam').toString('latin1')).toBe('ViÖt Nam');
    expect(encodeCp1258('Nguyễn')).toEqual(Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e]));
    expect(encodeCp1258('đ')).toEqual(Buffer.from([0xf0]));
  });

  it('Windows-1258 CSV is refused as file.encoding naming Windows-1258 and the fix', async () => {
    const path = tmp.file('cp1258.csv', encodeCp1258(table(NAMES)));
    const e = await badFile(() => check(path), 'file.encoding');
    expect(e.details.encoding).toContain('Windows-1258');
    expect(e.details.row).toBe(2);
    expect(e.message).toContain('CSV UTF-8');
    expect(e.details.messageVi).toContain('CSV UTF-8');
    await badFile(() => collect(readBallotFile(path, { form: 'DC01' })), 'file.encoding');
  });

  it('TCVN3 (ABC) CSV is refused as file.encoding naming TCVN3', async () => {
    const path = tmp.file('tcvn3.csv', encodeTcvn3(table(NAMES)));
    const e = await badFile(() => check(path), 'file.encoding');
    expect(e.details.encoding).toContain('TCVN3');
    expect(e.details.encoding).not.toContain('saved as UTF-8');
    expect(e.message).toContain('CSV UTF-8');
  });

  it('TCVN3 text saved as UTF-8 in a .VnTime font (NguyÔn, Hµ Néi) is refused as file.encoding', async () => {
    const path = tmp.file('vntime.csv', tcvn3AsUtf8(table(NAMES)));
    expect(tcvn3AsUtf8('Nguyễn').toString('utf8')).toBe('NguyÔn');
    const e = await badFile(() => check(path), 'file.encoding');
    expect(e.details.encoding).toBe('TCVN3 (font .VnTime) saved as UTF-8');
    expect(e.details).toMatchObject({ row: 2, column: 'full_name', value: 'NguyÔn ThÞ Hµ' });
    expect(e.message).toContain('"NguyÔn ThÞ Hµ"');
    // The reader refuses it too, before handing out any row.
    await badFile(() => collect(readBallotFile(path, { form: 'DC01' })), 'file.encoding');
  });

  it('the .VnTime heuristic does not fire on real Unicode names, foreign names or names without diacritics', async () => {
    for (const name of [...NAMES, 'Müller Hans', 'José García', 'Nguyen Van An', 'H’Hen Niê', 'Lò Văn Pó'])
      expect(looksLikeTcvn3Mojibake(name), name).toBe(false);
    for (const name of ['NguyÔn V¨n An', 'TrÇn ThÞ Thu', 'Hµ Néi', '§ç V¨n Tr\u00adêng'])
      expect(looksLikeTcvn3Mojibake(name), name).toBe(true);
    const mixed = tmp.file('foreign.csv', table([...NAMES, 'Müller Hans', 'Ñúñez Pérez']));
    expect((await check(mixed)).rows).toBe(8);
  });

  it('UTF-16 (with a byte-order mark, or without one) is refused as file.encoding naming UTF-16', async () => {
    const text = toCsv(PEOPLE);
    const withBom = tmp.file('utf16bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await badFile(() => check(withBom), 'file.encoding')).details.encoding).toContain('UTF-16');
    const bigEndian = tmp.file('utf16be.csv', Buffer.from(text, 'utf16le').swap16());
    expect((await badFile(() => check(bigEndian), 'file.encoding')).details.encoding).toContain('UTF-16');
    const noBom = tmp.file('utf16.csv', Buffer.from(text, 'utf16le'));
    expect((await badFile(() => check(noBom), 'file.encoding')).details.encoding).toContain('UTF-16');
  });

  it('one damaged line in a UTF-8 file is refused, naming its line', async () => {
    const good = Buffer.from(table(NAMES));
    const lines = table(NAMES).split('\n');
    const damaged = Buffer.concat([
      Buffer.from(`${lines.slice(0, 4).join('\n')}\n`),
      encodeCp1258(`${lines[4]}\n`),
      Buffer.from(lines.slice(5).join('\n')),
    ]);
    expect(damaged.length).toBeLessThan(good.length);
    const e = await badFile(() => check(tmp.file('damaged.csv', damaged)), 'file.encoding');
    expect(e.details.row).toBe(5);
  });

  it('UTF-8 with or without BOM is accepted, including NFD text', async () => {
    const nfd = tmp.file('nfd.csv', toCsv(PEOPLE).normalize('NFD'));
    const rows = await collect(readBallotFile(nfd, { form: 'DC01' }));
    expect(rows.map((r) => r.values)).toEqual(expected(PEOPLE));
  });
});
