/**
 * The identity module (trục xác thực): accounts of officials, citizens and organisations, roles
 * scoped to agency subtrees, sessions, TOTP, password reset, the personal-data access log, and
 * the gate that every route's declared access passes through. This file is the only door.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { commonErrors } from '../../platform/errors/index.ts';
import { decideAccess, requestAccess } from '../../platform/http/index.ts';
import type { ModuleDefinition } from '../../platform/kernel/index.ts';
import { accountRoutes, hasAdminToken } from './identity.accounts.routes.ts';
import { agencyDirectory, type CatalogAgencies } from './identity.agencies.ts';
import { authRoutes } from './identity.auth.routes.ts';
import { authService, CSRF_COOKIE, CSRF_HEADER, principalOfRows, SESSION_COOKIE } from './identity.auth.ts';
import { deriveKeys, loadSecret, safeEqual } from './identity.crypto.ts';
import { demoOfficial, seedDemoAccounts } from './identity.demo.ts';
import { identityErrors } from './identity.errors.ts';
import { registerIdentityJobs } from './identity.jobs.ts';
import { createMailer, type MailMessage } from './identity.mail.ts';
import { registrationService } from './identity.registration.ts';
import { identityRepository } from './identity.repository.ts';
import { identityService } from './identity.service.ts';
import { staffRoutes, staffService } from './identity.staff.ts';
import type { IdentityApi, Principal, Role } from './identity.types.ts';
import * as m0001 from './migrations/0001_identity.ts';
import * as m0002 from './migrations/0002_registration_sessions.ts';

export {
  DEMO_AGENCY_CODES,
  DEMO_CITIZEN,
  DEMO_OFFICIALS,
  DEMO_ORGANISATION,
  DEMO_PASSWORD,
  demoOfficialName,
  demoOfficialUsername,
} from './identity.demo.ts';
export { type AccountReclaimedPayload, identityEvents, type SessionsEndedPayload } from './identity.events.ts';
export { createMailer, type Mailer, type MailMessage } from './identity.mail.ts';
/** An enabled account's verified e-mail, read in the caller's transaction (dossier notifications). */
export const verifiedEmailOf = async (tx: Transaction<any>, accountId: string): Promise<string | null> =>
  identityRepository(tx)
    .findAccount(accountId, tx)
    .then((a) => (a?.email_verified && a.disabled_at === null ? a.email : null));
export { isCitizenId, normaliseTaxCode, passwordProblems } from './identity.rules.ts';
export {
  type AccountClaims,
  type AccountKind,
  type IdentityApi,
  OFFICIAL_ROLES,
  type Principal,
  ROLE_LABELS,
  ROLES,
  type Role,
  type RoleGrant,
} from './identity.types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The demo seed of each built API (seedDemo receives the API, which does not expose it). */
const demoSeeds = new WeakMap<IdentityApi, () => Promise<void>>();
/** Each built API's finder of demo officials (demoOfficialFor), set only when the demo is on. */
const demoOfficials = new WeakMap<IdentityApi, (role: Role, agencyCode: string) => Promise<Principal | null>>();

/**
 * For other modules' demo seeds (the dossier seed): a real demo official holding `role` on
 * `agencyCode` — a listed demo account whose grant covers it, or one created for it — as the
 * principal to act as and the id to assign work to. Null outside the demo (config.demo off), for
 * an unknown agency or a role that handles no dossiers.
 */
export async function demoOfficialFor(api: IdentityApi, role: Role, agencyCode: string): Promise<Principal | null> {
  const find = demoOfficials.get(api);
  return find ? find(role, agencyCode) : null;
}

/** The mail each app's identity module only logged (no SMTP_URL), for unsentMail. */
const logMailers = new WeakMap<FastifyInstance, readonly MailMessage[]>();

/**
 * The messages the identity module of this app would have sent but only wrote to the log, because
 * no SMTP server is configured (development, tests; production refuses to start without one): the
 * last 100, oldest first. Empty when mail goes through SMTP.
 */
export function unsentMail(app: FastifyInstance): readonly MailMessage[] {
  return logMailers.get(app) ?? [];
}

