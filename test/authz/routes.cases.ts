// The vocabulary of the route table: what a case sends, what each subject must get back, and the checks of an
// outcome. Outcomes are status classes, not exact codes, so a service may answer a refusal with 403 or with a 404
// that a missing object would give, as long as nothing of the person beyond the jurisdiction shows.
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { can, type Permission } from '../../src/domain/roles.ts';
import { covers, type Place, type Res, type Subject, type World } from './routes.world.ts';

/**
 * ok: 2xx. denied: 403 (the role lacks the permission). hidden: 403 or 404 and nothing of the persons of
 * province 79 in the body. blind: 2xx, 403 or 404, and nothing of them in the body (accepted, but discloses
 * nothing). passes: the request got past authentication and authorization (not 401/403, no 5xx) where finishing
 * the action is beyond this test (an upload without a file, a TOTP code nobody has). refused: a rule refuses it
 * (403, 404, 409 or 422), for want of neither a sign-in nor a valid request, and nothing of them shows.
 */
export type Outcome = 'ok' | 'denied' | 'hidden' | 'blind' | 'passes' | 'refused';

export interface Case {
  /** What the case is about: 'in', 'out', 'spouse out', ... */
  label: string;
  request(w: World, s: Subject): Promise<InjectOptions> | InjectOptions;
  expect(s: Subject): Outcome;
  /** Checks after the response: the other person unchanged, a notice filed, nothing disclosed in a 2xx. */
  after?(w: World, s: Subject, r: Res): Promise<void> | void;
}

export interface Entry {
  /** Answers without authentication (health, login, docs, the web application's files). */
  public?: true;
  /** For a public entry: the anonymous request and what it must answer. */
  anonymous?(w: World): Promise<void>;
  cases?: Case[];
}

export type Table = Record<string, Entry>;

const mayAny = (s: Subject, perms: Permission | readonly Permission[]) =>
  (typeof perms === 'string' ? [perms] : perms).some((p) => can([s.role], p));

/** Allowed with one of the permissions, and (for objects at a place) only inside the jurisdiction. */
export function gate(perms: Permission | readonly Permission[], place?: Place) {
  return (s: Subject): Outcome => {
    if (!mayAny(s, perms)) return 'denied';
    if (place && !covers(s, place)) return 'hidden';
    return 'ok';
  };
}

/** Every signed-in subject. */
export const anyone = (): Outcome => 'ok';

/** Throws unless the body carries none of the registry's values about persons of province 79. */
export function expectNothingOf(w: World, r: Res, what: string): void {
  for (const secret of w.outSecrets) {
    const at = r.body.indexOf(secret);
    const around = at < 0 ? '' : r.body.slice(Math.max(0, at - 150), at + secret.length + 50);
    expect(at, `${what} discloses "${secret}" of a person outside the jurisdiction: …${around}…`).toBe(-1);
  }
}

/** Checks one response against its outcome class. */
export function expectOutcome(w: World, outcome: Outcome, r: Res, what: string): void {
  const msg = `${what} → ${r.statusCode} ${r.body.slice(0, 300)}`;
  switch (outcome) {
    case 'ok':
      expect(r.statusCode >= 200 && r.statusCode < 300, `${msg}: expected 2xx`).toBe(true);
      return;
    case 'denied':
      expect(r.statusCode, `${msg}: expected 403`).toBe(403);
      return;
    case 'hidden':
      expect([403, 404], `${msg}: expected 403 or 404`).toContain(r.statusCode);
      expectNothingOf(w, r, what);
      return;
    case 'blind':
      expect(
        (r.statusCode >= 200 && r.statusCode < 300) || r.statusCode === 403 || r.statusCode === 404,
        `${msg}: expected 2xx, 403 or 404`,
      ).toBe(true);
      expectNothingOf(w, r, what);
      return;
    case 'refused':
      expect([403, 404, 409, 422], `${msg}: expected a refusal`).toContain(r.statusCode);
      expectNothingOf(w, r, what);
      return;
    case 'passes':
      expect([401, 403].includes(r.statusCode) || r.statusCode >= 500, `${msg}: expected past authorization`).toBe(
        false,
      );
  }
}

/** `GET url` for every case of a read route. */
export const get =
  (url: (w: World, s: Subject) => string) =>
  (w: World, s: Subject): InjectOptions => ({ method: 'GET', url: url(w, s) });
