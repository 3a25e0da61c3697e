// The registry's one policy as a table: role × action × a person inside or outside the actor's jurisdiction, and
// the fields each role sees. docs/security.md reproduces this table; a change to one must change the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { ReferenceCatalog } from '../../src/modules/reference/catalog.ts';
import { blankState, type PersonState } from '../../src/modules/registry/person.model.ts';
import { decide, type PersonAction, viewFor, visibleFields } from '../../src/modules/registry/registry.access.ts';
import { TEST_DIALECT } from '../helpers/db.ts';
import { createRegistryFixture, type RegistryFixture } from '../helpers/registry.ts';

const ACTIONS: PersonAction[] = [
  'person.read',
  'person.history',
  'person.update',
  'person.event',
  'person.create',
  'person.access_log',
  'notice.read',
  'notice.decide',
];
const R = 'person.read person.history'.split(' ');
const W = 'person.update person.event person.create notice.read notice.decide'.split(' ');
/** What each role may do on a person of its jurisdiction (outside it: nothing, unless its jurisdiction is the nation). */
const TABLE: Record<Role, string[]> = {
  national_admin: [...R, ...W, 'person.access_log'],
  provincial_officer: [...R, ...W, 'person.access_log'],
  commune_officer: [...R, ...W, 'person.access_log'],
  card_officer: [...R, 'person.access_log'],
  viewer: [...R, 'person.access_log'],
  auditor: ['person.access_log'],
};
const SENSITIVE: Role[] = ['national_admin', 'provincial_officer', 'commune_officer'];

describe(`the registry policy table on ${TEST_DIALECT}`, () => {
  let f: RegistryFixture;
  let catalog: ReferenceCatalog;
  const living = (unitCode: string, temporary = false): PersonState => {
    const r = {
      unitCode,
      unitDate: '2026-01-01',
      detail: '',
      since: '2020-01-01',
      until: temporary ? '2027-01-01' : null,
    };
    return { ...blankState(), ...(temporary ? { temporaryResidence: r } : { permanentResidence: r }) };
  };
  const ctx = (role: Role, jurisdiction: string | null): RequestContext => ({
    actor: { id: role, kind: 'user', roles: [role], jurisdiction },
  });

  beforeAll(async () => {
    f = await createRegistryFixture();
    catalog = await f.services.reference.catalog();
  }, 60_000);
  afterAll(async () => f.destroy());

  for (const [role, allowed] of Object.entries(TABLE) as [Role, string[]][]) {
    it(`${role}: ${allowed.join(', ')} inside the jurisdiction; outside only with a national jurisdiction`, () => {
      for (const action of ACTIONS) {
        const want = allowed.includes(action);
        for (const j of ['15835', '38']) {
          expect(decide(ctx(role, j), action, [living('15835')], catalog).allowed, `${action} in ${j}`).toBe(want);
          expect(decide(ctx(role, j), action, [living('25747')], catalog).allowed, `${action} out ${j}`).toBe(false);
        }
        expect(decide(ctx(role, null), action, [living('25747')], catalog).allowed).toBe(want);
      }
      const fields = visibleFields(ctx(role, '38'), living('15835'), catalog);
      if (!allowed.includes('person.read')) expect(fields).toEqual([]);
      else expect(fields.includes('religion')).toBe(SENSITIVE.includes(role));
      expect(visibleFields(ctx(role, '38'), living('25747'), catalog)).toEqual([]);
      expect(viewFor(ctx(role, '38'), living('25747'), catalog)).toBeNull();
    });
  }

  it('a temporary residence in the jurisdiction puts the person in it', () => {
    expect(decide(ctx('commune_officer', '15835'), 'person.read', [living('15835', true)], catalog).allowed).toBe(true);
  });
});
