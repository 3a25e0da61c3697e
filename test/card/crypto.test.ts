// Card keys and the document security object (SOD). The SOD is checked by openssl (signature, chain, the LDS
// hashes it carries) as well as by checkSod; keys are created in a temporary directory, no database involved.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type CardKeys, initCardCa, loadCardKeys, rotateSigner } from '../../src/modules/card/crypto/card.keys.ts';
import { buildSod, checkSod, chipSodFile } from '../../src/modules/card/crypto/card.sod.ts';
import { signerCrl } from '../../src/modules/card/crypto/card.status.ts';

// An hour ago: openssl checks certificate validity against the clock.
const NOW = new Date(Date.now() - 3_600_000);
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function openssl(...args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'latin1' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${(err as Error).message}`;
  }
  return 'no error';
}

/** Data groups standing in for DG1, DG2 and DG13 (any bytes: the SOD only hashes them). */
function dataGroups(seed: string): Map<number, Uint8Array> {
  const bytes = (n: number, len: number) =>
    new Uint8Array(Buffer.alloc(len, createHash('sha256').update(`${seed}${n}`).digest()));
  return new Map([
    [1, bytes(1, 93)],
    [2, bytes(2, 12_000)],
    [13, bytes(13, 640)],
  ]);
}

describe('card key directory', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'popreg-card-keys-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the CA and a signer with private keys readable by the owner only, and refuses a second init', async () => {
    const dir = join(root, 'ca');
    const made = await initCardCa(dir, NOW);
    expect(made.signerId).toBe('DS001');
    expect(made.cscaCertPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(made.cscaCertPem).not.toMatch(/PRIVATE KEY/);
    const keyFiles = [
      ...readdirSync(dir).filter((f) => f.endsWith('.key.pem')),
      ...readdirSync(join(dir, 'signers'))
        .map((f) => join('signers', f))
        .filter((f) => f.endsWith('.key.pem')),
    ];
    expect(keyFiles.sort()).toEqual(['csca.key.pem', 'signers/DS001.key.pem', 'status.key.pem']);
    for (const f of [...keyFiles, 'index.json']) expect((statSync(join(dir, f)).mode & 0o777).toString(8)).toBe('600');
    expect(await codeOf(initCardCa(dir, NOW))).toBe('CARD.CA_EXISTS');
    const both = await Promise.allSettled([initCardCa(join(root, 'race'), NOW), initCardCa(join(root, 'race'), NOW)]);
    expect(both.map((r) => (r.status === 'fulfilled' ? 'made' : (r.reason as DomainError).code)).sort()).toEqual([
      'CARD.CA_EXISTS',
      'made',
    ]);
    // The CSCA as openssl reads it: self-signed, a CA that signs certificates and CRLs.
    const text = openssl('x509', '-in', join(dir, 'csca.cert.pem'), '-noout', '-text').out;
    expect(text).toMatch(/Subject: C ?= ?VN/);
    expect(text).toMatch(/CA:TRUE/);
    expect(text).toMatch(/Certificate Sign, CRL Sign/);
    const ds = openssl('x509', '-in', join(dir, 'signers', 'DS001.cert.pem'), '-noout', '-text').out;
    expect(ds).toMatch(/2\.23\.136\.1\.1\.6\.2/); // ICAO document signer extended key usage
    expect(ds).toMatch(/prime256v1|P-256/);
  });

  it('answers CARD.KEYS_MISSING for a directory without keys, naming it', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(await codeOf(() => loadCardKeys(empty))).toBe('CARD.KEYS_MISSING');
    expect(() => loadCardKeys(empty)).toThrow(empty);
  });

  it('defaults the key directory beside the SQLite file, else ./data/card-keys; POPREG_CARD_KEYS overrides', () => {
    expect(loadConfig({ db: 'sqlite:/srv/popreg/popreg.db' }, {}).cards.keyDir).toBe('/srv/popreg/card-keys');
    expect(loadConfig({ db: 'postgres://h/db' }, {}).cards.keyDir).toBe(join('data', 'card-keys'));
    expect(loadConfig({}, { POPREG_CARD_KEYS: '/keys' }).cards.keyDir).toBe('/keys');
  });
});

describe('document security object', () => {
  let root: string;
  let keys: CardKeys;
  let other: CardKeys;
  let cscaPem: string;
  let otherPem: string;
  const dgs = dataGroups('card 1');

  const write = (name: string, bytes: Uint8Array | string) => {
    const path = join(root, name);
    writeFileSync(path, bytes);
    return path;
  };
  const opensslVerify = (sod: Uint8Array, caPem: string) =>
    openssl(
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      write('sod.der', sod),
      '-CAfile',
      caPem,
      '-purpose',
      'any',
      '-out',
      join(root, 'lds.der'),
    );

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'popreg-card-sod-'));
    await initCardCa(join(root, 'a'), NOW);
    await initCardCa(join(root, 'b'), NOW);
    keys = loadCardKeys(join(root, 'a'));
    other = loadCardKeys(join(root, 'b'));
    cscaPem = write('csca.pem', keys.cscaCertPem);
    otherPem = write('other.pem', other.cscaCertPem);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes openssl cms -verify against its CSCA and fails against another CA', () => {
    const sod = buildSod(dgs, keys.signer);
    const ok = opensslVerify(sod, cscaPem);
    expect(ok.out).toMatch(/Verification successful/);
    expect(ok.status).toBe(0);
    expect(opensslVerify(sod, otherPem).status).not.toBe(0);
    expect(checkSod(sod, dgs, keys.cscaCertDer, undefined, NOW)).toMatchObject({
      ok: true,
      reasons: [],
      signerId: 'DS001',
    });
  });

  it('carries the SHA-256 of each data group, as openssl reads the LDS security object', () => {
    const sod = buildSod(dgs, keys.signer);
    expect(opensslVerify(sod, cscaPem).status).toBe(0);
    const print = openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(root, 'sod.der')).out;
    expect(print).toMatch(/eContentType: .*\(2\.23\.136\.1\.1\.1\)/);
    // asn1parse of the encapsulated content: INTEGER data-group number, then OCTET STRING hash, per entry.
    const lines = openssl('asn1parse', '-inform', 'DER', '-in', join(root, 'lds.der')).out.split('\n');
    const found = new Map<number, string>();
    for (let i = 0; i < lines.length; i++) {
      const n = /prim: INTEGER\s+:([0-9A-F]+)/.exec(lines[i]!);
      const h = /prim: OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/.exec(lines[i + 1] ?? '');
      if (n && h) found.set(Number.parseInt(n[1]!, 16), h[1]!.toLowerCase());
    }
    const expected = new Map([...dgs].map(([n, b]) => [n, createHash('sha256').update(b).digest('hex')]));
    expect(found).toEqual(expected);
    expect(lines.some((l) => /sha256/.test(l))).toBe(true);
  });

  it('checkSod names a changed data group, a wrong CA, a revoked signer and an edited SOD', () => {
    const sod = buildSod(dgs, keys.signer);
    const changed = new Map(dgs);
    const dg2 = Uint8Array.from(dgs.get(2)!);
    dg2[100] = dg2[100]! ^ 1;
    changed.set(2, dg2);
    expect(checkSod(sod, changed, keys.cscaCertDer, undefined, NOW)).toMatchObject({
      ok: false,
      reasons: ['data group 2 hash mismatch'],
    });
    expect(checkSod(sod, dgs, other.cscaCertDer, undefined, NOW).reasons).toEqual([
      'signer certificate not issued by this CA',
    ]);
    const crl = signerCrl(keys, ['DS001'], NOW);
    expect(checkSod(sod, dgs, keys.cscaCertDer, crl, NOW).reasons).toEqual(['signer certificate revoked (on the CRL)']);
    expect(checkSod(sod, dgs, keys.cscaCertDer, signerCrl(other, [], NOW), NOW).reasons).toEqual([
      'CRL rejected: CRL not signed by this CA',
    ]);
    const edited = Uint8Array.from(sod);
    const at = Buffer.from(edited).indexOf(Buffer.from(createHash('sha256').update(dgs.get(13)!).digest()));
    edited[at] = edited[at]! ^ 1; // one bit of DG13's hash inside the signed content
    expect(checkSod(edited, null, keys.cscaCertDer, undefined, NOW).reasons).toContain(
      'message digest does not match the LDS security object',
    );
    expect(opensslVerify(edited, cscaPem).status).not.toBe(0);
    const expiry = new Date(NOW);
    expiry.setUTCFullYear(NOW.getUTCFullYear() + 30); // a signer certificate is valid 30 years
    expect(checkSod(sod, dgs, keys.cscaCertDer, undefined, later(60 * 24 * 366 * 31)).reasons).toEqual([
      `signer certificate expired on ${new Date(Math.floor(expiry.getTime() / 1000) * 1000).toISOString()}`,
    ]);
  });

  it('builds valid SODs whatever the length of the DER signature (70 to 72 bytes)', () => {
    const byLength = new Map<number, Uint8Array>();
    for (let i = 0; i < 300 && byLength.size < 3; i++) {
      const sod = buildSod(dgs, keys.signer);
      expect(checkSod(sod, dgs, keys.cscaCertDer, undefined, NOW).reasons).toEqual([]);
      byLength.set(sod.length, sod);
    }
    // r and s take 33 bytes in DER when their top bit is set (a leading zero), 32 otherwise: 72, 71 or 70 in all.
    expect(byLength.size).toBe(3);
    for (const sod of byLength.values()) expect(opensslVerify(sod, cscaPem).status).toBe(0);
  });

  it('refuses a SOD signed with the status-list key, which chains to the CSCA but is not a document signer', () => {
    const statusKey = { id: 'status', certDer: keys.statusSigner.certDer, key: keys.statusSigner.key };
    expect(checkSod(buildSod(dgs, statusKey), dgs, keys.cscaCertDer, undefined, NOW).reasons).toEqual([
      'signer certificate not issued for this purpose (2.23.136.1.1.6.2)',
    ]);
  });

  it('answers every changed byte of a SOD with a reason, never with an exception or a pass', () => {
    const sod = buildSod(dgs, keys.signer);
    for (let i = 0; i < sod.length; i++) {
      const changed = Uint8Array.from(sod);
      changed[i] = changed[i]! ^ 0x41;
      const r = checkSod(changed, dgs, keys.cscaCertDer, undefined, NOW);
      expect(r.ok, `byte ${i}`).toBe(false);
      expect(r.reasons.length, `byte ${i}`).toBeGreaterThan(0);
    }
    expect(checkSod(sod.subarray(0, 500), dgs, keys.cscaCertDer).reasons).toEqual([
      'unreadable security object: DER: truncated',
    ]);
  });

  it('reads the chip form of EF.SOD (tag 0x77) as well', () => {
    const file = chipSodFile(buildSod(dgs, keys.signer));
    expect(file[0]).toBe(0x77);
    expect(checkSod(file, dgs, keys.cscaCertDer, undefined, NOW).ok).toBe(true);
  });

  it('keeps a SOD signed before a rotation verifiable, and signs new ones with the new signer', async () => {
    const dir = join(root, 'rot');
    await initCardCa(dir, NOW);
    const before = loadCardKeys(dir);
    const oldSod = buildSod(dgs, before.signer);
    expect(await rotateSigner(dir, later(10))).toEqual({ signerId: 'DS002' });
    const after = loadCardKeys(dir);
    expect(after.signer.id).toBe('DS002');
    expect(after.signers.map((s) => [s.id, s.retired])).toEqual([
      ['DS001', true],
      ['DS002', false],
    ]);
    const pem = write('rot.pem', after.cscaCertPem);
    expect(checkSod(oldSod, dgs, after.cscaCertDer, undefined, NOW)).toMatchObject({ ok: true, signerId: 'DS001' });
    expect(opensslVerify(oldSod, pem).status).toBe(0);
    const newSod = buildSod(dgs, after.signer);
    expect(checkSod(newSod, dgs, after.cscaCertDer, undefined, later(20)).signerId).toBe('DS002');
    expect(opensslVerify(newSod, pem).status).toBe(0);
  });
});
