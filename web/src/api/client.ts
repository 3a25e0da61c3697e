// The one way the app talks to the API: same-origin fetch with the session cookie, the CSRF token on every
// state-changing request, and errors turned into ApiError with the server's code and details.

export interface Violation {
  field: string;
  rule: string;
  message: string;
  value?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get violations(): Violation[] {
    const v = this.details.violations;
    return Array.isArray(v) ? (v as Violation[]) : [];
  }
}

/** Status 0: the request never reached the server (network down, server stopped). */
export const NETWORK_ERROR = 'NETWORK';

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request finds the session gone, so the app can return to the sign-in page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Sign-in and "who am I" handle 401 themselves. */
  quietUnauthenticated?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, NETWORK_ERROR, (e as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // a proxy or crash page: reported below by status
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
      ?.error;
    const apiError = new ApiError(
      res.status,
      err?.code ?? (res.status >= 500 ? 'INTERNAL' : `HTTP_${res.status}`),
      err?.message ?? res.statusText,
      err?.details ?? {},
    );
    // A session that ended, or an account disabled meanwhile, cannot do anything more: back to sign-in.
    const sessionGone = res.status === 401 || apiError.code === 'AUTH.DISABLED';
    if (sessionGone && !opts.quietUnauthenticated) onUnauthenticated?.();
    throw apiError;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
};
