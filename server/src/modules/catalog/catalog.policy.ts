/**
 * Who may do what in the catalog. Until roles exist (issue 4) only the temporary administrator
 * token may change catalogue data; reading is public (catalogues are published information).
 */
import type { Actor } from '../../platform/audit/index.ts';
import { commonErrors } from '../../platform/errors/index.ts';

export function assertCanManageCatalog(actor: Actor): void {
  if (actor.kind !== 'admin-token' && actor.kind !== 'system') throw commonErrors.unauthenticated();
}
