/**
 * Who may do what in the catalog. Reading is public (catalogues are published information).
 * Changing catalogue data is for province administrators: the routes obtain the actor from
 * `adminActor()` (platform/http), which yields an official only for a session holding the
 * province_admin role, or the admin-token actor for scripts; importers and the demo seed act as
 * the system.
 */
import type { Actor } from '../../platform/audit/index.ts';
import { commonErrors } from '../../platform/errors/index.ts';

export function assertCanManageCatalog(actor: Actor): void {
  if (actor.kind !== 'admin-token' && actor.kind !== 'system' && actor.kind !== 'official') {
    throw commonErrors.unauthenticated();
  }
}
