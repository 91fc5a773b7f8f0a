/** The identity module's public types (re-exported by index.ts; the sso module codes against them). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/audit/index.ts';

export const ROLES = [
  'citizen',
  'one_stop_officer',
  'specialist',
  'leader',
  'clerk',
  'agency_admin',
  'province_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles only officials hold (every role but citizen). */
export const OFFICIAL_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'citizen');

export const ROLE_LABELS: Record<Role, string> = {
  citizen: 'Công dân',
  one_stop_officer: 'Cán bộ tiếp nhận (một cửa)',
  specialist: 'Chuyên viên xử lý',
  leader: 'Lãnh đạo phê duyệt',
  clerk: 'Văn thư',
  agency_admin: 'Quản trị cơ quan',
  province_admin: 'Quản trị cấp tỉnh',
};

export type AccountKind = 'official' | 'citizen' | 'organisation';

export interface RoleGrant {
  role: Role;
  /** The agency whose subtree the grant covers; null = the whole province (province_admin, citizen). */
  agencyCode: string | null;
}

export interface Principal {
  accountId: string;
  kind: AccountKind;
  name: string;
  agencyCode: string | null;
  roles: RoleGrant[];
  /** Identity assurance level of the session (e.g. VNeID level), null for a password login. */
  acr: string | null;
  sessionId: string;
}

export interface AccountClaims {
  id: string;
  kind: Principal['kind'];
  username: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  citizenId: string | null;
  agencyCode: string | null;
  roles: RoleGrant[];
  disabled: boolean;
}

export interface IdentityApi {
  principalOf(request: FastifyRequest): Promise<Principal | null>;
  getAccountClaims(accountId: string): Promise<AccountClaims | null>;
  /** Throws AppError (invalid, locked, rate limited, MFA_REQUIRED, …); every attempt is audited. */
  verifyCredentials(
    input: { username: string; password: string; otp?: string },
    meta: { ip: string; userAgent: string },
  ): Promise<{ accountId: string }>;
  /**
   * Creates a session and sets its cookies. When the account's roles require TOTP and it has not
   * enrolled, the session created may only enrol, and this throws MFA_ENROLMENT_REQUIRED (403).
   */
  startSession(
    reply: FastifyReply,
    accountId: string,
    opts: { acr: string | null; amr: string[]; ip: string; userAgent: string },
  ): Promise<Principal>;
  /**
   * Ends these sessions of the account (those still open), recorded like a logout: audit and
   * identity.sessions_ended. Returns the ids it ended. The sso module calls it when a relying
   * party's logout (RP-initiated logout) ends the provider session the platform sessions opened.
   */
  endSessions(accountId: string, sessionIds: string[], reason: string): Promise<string[]>;
  /**
   * Activity on a session seen outside its cookie (a relying party refreshing tokens it got
   * through this session): keeps it from idling out. False when it has ended or expired.
   */
  touchSession(sessionId: string): Promise<boolean>;
  /**
   * Links an external identity (VNeID pattern) on the verified citizen ID only, never on e-mail;
   * creates the citizen account if none; refuses a subject already linked to another citizen ID.
   */
  linkExternalCitizen(input: {
    providerId: string;
    subject: string;
    citizenId: string;
    name: string;
    acr: string | null;
  }): Promise<{ accountId: string }>;
  hasRole(principal: Principal, role: Role, agencyCode?: string, on?: string): Promise<boolean>;
  actorOf(principal: Principal): Actor;
  recordPersonalDataAccess(
    input: { officialId: string; subjectAccountId: string; record: string; purpose: string },
    tx?: unknown,
  ): Promise<void>;
}

/** A session that signed in but must enrol TOTP before doing anything else. */
export interface PendingEnrolment {
  accountId: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller resolved from the session cookie (null = anonymous). */
    principal: Principal | null;
    /** Set instead of principal when the session may only enrol a second factor. */
    pendingEnrolment: PendingEnrolment | null;
  }
}
