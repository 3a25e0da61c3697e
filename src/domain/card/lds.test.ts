import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import type { PrintedCard } from './card.types.ts';
import { decodeDg1, decodeDg13, encodeDg1, encodeDg2, encodeDg2Parts, encodeDg13 } from './lds.ts';

// openssl is the independent checker: it parses the bytes as BER/DER and must account for every byte.
interface Node {
  offset: number;
  depth: number;
  header: number;
  length: number;
  kind: string;
  tag: string;
}

function asn1parse(der: Uint8Array): Node[] {
  const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: Buffer.from(der) }).toString();
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^\s*(\d+):d=\s*(\d+)\s+hl=\s*(\d+)\s+l=\s*(\d+)\s+(cons|prim):\s*(.*?)\s*(?::|$)/.exec(line);
      if (m === null) throw new Error(`unexpected openssl output: ${line}`);
      return {
        offset: Number(m[1]),
        depth: Number(m[2]),
        header: Number(m[3]),
        length: Number(m[4]),
        kind: m[5]!,
        tag: m[6]!.trim(),
      };
    });
}

function wellFormed(der: Uint8Array): Node[] {
  const nodes = asn1parse(der);
  const top = nodes[0]!;
  expect(top.offset).toBe(0);
  expect(top.header + top.length).toBe(der.length);
  expect(nodes.filter((n) => n.depth === 0)).toHaveLength(1);
  return nodes;
}

const MRZ = ['IDVNM0930470641001093047064<<2', '9301054M3301052VNM<<<<<<<<<<<8', 'UNG<<HOANG<HIEP<<<<<<<<<<<<<<<'];

describe('DG1', () => {
  it('is 61 { 5F1F <90 MRZ characters> } for a TD1 card, well-formed for openssl', () => {
    const dg1 = encodeDg1(MRZ);
    // 0x5D = 93 = the 5F 1F tag (2) + its length byte (1) + 90 characters; 0x5A = 90.
    expect([...dg1.subarray(0, 5)]).toEqual([0x61, 0x5d, 0x5f, 0x1f, 0x5a]);
    expect(dg1).toHaveLength(95);
    const nodes = wellFormed(dg1);
    expect(nodes.map((n) => [n.depth, n.kind, n.tag])).toEqual([
      [0, 'cons', 'appl [ 1 ]'],
      [1, 'prim', 'appl [ 31 ]'],
    ]);
    expect(Buffer.from(dg1.subarray(5)).toString('latin1')).toBe(MRZ.join(''));
  });

  it('decodes back to the three lines', () => {
    expect(decodeDg1(encodeDg1(MRZ))).toEqual(MRZ);
  });

  it('refuses what is not an MRZ, and bytes that are not DG1', () => {
    expect(() => encodeDg1(['abc'])).toThrow(/mrz/);
    expect(() => decodeDg1(Uint8Array.from([0x62, 0x00]))).toThrow(/expected tag 61/);
    expect(() => decodeDg1(encodeDg1(MRZ).subarray(0, 50))).toThrow(/malformed/);
  });
});

describe('DG2', () => {
  const width = 48;
  const height = 64;
  const pixels = Buffer.alloc(width * height * 4, 0x80);
  const photo = Uint8Array.from(jpeg.encode({ data: pixels, width, height }, 80).data);

  it('gives DG2 in two pieces, the bytes before the JPEG and the JPEG, that make up the whole encoding', () => {
    const [head, image] = encodeDg2Parts(photo, width, height);
    expect(image).toBe(photo);
    expect(Buffer.concat([head, image])).toEqual(Buffer.from(encodeDg2(photo, width, height)));
  });

  it('nests the ISO/IEC 19794-5 face record in the biometric templates, well-formed for openssl', () => {
    const dg2 = encodeDg2(photo, width, height);
    const nodes = wellFormed(dg2);
    expect(nodes.map((n) => [n.depth, n.tag])).toEqual([
      [0, 'appl [ 21 ]'], // 75
      [1, 'appl [ 97 ]'], // 7F61 biometric information group template
      [2, 'INTEGER'], // number of instances
      [2, 'appl [ 96 ]'], // 7F60 biometric information template
      [3, 'cont [ 1 ]'], // A1 biometric header template
      [4, 'cont [ 0 ]'], // 80 ICAO header version
      [4, 'cont [ 1 ]'], // 81 biometric type
      [4, 'cont [ 2 ]'], // 82 biometric subtype
      [4, 'cont [ 7 ]'], // 87 format owner
      [4, 'cont [ 8 ]'], // 88 format type
      [3, 'appl [ 46 ]'], // 5F2E biometric data block
    ]);
    const block = nodes.at(-1)!;
    const record = dg2.subarray(block.offset + block.header, block.offset + block.header + block.length);
    const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
    expect(Buffer.from(record.subarray(0, 8)).toString('latin1')).toBe('FAC\u0000010\u0000');
    expect(view.getUint32(8)).toBe(record.length);
    expect(view.getUint16(12)).toBe(1);
    expect(view.getUint32(14)).toBe(record.length - 14);
    expect(view.getUint16(34 + 2)).toBe(width);
    expect(view.getUint16(34 + 4)).toBe(height);
    // The image after the 46 bytes of header is the JPEG itself, readable by an independent decoder.
    const image = record.subarray(46);
    expect(Buffer.compare(Buffer.from(image), Buffer.from(photo))).toBe(0);
    const decoded = jpeg.decode(Buffer.from(image));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
  });

  it('uses long-form lengths for a photo above 255 bytes', () => {
    const dg2 = encodeDg2(photo, width, height);
    expect(photo.length).toBeGreaterThan(255);
    expect(dg2[1]).toBe(0x82);
  });

  it('refuses bytes that are not a JPEG and impossible sizes', () => {
    expect(() => encodeDg2(Uint8Array.from([1, 2, 3, 4]), 1, 1)).toThrow(/photo/);
    expect(() => encodeDg2(photo, 0, 10)).toThrow(/width/);
  });
});

