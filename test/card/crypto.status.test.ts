// The QR signature, the signed card status list and the CRL of document signers, each checked by an independent
// reader as well as by our own: openssl (QR signature, CRL, the status signer's chain) and jose (the JWS).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { type CardKeys, initCardCa, loadCardKeys } from '../../src/modules/card/crypto/card.keys.ts';
import { checkQrSignature, signQr } from '../../src/modules/card/crypto/card.qrsign.ts';
import { signCard } from '../../src/modules/card/crypto/card.sign.ts';
import { checkSod } from '../../src/modules/card/crypto/card.sod.ts';
import {
  readStatusList,
  type StatusEntry,
  signerCrl,
  signStatusList,
} from '../../src/modules/card/crypto/card.status.ts';

const NOW = new Date(Date.now() - 3_600_000); // openssl checks validity against the clock
const NEXT = new Date(NOW.getTime() + 86_400_000);
const QR_TEXT =
  '001093047064|245123456|Nguyễn Thị Hồng Nhung|12031993|Nữ|Xã Tân Lập, Huyện Đan Phượng, Hà Nội|01072024';
const ENTRIES: StatusEntry[] = [
  { number: '001093047064', issuedOn: '2024-07-01', status: 'revoked', since: '2026-11-30', reason: 'death' },
  { number: '079201000123', issuedOn: '2021-03-15', status: 'locked', since: '2026-12-01', reason: 'lost' },
];

