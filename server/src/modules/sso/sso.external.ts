/**
 * Citizen sign-in through an external OpenID provider configured by the administrator — the
 * VNeID pattern (Nghị định 69/2024/NĐ-CP on electronic identification). The platform is the
 * relying party here (openid-client 6): discovery, authorization code with PKCE, state and
 * nonce, `acr_values` to ask for level 2 (step-up). Accounts are linked on the verified 12-digit
 * citizen ID (số định danh cá nhân, Luật Căn cước 2023), never on e-mail.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { ACR_VALUES, type AcrLevel, mapExternalAcr } from './sso.acr.ts';
import type { Sealer } from './sso.crypto.ts';
import { ssoErrors } from './sso.errors.ts';
import type { IdentityApi } from './sso.identity-port.ts';
import type { ProviderRow, SsoRepository } from './sso.repository.ts';
import { externalRedirectUri } from './sso.service.ts';
import { safeReturnTo } from './sso.uris.ts';

export const STATE_COOKIE = 'tinhso_ext_state';
const STATE_TTL_MS = 10 * 60 * 1000;
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
const CITIZEN_ID = /^\d{12}$/;

export interface ExternalLoginDeps {
  ctx: ModuleContext;
  repo: SsoRepository;
  identity: IdentityApi;
  providerSecrets: Sealer;
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function externalLoginService(deps: ExternalLoginDeps) {
  const { ctx, repo, identity, providerSecrets } = deps;
  const publicUrl = ctx.config.publicUrl;
  const secure = publicUrl.startsWith('https:');
  const cache = new Map<string, { version: string; at: number; config: oidc.Configuration }>();

  async function configurationOf(p: ProviderRow): Promise<oidc.Configuration> {
    const version = `${p.updated_at.getTime()}`;
    const hit = cache.get(p.id);
    if (hit && hit.version === version && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const secret = providerSecrets.open(p.secret_sealed);
    // Plain http is for the test simulator and development only; production requires https
    // (checked when the provider is registered, too).
    const insecure = ctx.config.env !== 'production' && p.issuer.startsWith('http:');
    const config = await oidc.discovery(
      new URL(p.issuer),
      p.client_id,
      { client_secret: secret },
      oidc.ClientSecretBasic(secret),
      { timeout: 10, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
    );
    cache.set(p.id, { version, at: Date.now(), config });
    return config;
  }

  async function enabledProvider(id: string): Promise<ProviderRow> {
    const p = await repo.getProvider(ctx.db, id);
    if (!p?.enabled) throw ssoErrors.providerNotFound(id);
    return p;
  }

  function stateCookie(value: string, maxAgeSeconds: number): string {
    return [
      `${STATE_COOKIE}=${value}`,
      'Path=/api/v1/auth/external',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${maxAgeSeconds}`,
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  }

  return {
    async listEnabled(): Promise<{ id: string; name: string }[]> {
      return (await repo.listProviders(ctx.db)).filter((p) => p.enabled).map((p) => ({ id: p.id, name: p.name }));
    },

    /** Starts a sign-in; answers the URL of the external provider to redirect the browser to. */
    async start(reply: FastifyReply, providerId: string, query: { returnTo?: string; acr?: number }): Promise<string> {
      const returnTo = safeReturnTo(query.returnTo, publicUrl);
      if (returnTo === null) throw ssoErrors.badReturnTo();
      const p = await enabledProvider(providerId);
      let config: oidc.Configuration;
      try {
        config = await configurationOf(p);
      } catch (err) {
        ctx.logger.warn({ err, providerId }, 'không đọc được cấu hình nhà cung cấp định danh');
        throw ssoErrors.externalFailed();
      }
      const level: AcrLevel = query.acr === 2 ? 2 : 1;
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const now = ctx.clock.now();
      await repo.insertExternalLogin(ctx.db, {
        state,
        provider_id: p.id,
        code_verifier: verifier,
        nonce,
        return_to: returnTo,
        requested_level: level,
        created_at: now,
        expires_at: new Date(now.getTime() + STATE_TTL_MS),
      });
      reply.header('set-cookie', stateCookie(state, STATE_TTL_MS / 1000));
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: externalRedirectUri(publicUrl, p.id),
        scope: p.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        // Step-up: ask for a level-2 authentication and a fresh one, not a remembered level-1 login.
        ...(level === 2 ? { acr_values: p.acr_level2.join(' '), prompt: 'login' } : {}),
      });
      return url.href;
    },

    /** Completes a sign-in: validates the answer, links the citizen, opens the session. */
    async callback(request: FastifyRequest, reply: FastifyReply, providerId: string): Promise<string> {
      const query = request.query as Record<string, string | undefined>;
      const state = query.state;
      const cookieState = readCookie(request, STATE_COOKIE);
      reply.header('set-cookie', stateCookie('', 0));
      // The state must come back to the browser that started the sign-in (login CSRF).
      if (!state || !cookieState || state !== cookieState) throw ssoErrors.externalStateInvalid();
      const pending = await repo.takeExternalLogin(ctx.db, state);
      if (!pending || pending.provider_id !== providerId || pending.expires_at < ctx.clock.now()) {
        throw ssoErrors.externalStateInvalid();
      }
      if (query.error) throw ssoErrors.externalDenied(query.error);
      const p = await enabledProvider(providerId);

      let claims: Record<string, unknown>;
      let subject: string;
      try {
        const config = await configurationOf(p);
        const currentUrl = new URL(request.url, publicUrl);
        const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: pending.code_verifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims()!;
        subject = idToken.sub;
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, subject);
        // The ID token is signed by the provider: its claims win over userinfo's.
        claims = { ...userinfo, ...idToken };
      } catch (err) {
        if (err instanceof oidc.AuthorizationResponseError) throw ssoErrors.externalDenied(err.error);
        ctx.logger.warn({ err, providerId }, 'đăng nhập qua nhà cung cấp định danh thất bại');
        throw ssoErrors.externalFailed();
      }

      const citizenId = claims[p.citizen_id_claim];
      if (typeof citizenId !== 'string' || !CITIZEN_ID.test(citizenId)) throw ssoErrors.citizenIdMissing();
      const level = mapExternalAcr(typeof claims.acr === 'string' ? claims.acr : undefined, {
        acrLevel1: p.acr_level1,
        acrLevel2: p.acr_level2,
      });
      if (level < pending.requested_level) throw ssoErrors.acrTooLow(pending.requested_level);
      const acr = ACR_VALUES[level];
      const name =
        (typeof claims.name === 'string' && claims.name) ||
        [claims.family_name, claims.middle_name, claims.given_name].filter((x) => typeof x === 'string').join(' ') ||
        'Công dân';

      const { accountId } = await identity.linkExternalCitizen({ providerId: p.id, subject, citizenId, name, acr });
      await identity.startSession(reply, accountId, {
        acr,
        amr: ['ext'],
        ip: request.ip,
        userAgent: String(request.headers['user-agent'] ?? ''),
      });
      await ctx.change({ kind: 'citizen', id: accountId, name }, request.id, async (c) => {
        await c.audit({
          action: 'external_login.completed',
          entityType: 'external_provider',
          entityId: p.id,
          data: { accountId, subject, level },
        });
      });
      return pending.return_to;
    },
  };
}

export type ExternalLoginService = ReturnType<typeof externalLoginService>;
