/**
 * The citizen's session (issue 4): who is signed in, sign-in and sign-out. The session itself is
 * an HttpOnly cookie the page never sees; `GET /api/v1/auth/me` says whose it is (401: nobody).
 */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, api } from '../shared/api.ts';

export interface Me {
  id: string;
  kind: string;
  name: string;
  username: string;
  acr?: string;
  mfaEnrolled: boolean;
  mfaEnrolmentRequired: boolean;
  /** False for an account created by a sign-in through VNeID that never set a password. */
  hasPassword?: boolean;
  sessionId: string;
}

export interface LoginInput {
  username: string;
  password: string;
  otp?: string;
}

export const meQuery = queryOptions({
  queryKey: ['auth', 'me'] as const,
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return await api<Me>('/api/v1/auth/me', { signal });
    } catch (err) {
      // Signed out is an answer, not a failure.
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: 60_000,
});

/** The signed-in account; `undefined` while asking, `null` when nobody is signed in. */
export function useMe() {
  return useQuery(meQuery);
}

export async function login(input: LoginInput): Promise<Me> {
  return api<Me>('/api/v1/auth/login', { method: 'POST', body: input });
}

/**
 * Signs out. `leave` runs once the server has ended the session and before the page forgets it:
 * it takes the person off a page that needs a session, so that page does not first send them to
 * sign in again.
 */
export function useLogout(): (leave: () => Promise<void> | void) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (leave) => {
      try {
        await api<void>('/api/v1/auth/logout', { method: 'POST' });
      } catch (err) {
        // An already ended session is signed out all the same.
        if (!(err instanceof ApiError && err.status === 401)) throw err;
      }
      await leave();
      queryClient.setQueryData(meQuery.queryKey, null);
      // Nothing cached under the old session may be shown to the next person on this device.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' && q.queryKey[0] !== 'catalog' });
    },
    [queryClient],
  );
}

/**
 * Where to go after sign-in: only a path on this site (an open redirect would let a phishing
 * link send a freshly signed-in citizen to a look-alike page — OWASP "Unvalidated Redirects").
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters (a tab or newline inside a URL) are ignored by browsers: refuse them.
  for (const ch of value) if (ch.charCodeAt(0) < 0x20) return '/';
  return value;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function signInPath(path: string): string {
  return `/dang-nhap?returnTo=${encodeURIComponent(path)}`;
}
