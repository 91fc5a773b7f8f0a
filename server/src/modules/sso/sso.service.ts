/**
 * Administration of the SSO: relying-party clients, external identity providers and signing
 * keys. Every change goes through ctx.change (row + audit in one transaction); secrets never
 * enter the audit log and are shown once.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/audit/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { randomSecret, type Sealer } from './sso.crypto.ts';
import { ssoErrors } from './sso.errors.ts';
import type { KeysRepository, SigningKeyInfo } from './sso.keys.ts';
import type { ProviderHolder } from './sso.provider.ts';
import type { ClientRow, ProviderRow, SsoRepository } from './sso.repository.ts';
import type {
  Client,
  ClientWithSecret,
  CreateClientBody,
  CreateProviderBody,
  ExternalProvider,
  PatchClientBody,
  PatchProviderBody,
} from './sso.schemas.ts';
import { redirectUriProblem } from './sso.uris.ts';

export const KEY_ROTATION_JOB = 'sso.rotate_signing_keys';

export interface SsoAdminDeps {
  ctx: ModuleContext;
  repo: SsoRepository;
  keys: KeysRepository;
  holder: ProviderHolder;
  clientSecrets: Sealer;
  providerSecrets: Sealer;
  /** Called after a key change commits (reload the provider, schedule the next rotation). */
  afterKeyChange: () => Promise<void>;
}

