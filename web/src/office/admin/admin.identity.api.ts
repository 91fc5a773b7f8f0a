/**
 * The API of the single sign-on module as the administration screens use it (province
 * administrators only; sso.routes.ts): relying-party applications (OIDC clients) with their
 * secret shown once, external identity providers (the VNeID model) with a write-only secret, and
 * the OIDC server's signing keys.
 */
import { queryOptions } from '@tanstack/react-query';
import type { ApiBody, ApiOk } from '../../shared/api/types.ts';
import { api } from '../../shared/api.ts';

// --- OIDC clients ---------------------------------------------------------------------------

// The types are the routes' schemas (sso.routes.ts, through openapi.gen.ts): a changed schema breaks the build here.

export type OidcClient = ApiOk<'/api/v1/identity/clients'>['items'][number];
export type AuthMethod = OidcClient['tokenEndpointAuthMethod'];

export const AUTH_METHOD_LABELS: Record<AuthMethod, string> = {
  client_secret_basic: 'Khóa bí mật qua HTTP Basic (client_secret_basic)',
  client_secret_post: 'Khóa bí mật trong nội dung yêu cầu (client_secret_post)',
  none: 'Ứng dụng công khai, không có khóa bí mật, bắt buộc PKCE (none)',
};

/** The answer when created or rotated: the secret is shown once; null for a public client. */
export type OidcClientWithSecret = ApiOk<'/api/v1/identity/clients', 'post'>;
export type NewClient = ApiBody<'/api/v1/identity/clients', 'post'>;
export type ClientPatch = ApiBody<'/api/v1/identity/clients/{clientId}', 'patch'>;

export const clientsQuery = queryOptions({
  queryKey: ['admin', 'sso', 'clients'] as const,
  queryFn: ({ signal }) => api<{ items: OidcClient[] }>('/api/v1/identity/clients', { signal }),
  staleTime: 5_000,
});

const clientPath = (id: string) => `/api/v1/identity/clients/${encodeURIComponent(id)}`;

export const createClient = (body: NewClient) =>
  api<OidcClientWithSecret>('/api/v1/identity/clients', { method: 'POST', body });
export const patchClient = (id: string, body: ClientPatch) =>
  api<OidcClient>(clientPath(id), { method: 'PATCH', body });
export const rotateClientSecret = (id: string) =>
  api<OidcClientWithSecret>(`${clientPath(id)}/secret`, { method: 'POST' });
export const deleteClient = (id: string) => api<void>(clientPath(id), { method: 'DELETE' });

// --- external identity providers ------------------------------------------------------------

/** A provider as the server shows it (never its secret), with the address to register with it (`redirectUri`). */
export type ExternalProvider = ApiOk<'/api/v1/identity/external-providers'>['items'][number];
export type NewProvider = ApiBody<'/api/v1/identity/external-providers', 'post'>;
export type ProviderPatch = ApiBody<'/api/v1/identity/external-providers/{providerId}', 'patch'>;

export const providersQuery = queryOptions({
  queryKey: ['admin', 'sso', 'providers'] as const,
  queryFn: ({ signal }) => api<{ items: ExternalProvider[] }>('/api/v1/identity/external-providers', { signal }),
  staleTime: 5_000,
});

const providerPath = (id: string) => `/api/v1/identity/external-providers/${encodeURIComponent(id)}`;

export const createProvider = (body: NewProvider) =>
  api<ExternalProvider>('/api/v1/identity/external-providers', { method: 'POST', body });
export const patchProvider = (id: string, body: ProviderPatch) =>
  api<ExternalProvider>(providerPath(id), { method: 'PATCH', body });
export const deleteProvider = (id: string) => api<void>(providerPath(id), { method: 'DELETE' });

// --- signing keys ---------------------------------------------------------------------------

export type SigningKey = ApiOk<'/api/v1/identity/oidc/keys'>['items'][number];

export const KEY_STATE_LABELS: Record<SigningKey['state'], string> = {
  active: 'Đang ký',
  next: 'Kế tiếp',
  retired: 'Đã thôi ký (vẫn công bố)',
};

export const signingKeysQuery = queryOptions({
  queryKey: ['admin', 'sso', 'keys'] as const,
  queryFn: ({ signal }) => api<{ items: SigningKey[] }>('/api/v1/identity/oidc/keys', { signal }),
  staleTime: 5_000,
});

export const rotateSigningKeys = () =>
  api<ApiOk<'/api/v1/identity/oidc/keys/rotate', 'post'>>('/api/v1/identity/oidc/keys/rotate', {
    method: 'POST',
  });

// --- lists typed one per line ----------------------------------------------------------------

/** The lines of a textarea (one URI or value a line), trimmed, blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Values separated by spaces, commas or new lines (scopes, acr values). */
export function words(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter((w) => w !== '');
}
