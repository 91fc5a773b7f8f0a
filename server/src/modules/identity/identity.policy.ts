/**
 * Who may do what with accounts and roles. Pure functions of the caller's administrative scope
 * (computed from their grants and the agency tree on the day) and the target; the service calls
 * them on every operation, so the rule holds whatever the UI shows. A record the caller may not
 * see is answered 404 by the service (ARCHITECTURE.md, "Errors").
 *
 * - province_admin: everything in the province, and the only one who grants province_admin;
 * - agency_admin: officials of agencies within its subtree(s); never grants province_admin;
 * - anyone else (citizens, organisations, officials without admin roles): only their own account.
 */
import type { AccountKind, Role } from './identity.types.ts';

export interface AdminScope {
  /** The caller's own account (null for the temporary admin token). */
  accountId: string | null;
  /** province_admin (or the temporary token): the whole province. */
  province: boolean;
  /** Agencies covered by the caller's agency_admin grants on the day. */
  agencies: ReadonlySet<string>;
}

export interface AccountTarget {
  id: string;
  kind: AccountKind;
  agencyCode: string | null;
}

export function isAdministrator(scope: AdminScope): boolean {
  return scope.province || scope.agencies.size > 0;
}

export function canViewAccount(scope: AdminScope, target: AccountTarget): boolean {
  return target.id === scope.accountId || canManageAccount(scope, target);
}

/** Disable, enable, change roles: administrators in scope (not their own account: see service). */
export function canManageAccount(scope: AdminScope, target: AccountTarget): boolean {
  if (scope.province) return true;
  return target.kind === 'official' && target.agencyCode !== null && scope.agencies.has(target.agencyCode);
}

export function canCreateOfficial(scope: AdminScope, agencyCode: string): boolean {
  return scope.province || scope.agencies.has(agencyCode);
}

/**
 * Why a grant is refused, or null when allowed. The target must be an official the caller
 * manages; the grant's agency must be in the caller's scope; province_admin only by province_admin
 * and only province-wide; citizen is never granted (it is what a citizen account is).
 */
export function grantRefusal(
  scope: AdminScope,
  target: AccountTarget,
  role: Role,
  agencyCode: string | null,
): 'not_visible' | 'forbidden' | 'invalid' | null {
  if (!canManageAccount(scope, target)) return canViewAccount(scope, target) ? 'forbidden' : 'not_visible';
  if (role === 'citizen' || target.kind !== 'official') return 'invalid';
  if (role === 'province_admin') {
    if (!scope.province) return 'forbidden';
    return agencyCode === null ? null : 'invalid';
  }
  if (agencyCode === null) return 'invalid';
  return scope.province || scope.agencies.has(agencyCode) ? null : 'forbidden';
}

/** Which accounts a listing shows: everything, officials of some agencies, or only oneself. */
export function listingScope(scope: AdminScope): { all: true } | { agencies: string[] } | { self: true } {
  if (scope.province) return { all: true };
  if (scope.agencies.size > 0) return { agencies: [...scope.agencies] };
  return { self: true };
}

/** Roles that require a second factor (configuration), applied to the roles an account holds. */
export function needsMfa(roles: readonly Role[], mfaRequiredRoles: readonly string[]): boolean {
  return roles.some((r) => mfaRequiredRoles.includes(r));
}