function toClient(r: ClientRow): Client {
  return {
    clientId: r.id,
    name: r.name,
    redirectUris: r.redirect_uris,
    postLogoutRedirectUris: r.post_logout_redirect_uris,
    backchannelLogoutUri: r.backchannel_logout_uri,
    tokenEndpointAuthMethod: r.auth_method,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function externalRedirectUri(publicUrl: string, providerId: string): string {
  return `${publicUrl}/api/v1/auth/external/${providerId}/callback`;
}

/** What the audit log keeps of a client: everything but the secret. */
const auditClient = (r: ClientRow) => toClient(r);

export function ssoAdminService(deps: SsoAdminDeps) {
  const { ctx, repo, keys, holder, clientSecrets, providerSecrets } = deps;
  const production = ctx.config.env === 'production';

  function toProvider(p: ProviderRow): ExternalProvider {
    return {
      id: p.id,
      name: p.name,
      issuer: p.issuer,
      clientId: p.client_id,
      scopes: p.scopes,
      citizenIdClaim: p.citizen_id_claim,
      acrLevel1: p.acr_level1,
      acrLevel2: p.acr_level2,
      enabled: p.enabled,
      redirectUri: externalRedirectUri(ctx.config.publicUrl, p.id),
      createdAt: p.created_at.toISOString(),
      updatedAt: p.updated_at.toISOString(),
    };
  }

  function checkUris(fields: Record<string, string[] | undefined>): void {
    const errors: FieldError[] = [];
    for (const [field, values] of Object.entries(fields)) {
      (values ?? []).forEach((v, i) => {
        const problem = redirectUriProblem(v, { production });
        if (problem) {
          const at = field === 'backchannelLogoutUri' ? `/body/${field}` : `/body/${field}/${i}`;
          errors.push({ field: at, message: `«${field}» ${problem}.` });
        }
      });
    }
    if (errors.length > 0) throw ssoErrors.invalidUris(errors);
  }

  /** The provider itself must accept the metadata, or the client could never sign anyone in. */
  async function checkWithProvider(row: ClientRow, plainSecret: string | null): Promise<void> {
    const provider = await holder.get();
    try {
      await provider.Client.validate({
        client_id: row.id,
        client_name: row.name,
        redirect_uris: row.redirect_uris,
        post_logout_redirect_uris: row.post_logout_redirect_uris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: row.auth_method,
        ...(plainSecret ? { client_secret: plainSecret } : {}),
        ...(row.backchannel_logout_uri
          ? { backchannel_logout_uri: row.backchannel_logout_uri, backchannel_logout_session_required: true }
          : {}),
      } as any);
    } catch (err) {
      const reason = (err as { error_description?: string }).error_description ?? String(err);
      throw ssoErrors.invalidClientMetadata(reason);
    }
  }

  function checkIssuer(issuer: string): void {
    const problem = redirectUriProblem(issuer, { production });
    if (problem) throw ssoErrors.invalidUris([{ field: '/body/issuer', message: `«issuer» ${problem}.` }]);
  }

  return {
    // ── clients ──────────────────────────────────────────────────────────────
    async createClient(actor: Actor, body: CreateClientBody, requestId?: string): Promise<ClientWithSecret> {
      checkUris({
        redirectUris: body.redirectUris,
        postLogoutRedirectUris: body.postLogoutRedirectUris,
        backchannelLogoutUri: body.backchannelLogoutUri ? [body.backchannelLogoutUri] : undefined,
      });
      const authMethod = body.tokenEndpointAuthMethod ?? 'client_secret_basic';
      const secret = authMethod === 'none' ? null : randomSecret(32);
      const now = ctx.clock.now();
      const row: ClientRow = {
        id: body.clientId ?? `app-${randomBytes(6).toString('hex')}`,
        name: body.name,
        redirect_uris: body.redirectUris,
        post_logout_redirect_uris: body.postLogoutRedirectUris ?? [],
        backchannel_logout_uri: body.backchannelLogoutUri ?? null,
        auth_method: authMethod,
        secret_sealed: secret ? clientSecrets.seal(secret) : null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      await checkWithProvider(row, secret);
      await ctx.change(actor, requestId, async (c) => {
        if (await repo.clientExists(c.tx, row.id)) throw ssoErrors.clientExists(row.id);
        await repo.insertClient(c.tx, row);
        await c.audit({
          action: 'client.registered',
          entityType: 'oidc_client',
          entityId: row.id,
          data: auditClient(row),
        });
      });
      return { ...toClient(row), clientSecret: secret };
    },

    async listClients(): Promise<Client[]> {
      return (await repo.listClients(ctx.db)).map(toClient);
    },

    async getClient(id: string): Promise<Client> {
      const row = await repo.getClient(ctx.db, id);
      if (!row) throw ssoErrors.clientNotFound(id);
      return toClient(row);
    },

    async patchClient(actor: Actor, id: string, body: PatchClientBody, requestId?: string): Promise<Client> {
      checkUris({
        redirectUris: body.redirectUris,
        postLogoutRedirectUris: body.postLogoutRedirectUris,
        backchannelLogoutUri: body.backchannelLogoutUri ? [body.backchannelLogoutUri] : undefined,
      });
      const current = await repo.getClient(ctx.db, id);
      if (!current) throw ssoErrors.clientNotFound(id);
      const next: ClientRow = {
        ...current,
        name: body.name ?? current.name,
        redirect_uris: body.redirectUris ?? current.redirect_uris,
        post_logout_redirect_uris: body.postLogoutRedirectUris ?? current.post_logout_redirect_uris,
        backchannel_logout_uri:
          body.backchannelLogoutUri === undefined ? current.backchannel_logout_uri : body.backchannelLogoutUri,
        updated_at: ctx.clock.now(),
      };
      await checkWithProvider(next, next.secret_sealed ? clientSecrets.open(next.secret_sealed) : null);
      await ctx.change(actor, requestId, async (c) => {
        const still = await repo.getClient(c.tx, id);
        if (!still) throw ssoErrors.clientNotFound(id);
        await repo.updateClient(c.tx, next);
        await c.audit({
          action: 'client.updated',
          entityType: 'oidc_client',
          entityId: id,
          data: { before: auditClient(current), after: auditClient(next) },
        });
      });
      return toClient(next);
    },

    async rotateClientSecret(actor: Actor, id: string, requestId?: string): Promise<ClientWithSecret> {
      const current = await repo.getClient(ctx.db, id);
      if (!current) throw ssoErrors.clientNotFound(id);
      if (current.auth_method === 'none') return { ...toClient(current), clientSecret: null };
      const secret = randomSecret(32);
      const next = { ...current, secret_sealed: clientSecrets.seal(secret), updated_at: ctx.clock.now() };
      await ctx.change(actor, requestId, async (c) => {
        await repo.updateClient(c.tx, next);
        await c.audit({ action: 'client.secret_rotated', entityType: 'oidc_client', entityId: id });
      });
      return { ...toClient(next), clientSecret: secret };
    },

    async deleteClient(actor: Actor, id: string, requestId?: string): Promise<void> {
      await ctx.change(actor, requestId, async (c) => {
        const row = await repo.getClient(c.tx, id);
        if (!row) throw ssoErrors.clientNotFound(id);
        await repo.deleteClient(c.tx, id, ctx.clock.now());
        await c.audit({ action: 'client.deleted', entityType: 'oidc_client', entityId: id, data: auditClient(row) });
      });
    },

    // ── external providers ───────────────────────────────────────────────────
    async createProvider(actor: Actor, body: CreateProviderBody, requestId?: string): Promise<ExternalProvider> {
      checkIssuer(body.issuer);
      const now = ctx.clock.now();
      const row: ProviderRow = {
        id: body.id,
        name: body.name,
        issuer: body.issuer,
        client_id: body.clientId,
        secret_sealed: providerSecrets.seal(body.clientSecret),
        scopes: body.scopes ?? ['openid', 'profile'],
        citizen_id_claim: body.citizenIdClaim ?? 'citizen_id',
        acr_level1: body.acrLevel1 ?? [],
        acr_level2: body.acrLevel2,
        enabled: body.enabled ?? true,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      if (!row.scopes.includes('openid')) row.scopes = ['openid', ...row.scopes];
      await ctx.change(actor, requestId, async (c) => {
        if (await repo.providerExists(c.tx, row.id)) throw ssoErrors.providerExists(row.id);
        await repo.insertProvider(c.tx, row);
        await c.audit({
          action: 'external_provider.registered',
          entityType: 'external_provider',
          entityId: row.id,
          data: toProvider(row),
        });
      });
      return toProvider(row);
    },

    async listProviders(): Promise<ExternalProvider[]> {
      return (await repo.listProviders(ctx.db)).map(toProvider);
    },

    async getProvider(id: string): Promise<ExternalProvider> {
      const row = await repo.getProvider(ctx.db, id);
      if (!row) throw ssoErrors.providerNotFound(id);
      return toProvider(row);
    },

    async patchProvider(
      actor: Actor,
      id: string,
      body: PatchProviderBody,
      requestId?: string,
    ): Promise<ExternalProvider> {
      if (body.issuer) checkIssuer(body.issuer);
      const current = await repo.getProvider(ctx.db, id);
      if (!current) throw ssoErrors.providerNotFound(id);
      const next: ProviderRow = {
        ...current,
        name: body.name ?? current.name,
        issuer: body.issuer ?? current.issuer,
        client_id: body.clientId ?? current.client_id,
        secret_sealed: body.clientSecret ? providerSecrets.seal(body.clientSecret) : current.secret_sealed,
        scopes: body.scopes ?? current.scopes,
        citizen_id_claim: body.citizenIdClaim ?? current.citizen_id_claim,
        acr_level1: body.acrLevel1 ?? current.acr_level1,
        acr_level2: body.acrLevel2 ?? current.acr_level2,
        enabled: body.enabled ?? current.enabled,
        updated_at: ctx.clock.now(),
      };
      if (!next.scopes.includes('openid')) next.scopes = ['openid', ...next.scopes];
      await ctx.change(actor, requestId, async (c) => {
        await repo.updateProvider(c.tx, next);
        await c.audit({
          action: 'external_provider.updated',
          entityType: 'external_provider',
          entityId: id,
          data: {
            before: toProvider(current),
            after: toProvider(next),
            secretReplaced: body.clientSecret !== undefined,
          },
        });
      });
      return toProvider(next);
    },

    async deleteProvider(actor: Actor, id: string, requestId?: string): Promise<void> {
      await ctx.change(actor, requestId, async (c) => {
        const row = await repo.getProvider(c.tx, id);
        if (!row) throw ssoErrors.providerNotFound(id);
        await repo.deleteProvider(c.tx, id, ctx.clock.now());
        await c.audit({ action: 'external_provider.deleted', entityType: 'external_provider', entityId: id });
      });
    },

    // ── signing keys ─────────────────────────────────────────────────────────
    async listKeys(): Promise<SigningKeyInfo[]> {
      await holder.get(); // first use creates the keys
      return keys.list(ctx.db);
    },

    async rotateKeys(actor: Actor, requestId?: string) {
      await holder.get();
      const result = await ctx.change(actor, requestId, async (c) => {
        const r = await keys.rotate(c.tx, ctx.clock.now());
        await c.audit({ action: 'signing_key.rotated', entityType: 'signing_key', entityId: r.active, data: r });
        return r;
      });
      await deps.afterKeyChange();
      return result;
    },
  };
}

export type SsoAdminService = ReturnType<typeof ssoAdminService>;
