/**
 * The caller of an administrative write: a province administrator's session (resolved by the
 * identity module, which sets `request.adminCaller`) or, for scripts, the bearer token from
 * TINHSO_ADMIN_TOKEN. Without either the route answers 401. Modules call this rather than
 * depending on the identity module (which itself depends on the catalogue).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../audit/index.ts';
import { commonErrors } from '../errors/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the identity module when the session's account holds the province_admin role. */
    adminCaller?: Actor | null;
  }
}

export function adminActor(request: FastifyRequest, adminToken: string | undefined): Actor {
  if (request.adminCaller) return request.adminCaller;
  const header = request.headers.authorization;
  const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!adminToken || !given) throw commonErrors.unauthenticated();
  const a = Buffer.from(given);
  const b = Buffer.from(adminToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw commonErrors.unauthenticated();
  return { kind: 'admin-token', id: 'admin-token', name: 'Quản trị (mã tạm thời)' };
}