const CARD: PrintedCard = {
  number: '001093047064',
  fullName: 'Ung Hoàng Hiệp',
  dateOfBirth: '1993-01-05',
  sex: 'M',
  nationality: 'VNM',
  nationalityName: 'Việt Nam',
  hometown: 'Xã Phù Đổng, Huyện Gia Lâm, Hà Nội',
  residence: 'Số 12 Phố Huế, Phường Hai Bà Trưng, Hà Nội',
  birthRegistrationPlace: 'Hà Nội',
  ethnicity: 'Kinh',
  religion: 'Không',
  fatherName: 'Ung Văn Hùng',
  motherName: null,
  oldIdNumber: '012345678',
  issuedOn: '2021-04-15',
  expiresOn: '2033-01-05',
  issuer: 'BỘ CÔNG AN',
  generation: '2021',
  photo: true,
};

describe('DG13', () => {
  it('is 6D { SEQUENCE { SEQUENCE { INTEGER n, UTF8String… }… } }, well-formed for openssl', () => {
    const dg13 = encodeDg13(CARD);
    const nodes = wellFormed(dg13);
    expect(nodes[0]!.tag).toBe('appl [ 13 ]');
    expect(nodes[1]).toMatchObject({ depth: 1, tag: 'SEQUENCE' });
    const numbers = asn1Integers(dg13);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17]);
    const text = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: Buffer.from(dg13) }).toString();
    expect(text).toContain('UTF8STRING        :05/01/1993');
    expect(text).toContain('UTF8STRING        :Nam');
  });

  it('round-trips the printed fields, with absent ones as null', () => {
    const { nationality, issuer, generation, photo, ...chip } = CARD;
    expect(decodeDg13(encodeDg13(CARD))).toEqual(chip);
    const sparse: PrintedCard = {
      ...CARD,
      sex: 'F',
      dateOfBirth: '1950',
      hometown: null,
      residence: null,
      birthRegistrationPlace: null,
      ethnicity: null,
      religion: null,
      fatherName: null,
      motherName: 'Lê Thị Hoa',
      oldIdNumber: null,
      expiresOn: null,
    };
    const back = decodeDg13(encodeDg13(sparse));
    expect(back).toMatchObject({
      sex: 'F',
      dateOfBirth: '1950',
      expiresOn: null,
      fatherName: null,
      motherName: 'Lê Thị Hoa',
    });
    expect(back.hometown).toBeNull();
    expect(decodeDg13(encodeDg13({ ...CARD, dateOfBirth: '1950-07' })).dateOfBirth).toBe('1950-07');
  });

  it('refuses a date that is not a calendar day, naming the field', () => {
    expect(() => encodeDg13({ ...CARD, issuedOn: '2021-13-01' })).toThrow(/issuedOn/);
  });

  it('writes "Không thời hạn" as the expiry of a lifelong card', () => {
    const text = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], {
      input: Buffer.from(encodeDg13({ ...CARD, expiresOn: null })),
    }).toString();
    expect(text).toContain('Kh');
    expect(decodeDg13(encodeDg13({ ...CARD, expiresOn: null })).expiresOn).toBeNull();
  });
});

function asn1Integers(der: Uint8Array): number[] {
  const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: Buffer.from(der) }).toString();
  return [...out.matchAll(/INTEGER\s+:([0-9A-F]+)/g)].map((m) => Number.parseInt(m[1]!, 16));
}

describe('DG13 (property: any printed card round-trips and stays well-formed)', () => {
  const words = fc.constantFrom('Nguyễn', 'Thị', 'Đặng', 'Phường', 'Hồ Chí Minh', 'Ấp 3', "H'Hen Niê", 'Số 12/4', '😀');
  const phrase = fc.array(words, { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
  const day = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const arb = fc.record({
    fullName: phrase,
    dateOfBirth: fc.tuple(day, fc.constantFrom(4, 7, 10)).map(([d, n]) => d.slice(0, n)),
    sex: fc.constantFrom('M' as const, 'F' as const),
    hometown: fc.option(phrase, { nil: null }),
    residence: fc.option(phrase, { nil: null }),
    birthRegistrationPlace: fc.option(phrase, { nil: null }),
    ethnicity: fc.option(phrase, { nil: null }),
    religion: fc.option(phrase, { nil: null }),
    fatherName: fc.option(phrase, { nil: null }),
    motherName: fc.option(phrase, { nil: null }),
    oldIdNumber: fc.option(fc.stringMatching(/^\d{9}$/), { nil: null }),
    issuedOn: day,
    expiresOn: fc.option(day, { nil: null }),
  });
  it('decodes back to what was encoded', () => {
    let checked = 0;
    fc.assert(
      fc.property(arb, (x) => {
        const c: PrintedCard = { ...CARD, ...x };
        const dg13 = encodeDg13(c);
        const { nationality, issuer, generation, photo, ...chip } = c;
        expect(decodeDg13(dg13)).toEqual(chip);
        if (checked++ < 20) wellFormed(dg13);
      }),
      { numRuns: 300 },
    );
  });
});
