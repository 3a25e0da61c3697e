// The signed-in officer: read from /auth/me on start, set by sign-in, cleared by sign-out or by any request
// that finds the session gone. The CSRF token lives only in memory, next to the session it belongs to.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { can, isRole, type Permission, type Role } from '../../../src/domain/roles.ts';
import { ApiError, api, request, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import type { Session, SessionUser } from '../api/types.ts';

const ME = ['auth', 'me'] as const;

async function fetchMe(signal: AbortSignal): Promise<Session | null> {
  try {
    const s = await request<Session>('GET', '/auth/me', { signal, quietUnauthenticated: true });
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

const EXPIRED = ['auth', 'expired'] as const;

export function useSession() {
  return useQuery({ queryKey: ME, queryFn: ({ signal }) => fetchMe(signal), staleTime: 5 * 60_000 });
}

/**
 * Mounted once at the root: when any request finds the session gone (expired, revoked, account disabled), the
 * session and everything read with it are forgotten; the guards then show the sign-in page, which says why.
 */
export function useSessionExpiry(): void {
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      qc.setQueryData(EXPIRED, true);
      qc.setQueryData(ME, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    });
    return () => setUnauthenticatedHandler(null);
  }, [qc]);
}

/** True once after a session expired under the officer's hands (cleared by the next sign-in). */
export function useSessionExpired(): boolean {
  return useQueryClient().getQueryData<boolean>(EXPIRED) === true;
}

export interface SignInInput {
  username: string;
  password: string;
  totp?: string;
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInInput) =>
      request<Session>('POST', '/auth/login', { body: input, quietUnauthenticated: true }),
    onSuccess: (s) => {
      setCsrfToken(s.csrfToken);
      // Data read under a previous account must not show under this one.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      qc.setQueryData(EXPIRED, false);
      qc.setQueryData(ME, s);
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME, null);
    },
  });
}

export function rolesOf(user: SessionUser | null | undefined): Role[] {
  return (user?.roles ?? []).filter(isRole);
}

export function hasPermission(user: SessionUser | null | undefined, permission: Permission): boolean {
  return can(rolesOf(user), permission);
}
