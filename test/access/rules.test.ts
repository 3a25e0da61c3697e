// The pure account rules: user names, the password policy, and the jurisdiction each role needs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Violations } from '../../src/domain/errors.ts';
import type { Role } from '../../src/domain/roles.ts';
import { checkJurisdiction, checkPassword, checkRoles, checkUsername } from '../../src/modules/access/access.rules.ts';
import { generatePassword } from '../../src/modules/access/access.tokens.ts';

const rulesOf = (fn: (v: Violations) => void) => {
  const v = new Violations();
  fn(v);
  return v.list.map((x) => x.rule);
};

describe('account rules', () => {
  it('accepts exactly the user names of 3–40 characters among a-z 0-9 . _ -', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        const ok = rulesOf((v) => checkUsername(v, s)).length === 0;
        expect(ok).toBe(/^[a-z0-9._-]{3,40}$/.test(s));
      }),
    );
    expect(rulesOf((v) => checkUsername(v, 'nguyen.van-an_2'))).toEqual([]);
    expect(rulesOf((v) => checkUsername(v, 'ab'))).toEqual(['username.format']);
    expect(rulesOf((v) => checkUsername(v, 'Nguyen'))).toEqual(['username.format']);
  });

  it('needs passwords of 12 characters or more (counted as characters, not bytes), not the user name', () => {
    expect(rulesOf((v) => checkPassword(v, 'mật khẩu dài', 'x'))).toEqual([]); // 12 characters, 15 bytes
    expect(rulesOf((v) => checkPassword(v, 'mật khẩu dà', 'x'))).toEqual(['password.length']);
    expect(rulesOf((v) => checkPassword(v, 'Le.Van.Thanh', 'le.van.thanh'))).toEqual(['password.equals_username']);
    expect(rulesOf((v) => checkPassword(v, 'x'.repeat(257), 'u'))).toEqual(['password.length']);
  });

  it('generates passwords that pass the policy', () => {
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(20);
      expect(rulesOf((v) => checkPassword(v, p, 'user'))).toEqual([]);
    }
  });

  it('checks roles: non-empty, known, without duplicates', () => {
    const v = new Violations();
    expect(checkRoles(v, ['viewer', 'viewer', 'auditor'])).toEqual(['viewer', 'auditor']);
    expect(v.empty).toBe(true);
    expect(rulesOf((w) => checkRoles(w, []))).toEqual(['roles.empty']);
    expect(rulesOf((w) => checkRoles(w, ['viewer', 'king']))).toEqual(['roles.unknown']);
  });

  it('gives each role the jurisdiction it needs', () => {
    const cases: [Role[], string | null, string[]][] = [
      [['national_admin'], null, []],
      [['national_admin'], '01', ['jurisdiction.national_admin']],
      [['national_admin', 'provincial_officer'], null, ['jurisdiction.required']],
      [['provincial_officer'], '01', []],
      [['provincial_officer'], '00004', ['jurisdiction.level']],
      [['commune_officer'], '00004', []],
      [['commune_officer'], '001', ['jurisdiction.level']],
      [['provincial_officer', 'commune_officer'], '01', ['jurisdiction.level']],
      [['card_officer'], null, []],
      [['card_officer'], '01', []],
      [['auditor'], '00004', []],
      [['viewer'], '001', ['jurisdiction.format']],
    ];
    for (const [roles, j, expected] of cases) {
      expect(
        rulesOf((v) => checkJurisdiction(v, roles, j)),
        `${roles} ${j}`,
      ).toEqual(expected);
    }
  });
});
