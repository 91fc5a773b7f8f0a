/**
 * Temporary guard for administrative writes until accounts, roles and sessions exist (issue 4):
 * a bearer token from TINHSO_ADMIN_TOKEN. Without a configured token every such route answers 401.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../audit/index.ts';
import { commonErrors } from '../errors/index.ts';

export function adminActor(request: FastifyRequest, adminToken: string | undefined): Actor {
  const header = request.headers.authorization;
  const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!adminToken || !given) throw commonErrors.unauthenticated();
  const a = Buffer.from(given);
  const b = Buffer.from(adminToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw commonErrors.unauthenticated();
  return { kind: 'admin-token', id: 'admin-token', name: 'Quản trị (mã tạm thời)' };
}
