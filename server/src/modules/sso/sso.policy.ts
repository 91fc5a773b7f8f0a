/**
 * Who may do what in the sso module. Registering relying parties, external identity providers
 * and rotating signing keys is the province administrator's (quản trị cấp tỉnh) work. Until every
 * deployment has administrator accounts the temporary administrator token is still accepted.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/audit/index.ts';
import { commonErrors } from '../../platform/errors/index.ts';
import { adminActor } from '../../platform/http/index.ts';
import { ssoErrors } from './sso.errors.ts';
import type { IdentityApi } from './sso.identity-port.ts';

/** The actor of an SSO administration request; refuses everyone but a province administrator. */
export async function assertProvinceAdmin(
  request: FastifyRequest,
  identity: IdentityApi,
  adminToken: string | undefined,
): Promise<Actor> {
  // A bearer token is an explicit claim to the temporary administrator role: check only that.
  if (typeof request.headers.authorization === 'string') return adminActor(request, adminToken);
  const principal = await identity.principalOf(request);
  if (!principal) throw commonErrors.unauthenticated();
  if (!(await identity.hasRole(principal, 'province_admin'))) throw ssoErrors.forbidden();
  return identity.actorOf(principal);
}
