// TOTP enrolment of the signed-in user (a national administrator who has none yet).
import { useMutation } from '@tanstack/react-query';
import { api } from './client.ts';
import type { TotpEnrolment } from './types.ts';

export function useEnrolTotp(username: string) {
  return useMutation({
    mutationFn: () => api.post<TotpEnrolment>(`/users/${encodeURIComponent(username)}/totp`),
  });
}

export function useConfirmTotp(username: string) {
  return useMutation({
    mutationFn: (code: string) => api.post<unknown>(`/users/${encodeURIComponent(username)}/totp/confirm`, { code }),
  });
}
