// Officer accounts for HTTP tests: a user with one role and jurisdiction, an API token, and requests made with it.
import { cliContext } from '../../src/domain/context.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { RegistryFixture } from './registry.ts';

export interface Officer {
  username: string;
  role: Role;
  jurisdiction: string | null;
  token: string;
}

export async function createOfficer(
  f: RegistryFixture,
  username: string,
  role: Role,
  jurisdiction: string | null,
): Promise<Officer> {
  await f.services.access.createUser(cliContext(), {
    username,
    password: `mật-khẩu-dài-${username}-2026`,
    roles: [role],
    jurisdiction,
  });
  const token = (await f.services.access.createToken(cliContext(), 'tests', username)).token;
  return { username, role, jurisdiction, token };
}

/** A request made with the officer's token. */
export function as(f: RegistryFixture, o: Officer, method: string, url: string, payload?: unknown, headers = {}) {
  return f.app.inject({
    method: method as 'GET',
    url,
    payload: payload as object,
    headers: { authorization: `Bearer ${o.token}`, ...headers },
  });
}