function openssl(...args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'latin1' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** An IEEE P1363 ECDSA signature (r||s) as the DER SEQUENCE openssl expects. */
function p1363ToDer(sig: Buffer): Buffer {
  const integer = (b: Buffer) => {
    let v = b;
    while (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) v = v.subarray(1);
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([integer(sig.subarray(0, 32)), integer(sig.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function statusCodeOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return err instanceof DomainError ? `${err.code}: ${err.message}` : `not a DomainError: ${(err as Error).message}`;
  }
  return 'no error';
}

describe('QR signature, status list and signer CRL', () => {
  let root: string;
  let keys: CardKeys;
  let other: CardKeys;
  const write = (name: string, bytes: Uint8Array | string) => {
    const path = join(root, name);
    writeFileSync(path, bytes);
    return path;
  };
  const pem = (der: Uint8Array) =>
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g)!
      .join('\n')}\n-----END CERTIFICATE-----\n`;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'popreg-card-status-'));
    await initCardCa(join(root, 'a'), NOW);
    await initCardCa(join(root, 'b'), NOW);
    keys = loadCardKeys(join(root, 'a'));
    other = loadCardKeys(join(root, 'b'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('signs the QR text as an eighth field that openssl verifies and one changed character breaks', () => {
    const qr = signQr(QR_TEXT, keys.signer);
    expect(qr.startsWith(`${QR_TEXT}|DS001.`)).toBe(true);
    expect(qr.split('|')).toHaveLength(8);
    expect(checkQrSignature(qr, keys, NOW)).toEqual({ ok: true, reasons: [], signerId: 'DS001' });
    // openssl, with the signer's public key from its certificate, over the UTF-8 bytes of the seven fields.
    const sig = Buffer.from(qr.slice(qr.lastIndexOf('.') + 1), 'base64url');
    expect(sig).toHaveLength(64);
    const certPath = write('ds.pem', pem(keys.signer.certDer));
    const pub = openssl('x509', '-in', certPath, '-noout', '-pubkey').out;
    const args = ['dgst', '-sha256', '-verify', write('ds.pub', pub), '-signature', write('qr.sig', p1363ToDer(sig))];
    expect(openssl(...args, write('qr.txt', Buffer.from(QR_TEXT, 'utf8'))).out).toMatch(/Verified OK/);
    const altered = qr.replace('Nhung', 'Nhunh');
    expect(checkQrSignature(altered, keys, NOW)).toEqual({
      ok: false,
      reasons: ['QR signature does not match its text'],
      signerId: 'DS001',
    });
    expect(openssl(...args, write('qr2.txt', altered.slice(0, altered.lastIndexOf('|')))).status).not.toBe(0);
    expect(checkQrSignature(QR_TEXT, keys, NOW).reasons).toEqual(['QR code is not signed']);
    // Another CA's DS001 is another key; our DS001 presented under another CA does not chain.
    expect(checkQrSignature(qr, other, NOW).reasons).toEqual(['QR signature does not match its text']);
    const mixed = { cscaCertDer: other.cscaCertDer, signers: keys.signers };
    expect(checkQrSignature(qr, mixed, NOW).reasons).toEqual(['signer certificate not issued by this CA']);
    expect(checkQrSignature(qr.replace('|DS001.', '|DS009.'), keys, NOW).reasons).toEqual([
      'QR code signed by unknown signer DS009',
    ]);
  });

  it('signs chip and QR with one signature: the SOD carries the QR digest, the QR the SOD digest and signature', () => {
    const dgs = new Map<number, Uint8Array>([
      [1, new Uint8Array(93).fill(1)],
      [2, new Uint8Array(10_500).fill(2)],
      [13, new Uint8Array(640).fill(13)],
    ]);
    const { qr, sod } = signCard(QR_TEXT, dgs, keys.signer);
    const sodPath = write('card.sod', sod);
    const cms = ['cms', '-verify', '-inform', 'DER', '-in', sodPath, '-purpose', 'any', '-out', join(root, 'lds')];
    expect(openssl(...cms, '-CAfile', write('csca-card.pem', keys.cscaCertPem)).out).toMatch(/Verification successful/);
    // The last three OCTET STRINGs of the SOD: message digest, QR text digest (signed attributes), signature.
    const dumps = openssl('asn1parse', '-inform', 'DER', '-in', sodPath)
      .out.split('\n')
      .map((l) => /prim: OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/.exec(l)?.[1]?.toLowerCase())
      .filter((h): h is string => h !== undefined);
    const [, sodDigest, sig] = qr.slice(qr.lastIndexOf('|') + 1).split('.') as [string, string, string];
    expect(qr.startsWith(`${QR_TEXT}|DS001.`)).toBe(true);
    expect(dumps.slice(-3)).toEqual([
      Buffer.from(sodDigest, 'base64url').toString('hex'),
      createHash('sha256').update(QR_TEXT, 'utf8').digest('hex'),
      p1363ToDer(Buffer.from(sig, 'base64url')).toString('hex'),
    ]);
    expect(checkSod(sod, dgs, keys.cscaCertDer, undefined, NOW)).toMatchObject({ ok: true, reasons: [] });
    expect(checkQrSignature(qr, keys, NOW)).toEqual({ ok: true, reasons: [], signerId: 'DS001' });
    expect(checkQrSignature(qr.replace('Hồng', 'Hông'), keys, NOW).reasons).toEqual([
      'QR signature does not match its text',
    ]);
    // r and s of 31 to 33 DER bytes all come out as 32-byte halves of the QR signature.
    for (let i = 0; i < 60; i++) {
      expect(checkQrSignature(signCard(`${QR_TEXT}${i}`, dgs, keys.signer).qr, keys, NOW).reasons).toEqual([]);
    }
    const otherDigest = Buffer.alloc(32, 7).toString('base64url');
    expect(checkQrSignature(qr.replace(sodDigest, otherDigest), keys, NOW).ok).toBe(false);
  });

  it('round-trips the status list, which jose verifies with the x5c certificate that chains to the CSCA', async () => {
    const jws = signStatusList(keys, ENTRIES, NOW, NEXT);
    const read = readStatusList(jws, keys.cscaCertDer, NOW);
    expect(read.entries).toEqual(ENTRIES);
    expect(read.issuedAt).toBe(new Date(Math.floor(NOW.getTime() / 1000) * 1000).toISOString());
    expect(read.nextUpdate).toBe(new Date(Math.floor(NEXT.getTime() / 1000) * 1000).toISOString());
    const header = jose.decodeProtectedHeader(jws);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'popreg-card-status+jwt' });
    const signerPem = pem(Buffer.from(header.x5c![0]!, 'base64'));
    const verified = await jose.compactVerify(jws, await jose.importX509(signerPem, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(verified.payload)).entries).toEqual(ENTRIES);
    const chain = openssl('verify', '-CAfile', write('csca.pem', keys.cscaCertPem), write('status.pem', signerPem));
    expect(chain.out).toMatch(/OK/);
  });

  it('refuses a tampered status list and one signed under another CA with CARD.STATUS_LIST_INVALID', () => {
    const jws = signStatusList(keys, ENTRIES, NOW, NEXT);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    payload.entries = payload.entries.slice(1); // drop the revocation
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(statusCodeOf(() => readStatusList(tampered, keys.cscaCertDer, NOW))).toBe(
      'CARD.STATUS_LIST_INVALID: card status list refused: signature does not verify',
    );
    const foreign = signStatusList(other, ENTRIES, NOW, NEXT);
    expect(statusCodeOf(() => readStatusList(foreign, keys.cscaCertDer, NOW))).toBe(
      'CARD.STATUS_LIST_INVALID: card status list refused: status list signer certificate not issued by this CA',
    );
    expect(statusCodeOf(() => readStatusList('not a jws', keys.cscaCertDer, NOW))).toMatch(/^CARD.STATUS_LIST_INVALID/);
    // A document signer's key chains to the CSCA too, but is not the status-list signer.
    const bySigner = signStatusList({ ...keys, statusSigner: keys.signer }, ENTRIES, NOW, NEXT);
    expect(statusCodeOf(() => readStatusList(bySigner, keys.cscaCertDer, NOW))).toMatch(
      /^CARD.STATUS_LIST_INVALID: .*status list signer certificate not issued for this purpose/,
    );
  });

  it('issues a CRL that openssl reads, verifies against the CSCA, and that lists the revoked signer', () => {
    const crl = write('signers.crl', signerCrl(keys, ['DS001'], NOW));
    const text = openssl('crl', '-inform', 'DER', '-in', crl, '-noout', '-text').out;
    expect(text).toMatch(/Version 2/);
    expect(text).toMatch(/Next Update:/);
    const serial = openssl('x509', '-in', write('ds1.pem', pem(keys.signers[0]!.certDer)), '-noout', '-serial').out;
    expect(text).toContain(`Serial Number: ${serial.trim().replace('serial=', '')}`);
    const cafile = write('csca-a.pem', keys.cscaCertPem);
    expect(openssl('crl', '-inform', 'DER', '-in', crl, '-noout', '-CAfile', cafile).out).toMatch(/verify OK/);
    const empty = openssl(
      'crl',
      '-inform',
      'DER',
      '-in',
      write('none.crl', signerCrl(keys, [], NOW)),
      '-noout',
      '-text',
    );
    expect(empty.out).toMatch(/No Revoked Certificates/);
  });
});
