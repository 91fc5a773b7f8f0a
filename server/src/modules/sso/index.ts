/**
 * The sso module: the platform as the province's OpenID Connect provider for its other
 * applications, and citizen sign-in through an external OpenID provider (the VNeID pattern).
 * Built on the identity module's public API (accounts, sessions). This file is the only door.
 */
import type { ModuleDefinition } from '../../platform/kernel/index.ts';
import * as m0001 from './migrations/0001_sso.ts';
import { type AcrLevel, acrLevel, requireAcr } from './sso.acr.ts';
import { deriveKey, platformSecret, sealer } from './sso.crypto.ts';
import { externalLoginService } from './sso.external.ts';
import type { IdentityApi, Principal } from './sso.identity-port.ts';
import { ssoJobs } from './sso.jobs.ts';
import { keysRepository } from './sso.keys.ts';
import { oidcRoutes } from './sso.oidc.routes.ts';
import { ProviderHolder } from './sso.provider.ts';
import { ssoRepository } from './sso.repository.ts';
import { ssoRoutes } from './sso.routes.ts';
import { ssoAdminService } from './sso.service.ts';

export { ACR_VALUES, type AcrLevel, acrLevel } from './sso.acr.ts';
export { platformSecret } from './sso.crypto.ts';
export { CLAIM_AGENCY, CLAIM_ROLES } from './sso.provider.ts';

export interface SsoApi {
  /**
   * Refuses (AppError ACR_TOO_LOW, 403) a caller whose session is below the identity level a
   * procedure needs; the portal then sends the citizen to
   * `/api/v1/auth/external/<provider>/start?acr=2&returnTo=…` (step-up).
   */
  requireAcr(principal: Principal | null, level: AcrLevel): void;
  /** The level (0 none, 1, 2) an acr value stands for. */
  acrLevel(acr: string | null | undefined): 0 | AcrLevel;
  /** The issuer other applications discover at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
}

export interface SsoModuleOptions {
  /** Use this identity API instead of the `identity` module's (tests). */
  identity?: IdentityApi;
}

export function createSsoModule(options: SsoModuleOptions = {}): ModuleDefinition<SsoApi> {
  return {
    name: 'sso',
    migrations: { '0001_sso': m0001 },
    async setup(ctx, app, apis) {
      const identity = options.identity ?? (apis.identity as IdentityApi | undefined);
      if (!identity) throw new Error('Mô-đun sso cần mô-đun identity được khởi tạo trước (MODULES trong app.ts)');
      const secret = platformSecret(ctx.config);
      const issuer = ctx.config.publicUrl;
      const repo = ssoRepository();
      const keys = keysRepository(sealer(secret, 'sso:signing-key'));
      const clientSecrets = sealer(secret, 'sso:client-secret');
      const providerSecrets = sealer(secret, 'sso:external-provider-secret');

      const holder = new ProviderHolder({
        issuer,
        db: ctx.db,
        identity,
        keys,
        repo,
        clientSecrets,
        cookieKeys: [deriveKey(secret, 'sso:cookie').toString('base64url')],
        secureCookies: issuer.startsWith('https:'),
        trustProxy: ctx.config.http.trustProxy,
        sessionTtlSeconds: ctx.config.identity.sessionAbsoluteHours * 3600,
        logger: ctx.logger,
        now: () => ctx.clock.now(),
        beforeFirstUse: () => {
          ready ??= prepare().catch((err) => {
            ready = undefined;
            throw err;
          });
          return ready;
        },
      });
      const jobs = ssoJobs({ ctx, repo, keys, holder });

      // First use on this node: the signing keys exist (created and audited once per province),
      // the purge and the next rotation are planned (singleton jobs: idempotent across nodes).
      // Lazy, so that starting the app writes nothing until the SSO is used.
      let ready: Promise<void> | undefined;
      async function prepare(): Promise<void> {
        const created = await ctx
          .change({ kind: 'system', id: 'sso', name: 'Máy chủ OIDC' }, undefined, async (c) => {
            const kids = await keys.ensure(c.tx, ctx.clock.now());
            for (const kid of kids) {
              await c.audit({ action: 'signing_key.created', entityType: 'signing_key', entityId: kid });
            }
            return kids;
          })
          .catch(async (err) => {
            // Another node created the keys at the same moment (unique index): theirs are as good.
            if ((await keys.active(ctx.db)) === undefined) throw err;
            return [] as string[];
          });
        if (created.length > 0) ctx.logger.info({ created }, 'đã tạo khóa ký OIDC');
        await jobs.plan();
      }
      jobs.register();

      const service = ssoAdminService({
        ctx,
        repo,
        keys,
        holder,
        clientSecrets,
        providerSecrets,
        afterKeyChange: async () => {
          await holder.reload();
          const active = await keys.active(ctx.db);
          if (active) await jobs.scheduleRotation(ctx.db, active.kid, active.activated_at ?? ctx.clock.now());
        },
      });
      const external = externalLoginService({ ctx, repo, identity, providerSecrets });
      ssoRoutes(app, service, external, identity, ctx.config.adminToken);
      oidcRoutes(app, { holder, identity, external, issuer, csrfKey: deriveKey(secret, 'sso:csrf') });

      return { requireAcr, acrLevel, issuer };
    },
  };
}

export const ssoModule: ModuleDefinition<SsoApi> = createSsoModule();