export const identityModule: ModuleDefinition<IdentityApi> = {
  name: 'identity',
  migrations: { '0001_identity': m0001, '0002_registration_sessions': m0002 },
  async setup(ctx, app, apis) {
    const repo = identityRepository(ctx.db);
    const keys = deriveKeys(loadSecret(ctx.config));
    const mailer = createMailer(ctx.config.mail, ctx.logger);
    if (mailer.unsent) logMailers.set(app, mailer.unsent);
    const agencies = agencyDirectory(apis.catalog as CatalogAgencies | undefined);
    const auth = authService(ctx, repo, { keys, mailer });
    const service = identityService(ctx, repo, { agencies, auth });
    const registration = registrationService(ctx, repo, { auth, mailer, lookupKey: keys.lookup });
    registerIdentityJobs(ctx, repo, auth);
    const adminToken = ctx.config.adminToken;

    if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
    app.decorateRequest('principal', null);
    app.decorateRequest('pendingEnrolment', null);
    if (!app.hasRequestDecorator('adminCaller')) app.decorateRequest('adminCaller', null);

    async function resolve(request: FastifyRequest): Promise<void> {
      request.principal = null;
      request.adminCaller = null;
      request.pendingEnrolment = null;
      // A bearer request is authenticated by its token alone: a cookie riding along is ignored,
      // which also makes such requests exempt from the CSRF check (a browser never adds the header).
      if (typeof request.headers.authorization === 'string') return;
      const token = request.cookies?.[SESSION_COOKIE];
      if (!token) return;
      const resolved = await auth.resolveSession(token);
      if (!resolved) return;
      if (resolved.session.state === 'active') {
        request.principal = principalOfRows(resolved.account, resolved.grants, resolved.session);
        // Administrative writes of other modules (catalogue imports, calendars) accept this caller.
        if (request.principal.roles.some((g) => g.role === 'province_admin')) {
          request.adminCaller = { kind: 'official', id: request.principal.accountId, name: request.principal.name };
        }
      } else {
        request.pendingEnrolment = { accountId: resolved.account.id, sessionId: resolved.session.id };
      }
      // The JSON API under /api is what the web apps call with the header. Other paths (the OIDC
      // provider's interaction forms) are plain HTML form posts and carry their own protection.
      if (
        !SAFE_METHODS.has(request.method) &&
        request.routeOptions.url?.startsWith('/api/') &&
        !request.routeOptions.config.ownCsrf
      ) {
        // Double submit, bound to the session: header = cookie = HMAC(session id).
        const header = request.headers[CSRF_HEADER];
        const fromCookie = request.cookies?.[CSRF_COOKIE];
        const expected = auth.csrfTokenFor(resolved.session.id);
        if (
          typeof header !== 'string' ||
          typeof fromCookie !== 'string' ||
          !safeEqual(header, expected) ||
          !safeEqual(fromCookie, expected)
        ) {
          throw identityErrors.csrf();
        }
      }
    }

    // The gate: resolves the caller, checks CSRF, then the route's declared access
    // (platform/http/http.access.ts). Runs before the body is read.
    app.addHook('onRequest', async (request) => {
      await resolve(request);
      const url = request.routeOptions.url;
      if (!url) return; // no route matched: the 404 handler answers
      const access = requestAccess(request);
      if (access === undefined) {
        // Fail closed under /api: a route that forgot to declare its access is refused to everyone.
        if (url.startsWith('/api/')) throw identityErrors.accessUndeclared();
        return;
      }
      if (access === 'public') return;
      if (request.pendingEnrolment) {
        if (request.routeOptions.config.allowDuringMfaEnrolment) return;
        throw identityErrors.mfaEnrolmentRequired();
      }
      const decision = decideAccess(access, {
        roles: request.principal ? request.principal.roles.map((r) => r.role) : null,
        adminToken: hasAdminToken(request, adminToken),
      });
      if (decision === 'unauthenticated') throw commonErrors.unauthenticated();
      if (decision === 'forbidden') throw identityErrors.forbidden();
    });

    authRoutes(app, auth, service, registration);
    accountRoutes(app, service, adminToken);
    staffRoutes(app, staffService(repo, agencies));
    app.addHook('onClose', async () => mailer.close());

    const api: IdentityApi = {
      async principalOf(request) {
        if (request.principal !== undefined && request.principal !== null) return request.principal;
        const token = request.cookies?.[SESSION_COOKIE];
        if (!token) return null;
        const resolved = await auth.resolveSession(token);
        if (resolved?.session.state !== 'active') return null;
        return principalOfRows(resolved.account, resolved.grants, resolved.session);
      },
      getAccountClaims: (accountId) => service.getAccountClaims(accountId),
      async verifyCredentials(input, meta) {
        const { account } = await auth.authenticate(input, meta);
        return { accountId: account.id };
      },
      async startSession(reply, accountId, opts) {
        const started = await auth.startSession(reply, accountId, opts);
        // The browser keeps an enrolment-only session (cookie set); a caller such as the SSO
        // login must not treat it as signed in, so it gets the same clear refusal as the API.
        if (started.pendingEnrolment) throw identityErrors.mfaEnrolmentRequired();
        return started.principal;
      },
      endSessions: (accountId, sessionIds, reason) => auth.endSessionsOf(accountId, sessionIds, reason),
      touchSession: (sessionId) => auth.touchSession(sessionId),
      linkExternalCitizen: (input) => service.linkExternalCitizen(input),
      hasRole: (principal, role, agencyCode, on) => service.hasRole(principal, role, agencyCode, on),
      actorOf: (principal: Principal) => service.actorOf(principal),
      recordPersonalDataAccess: (input, tx) =>
        service.recordPersonalDataAccess(input, tx as Transaction<any> | undefined),
    };
    demoSeeds.set(api, () => seedDemoAccounts(service, registration, agencies, ctx, (u) => repo.findByUsername(u)));
    if (ctx.config.demo) {
      // One lookup (or creation) per role and agency; the seed asks for the same pair many times.
      const found = new Map<string, Promise<Principal | null>>();
      demoOfficials.set(api, (role, agencyCode) => {
        const key = `${role}@${agencyCode}`;
        let p = found.get(key);
        if (!p) {
          p = demoOfficial(service, agencies, (u) => repo.findByUsername(u), role, agencyCode).then((o) =>
            o
              ? {
                  accountId: o.accountId,
                  kind: 'official' as const,
                  name: o.name,
                  agencyCode: o.agencyCode,
                  roles: [{ role, agencyCode: o.grantOn }],
                  acr: null,
                  sessionId: 'seed',
                }
              : null,
          );
          // A failure is not remembered: the next call tries again.
          p.catch(() => found.delete(key));
          found.set(key, p);
        }
        return p;
      });
    }
    return api;
  },
  async seedDemo(api, ctx) {
    if (!ctx.config.demo) return;
    await demoSeeds.get(api)!();
  },
};
