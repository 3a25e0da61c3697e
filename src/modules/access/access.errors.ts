// The access module's domain errors. Messages never include a password, a token or a TOTP code.
import { DomainError, NotFoundError } from '../../domain/errors.ts';

export function invalidCredentials(): DomainError {
  return new DomainError('AUTH.INVALID_CREDENTIALS', 'wrong user name or password');
}

export function totpRequired(): DomainError {
  return new DomainError('AUTH.TOTP_REQUIRED', 'a valid one-time code (TOTP) is required for this account', {
    field: 'totp',
  });
}

export function locked(until: string): DomainError {
  return new DomainError('AUTH.LOCKED', `account locked after repeated failed logins until ${until}`, { until });
}

export function disabled(): DomainError {
  return new DomainError('AUTH.DISABLED', 'this account is disabled');
}

export function unauthenticated(reason: string): DomainError {
  return new DomainError('AUTH.UNAUTHENTICATED', `not authenticated: ${reason}`, { reason });
}

export function forbidden(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('AUTH.FORBIDDEN', message, details);
}

export function csrfMismatch(): DomainError {
  return new DomainError('AUTH.CSRF', 'missing or wrong X-CSRF-Token header');
}

export function userNotFound(username: string): NotFoundError {
  return new NotFoundError('ACCESS.USER_NOT_FOUND', `no user "${username}"`, { username });
}

export function userExists(username: string): DomainError {
  return new DomainError('ACCESS.USER_EXISTS', `user "${username}" already exists`, { username });
}

export function tokenNotFound(id: number): NotFoundError {
  return new NotFoundError('ACCESS.TOKEN_NOT_FOUND', `no API token ${id}`, { id });
}

export function tokenExpired(at: string): DomainError {
  return new DomainError('AUTH.TOKEN_EXPIRED', `this API token expired at ${at}: create a new one`, { expiredAt: at });
}

export function scopeMissing(scope: string, scopes: readonly string[]): DomainError {
  return new DomainError(
    'AUTH.SCOPE',
    `this API token lacks the "${scope}" scope (it has ${scopes.join(', ') || 'none'})`,
    { scope, scopes },
  );
}
