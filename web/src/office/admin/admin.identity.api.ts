/**
 * The API of the single sign-on module as the administration screens use it (province
 * administrators only; sso.routes.ts): relying-party applications (OIDC clients) with their
 * secret shown once, external identity providers (the VNeID model) with a write-only secret, and
 * the OIDC server's signing keys.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';

// --- OIDC clients ---------------------------------------------------------------------------

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export const AUTH_METHOD_LABELS: Record<AuthMethod, string> = {
  client_secret_basic: 'Khóa bí mật qua HTTP Basic (client_secret_basic)',
  client_secret_post: 'Khóa bí mật trong nội dung yêu cầu (client_secret_post)',
  none: 'Ứng dụng công khai, không có khóa bí mật, bắt buộc PKCE (none)',
};

export interface OidcClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  tokenEndpointAuthMethod: AuthMethod;
  createdAt: string;
  updatedAt: string;
}

export interface OidcClientWithSecret extends OidcClient {
  /** Shown once, when created or rotated; null for a public client. */
  clientSecret: string | null;
}

export interface NewClient {
  clientId?: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  tokenEndpointAuthMethod?: AuthMethod;
}

export type ClientPatch = Partial<
  Pick<OidcClient, 'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri'>
>;

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

export interface ExternalProvider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  citizenIdClaim: string;
  acrLevel1: string[];
  acrLevel2: string[];
  enabled: boolean;
  /** The address to register with the provider (its redirect_uri for this portal). */
  redirectUri: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewProvider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes?: string[];
  citizenIdClaim?: string;
  acrLevel1?: string[];
  acrLevel2: string[];
  enabled?: boolean;
}

export type ProviderPatch = Partial<Omit<NewProvider, 'id'>>;

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

export interface SigningKey {
  kid: string;
  alg: string;
  state: 'next' | 'active' | 'retired';
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

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
  api<{ active: string; next: string; retired: string | null }>('/api/v1/identity/oidc/keys/rotate', {
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
