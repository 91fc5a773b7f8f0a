/**
 * The route access convention. Every route under /api declares who may call it in its config:
 *
 *   app.get('/api/v1/…', { config: { access: 'public' }, schema: … }, handler)
 *
 *   'public'         anyone, also anonymous callers
 *   'authenticated'  any signed-in account (citizen, organisation or official)
 *   { roles: [...] } a signed-in account holding at least one of these roles (on some agency);
 *                    whether the role covers the record's agency is the module's policy (*.policy.ts)
 *   'admin'          a province administrator's session, or the temporary TINHSO_ADMIN_TOKEN bearer
 *
 * The declaration is the coarse gate, checked before the body is read; the module's policy
 * functions still decide on each record (a record the caller may not see answers 404). A route
 * under /api without a declaration is refused for everyone (fail closed), and the refusal suite
 * (server/test/access.test.ts) fails on it.
 */
import type { FastifyRequest } from 'fastify';

export type RouteAccess = 'public' | 'authenticated' | 'admin' | { roles: readonly string[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Reachable by a session that still has to enrol a second factor (the enrolment routes themselves). */
    allowDuringMfaEnrolment?: boolean;
    /**
     * The route protects itself against cross-site requests (the SSO sign-in form's token,
     * oidc-provider's xsrf field on logout): the session CSRF check, which needs a header a
     * browser form cannot send, does not apply to it.
     */
    ownCsrf?: boolean;
  }
}

/** The access a route declared, or undefined when it declared none. */
export function routeAccessOf(config: unknown): RouteAccess | undefined {
  const access = (config as { access?: unknown } | undefined)?.access;
  if (access === 'public' || access === 'authenticated' || access === 'admin') return access;
  if (
    typeof access === 'object' &&
    access !== null &&
    Array.isArray((access as { roles?: unknown }).roles) &&
    (access as { roles: unknown[] }).roles.every((r) => typeof r === 'string')
  ) {
    return access as { roles: readonly string[] };
  }
  return undefined;
}

/** The access declared by the route a request matched (undefined for unmatched requests). */
export function requestAccess(request: FastifyRequest): RouteAccess | undefined {
  return routeAccessOf(request.routeOptions.config);
}

/** What is known about the caller when the gate runs. */
export interface AccessCaller {
  /** Signed in with a full session (undefined/null = anonymous). */
  roles: readonly string[] | null;
  /** A valid TINHSO_ADMIN_TOKEN bearer was presented. */
  adminToken: boolean;
}

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden' | 'undeclared';

/**
 * The coarse gate: a pure function of the declaration and the caller. The temporary admin token
 * stands for a province administrator (it is what the province used before accounts existed).
 */
export function decideAccess(access: RouteAccess | undefined, caller: AccessCaller): AccessDecision {
  if (access === undefined) return 'undeclared';
  if (access === 'public') return 'allow';
  const roles = caller.adminToken ? [...(caller.roles ?? []), 'province_admin'] : caller.roles;
  if (roles === null) return 'unauthenticated';
  if (access === 'authenticated') return 'allow';
  if (access === 'admin') return roles.includes('province_admin') ? 'allow' : 'forbidden';
  return access.roles.some((r) => roles.includes(r)) ? 'allow' : 'forbidden';
}
