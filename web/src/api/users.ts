// Officer accounts (national administrators only): list, create, change, disable.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { CreatedUser, UserItem } from './types.ts';

export interface NewUser {
  username: string;
  displayName: string;
  password?: string;
  roles: string[];
  jurisdiction: string | null;
}

export interface UserChanges {
  displayName?: string;
  roles?: string[];
  jurisdiction?: string | null;
  disabled?: boolean;
  password?: string;
}

const USERS = ['users'] as const;

export function useUsers() {
  return useQuery({
    queryKey: USERS,
    queryFn: ({ signal }) => api.get<{ items: UserItem[] }>('/users', undefined, signal).then((r) => r.items),
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: NewUser) => api.post<CreatedUser>('/users', u),
    onSuccess: () => void qc.invalidateQueries({ queryKey: USERS }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, changes }: { username: string; changes: UserChanges }) =>
      api.patch<UserItem>(`/users/${encodeURIComponent(username)}`, changes),
    onSuccess: () => void qc.invalidateQueries({ queryKey: USERS }),
  });
}
