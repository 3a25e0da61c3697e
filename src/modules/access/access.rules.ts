// Rules for accounts, pure and I/O-free: user names, the password policy, roles and the jurisdiction each role
// needs. Violations of the password rules never carry the password as their value.
import type { Violations } from '../../domain/errors.ts';
import { isRole, ROLES, type Role } from '../../domain/roles.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './access.passwords.ts';

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,40}$/;
const PROVINCE_CODE = /^\d{2}$/;
const COMMUNE_CODE = /^\d{5}$/;

export function checkUsername(v: Violations, username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    v.add('username', 'username.format', '3 to 40 characters among a-z, 0-9, ".", "_" and "-"', username);
  }
}

export function checkDisplayName(v: Violations, name: string): void {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) {
    v.add('displayName', 'displayName.length', 'between 1 and 100 characters', name);
  }
}

export function checkPassword(v: Violations, password: string, username: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    v.add('password', 'password.length', `at least ${PASSWORD_MIN_LENGTH} characters (got ${length})`);
  } else if (length > PASSWORD_MAX_LENGTH) {
    v.add('password', 'password.length', `at most ${PASSWORD_MAX_LENGTH} characters (got ${length})`);
  }
  if (password.trim().toLowerCase() === username.toLowerCase()) {
    v.add('password', 'password.equals_username', 'must not be the user name');
  }
}

/** Checks a role list and returns it without duplicates. */
export function checkRoles(v: Violations, roles: readonly string[]): Role[] {
  if (roles.length === 0) {
    v.add('roles', 'roles.empty', `at least one of ${ROLES.join(', ')}`, roles);
    return [];
  }
  const out: Role[] = [];
  roles.forEach((r, i) => {
    if (!isRole(r)) v.add(`roles.${i}`, 'roles.unknown', `not a role; one of ${ROLES.join(', ')}`, r);
    else if (!out.includes(r)) out.push(r);
  });
  return out;
}

/**
 * The jurisdiction a set of roles needs: national administrators act on the whole country (none), provincial
 * officers on a province (2-digit code), commune officers on a commune (5-digit code); other roles may be
 * national or limited to a province or commune.
 */
export function checkJurisdiction(v: Violations, roles: readonly Role[], jurisdiction: string | null): void {
  const field = 'jurisdiction';
  if (roles.includes('national_admin') && jurisdiction !== null) {
    v.add(
      field,
      'jurisdiction.national_admin',
      'a national administrator acts on the whole country: leave it empty',
      jurisdiction,
    );
  }
  for (const [role, pattern, what] of [
    ['provincial_officer', PROVINCE_CODE, 'a 2-digit province code'],
    ['commune_officer', COMMUNE_CODE, 'a 5-digit commune code'],
  ] as const) {
    if (!roles.includes(role)) continue;
    if (jurisdiction === null) v.add(field, 'jurisdiction.required', `a ${role} needs ${what}`);
    else if (!pattern.test(jurisdiction)) v.add(field, 'jurisdiction.level', `a ${role} needs ${what}`, jurisdiction);
  }
  const officer = roles.includes('provincial_officer') || roles.includes('commune_officer');
  if (!officer && jurisdiction !== null && !PROVINCE_CODE.test(jurisdiction) && !COMMUNE_CODE.test(jurisdiction)) {
    v.add(field, 'jurisdiction.format', 'a 2-digit province or 5-digit commune code', jurisdiction);
  }
}

/** An empty or blank jurisdiction means the whole country. */
export function normaliseJurisdiction(j: string | null | undefined): string | null {
  const t = j?.trim();
  return t ? t : null;
}
