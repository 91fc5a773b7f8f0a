/**
 * Accounts and roles: creation of officials by administrators, disable/enable, role grants scoped
 * to agency subtrees, external identities linked on the verified citizen ID, and the personal-data
 * access log. Self-registration of citizens and organisations is identity.registration.ts.
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/audit/index.ts';
import { vnDate } from '../../platform/clock/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import type { ChangeContext, ModuleContext } from '../../platform/kernel/index.ts';
import { foldDiacritics } from '../../platform/text/index.ts';
import type { AgencyDirectory } from './identity.agencies.ts';
import { type AuthService, accountActor, normaliseUsername, rolesOf } from './identity.auth.ts';
import { identityErrors } from './identity.errors.ts';
import { identityEvents } from './identity.events.ts';
import {
  type AccountTarget,
  type AdminScope,
  canCreateOfficial,
  canManageAccount,
  canViewAccount,
  grantRefusal,
  isAdministrator,
  listingScope,
} from './identity.policy.ts';
import type { AccountRow, GrantRow, IdentityRepository } from './identity.repository.ts';
import { isCitizenId, isOfficialUsername } from './identity.rules.ts';
import type { AccountClaims, AccountKind, Principal, Role } from './identity.types.ts';

/** Who asks: a signed-in account, or the temporary administrator token (acts as province_admin). */
export type Caller = Principal | 'admin-token';

export interface AccountView {
  id: string;
  kind: AccountKind;
  username: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  citizenId: string | null;
  citizenIdVerified: boolean;
  taxCode: string | null;
  agencyCode: string | null;
  position: string | null;
  disabled: boolean;
  disabledReason: string | null;
  mfaEnrolled: boolean;
  createdAt: string;
  roles: { id: string | null; role: Role; agencyCode: string | null }[];
}

export interface CreateOfficialInput {
  username: string;
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  agencyCode: string;
  position?: string | undefined;
  password: string;
}

const ADMIN_TOKEN_ACTOR: Actor = { kind: 'admin-token', id: 'admin-token', name: 'Quản trị (mã tạm thời)' };

export function searchKeyOf(a: Pick<AccountRow, 'name' | 'username' | 'email' | 'position'>): string {
  return foldDiacritics(`${a.name} ${a.username} ${a.email ?? ''} ${a.position ?? ''}`)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

/** A new account row with every optional column at its default. */
export function newAccountRow(
  now: Date,
  values: Pick<AccountRow, 'kind' | 'username' | 'name'> & Partial<AccountRow>,
): AccountRow {
  const row: AccountRow = {
    id: uuidv7(),
    email: null,
    email_verified: false,
    phone: null,
    citizen_id: null,
    citizen_id_verified: false,
    tax_code: null,
    agency_code: null,
    position: null,
    password_hash: null,
    password_changed_at: null,
    disabled_at: null,
    disabled_reason: null,
    locked_until: null,
    mfa_secret: null,
    mfa_enrolled_at: null,
    mfa_pending_secret: null,
    mfa_last_step: null,
    mfa_exempt: false,
    search_key: '',
    created_at: now,
    updated_at: now,
    ...values,
  };
  row.search_key = searchKeyOf(row);
  return row;
}

/** Inserts a new account with its audit record and its account.created event (in the caller's change). */
export async function recordNewAccount(
  repo: IdentityRepository,
  c: ChangeContext,
  row: AccountRow,
  via: string,
): Promise<void> {
  await repo.insertAccount(c.tx, row);
  await c.audit({
    action: 'account.created',
    entityType: 'account',
    entityId: row.id,
    data: { kind: row.kind, username: row.username, agencyCode: row.agency_code, via },
  });
  await c.publish(identityEvents.accountCreated, { accountId: row.id, kind: row.kind, agencyCode: row.agency_code });
}

/** A person's or organisation's name as stored: NFC, single spaces; at least 2 characters. */
export function cleanName(name: string, field: string, errors: FieldError[]): string {
  const n = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (n.length < 2) errors.push({ field, message: 'Họ tên phải có ít nhất 2 ký tự.' });
  return n;
}

export function viewOf(account: AccountRow, grants: GrantRow[]): AccountView {
  const implicit = account.kind === 'citizen' ? [{ id: null, role: 'citizen' as Role, agencyCode: null }] : [];
  return {
    id: account.id,
    kind: account.kind,
    username: account.username,
    name: account.name,
    email: account.email,
    emailVerified: account.email_verified,
    phone: account.phone,
    citizenId: account.citizen_id,
    citizenIdVerified: account.citizen_id_verified,
    taxCode: account.tax_code,
    agencyCode: account.agency_code,
    position: account.position,
    disabled: account.disabled_at !== null,
    disabledReason: account.disabled_reason,
    mfaEnrolled: account.mfa_enrolled_at !== null,
    createdAt: new Date(account.created_at).toISOString(),
    roles: [...implicit, ...grants.map((g) => ({ id: g.id, role: g.role, agencyCode: g.agency_code }))],
  };
}

export function identityService(
  ctx: ModuleContext,
  repo: IdentityRepository,
  deps: { agencies: AgencyDirectory; auth: AuthService },
) {
  const { clock } = ctx;
  const today = () => vnDate(clock.now());

  const actorOf = (caller: Caller): Actor =>
    caller === 'admin-token' ? ADMIN_TOKEN_ACTOR : { kind: caller.kind, id: caller.accountId, name: caller.name };

  async function adminScope(caller: Caller, on = today()): Promise<AdminScope> {
    if (caller === 'admin-token') return { accountId: null, province: true, agencies: new Set() };
    const province = caller.roles.some((r) => r.role === 'province_admin');
    const agencies = new Set<string>();
    if (!province) {
      for (const g of caller.roles) {
        if (g.role === 'agency_admin' && g.agencyCode) {
          for (const code of await deps.agencies.subtree(g.agencyCode, on)) agencies.add(code);
        }
      }
    }
    return { accountId: caller.accountId, province, agencies };
  }

  const targetOf = (a: AccountRow): AccountTarget => ({ id: a.id, kind: a.kind, agencyCode: a.agency_code });

  /** The account if the caller may see it; otherwise the same 404 as a missing one. */
  async function visibleAccount(caller: Caller, id: string): Promise<{ account: AccountRow; scope: AdminScope }> {
    const account = await repo.findAccount(id);
    const scope = await adminScope(caller);
    if (!account || !canViewAccount(scope, targetOf(account))) throw identityErrors.accountNotFound();
    return { account, scope };
  }

  async function manageableAccount(caller: Caller, id: string): Promise<{ account: AccountRow; scope: AdminScope }> {
    const { account, scope } = await visibleAccount(caller, id);
    if (!canManageAccount(scope, targetOf(account))) throw identityErrors.forbidden();
    return { account, scope };
  }

  const accountRow = (values: Parameters<typeof newAccountRow>[1]) => newAccountRow(clock.now(), values);

  async function insertNewAccount(actor: Actor, row: AccountRow, requestId: string | undefined, via: string) {
    try {
      await ctx.change(actor, requestId, (c) => recordNewAccount(repo, c, row, via));
    } catch (err) {
      if (isUniqueViolation(err)) throw identityErrors.usernameTaken();
      throw err;
    }
  }

  return {
    actorOf,
    adminScope,

    async createOfficial(
      caller: Caller,
      input: CreateOfficialInput,
      requestId?: string,
      options: { mfaExempt?: boolean } = {},
    ): Promise<AccountView> {
      const scope = await adminScope(caller);
      if (!isAdministrator(scope)) throw identityErrors.forbidden();
      const errors: FieldError[] = [];
      const username = normaliseUsername(input.username);
      if (!isOfficialUsername(username) || /^\d+$/.test(username)) {
        errors.push({
          field: '/body/username',
          message:
            'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; không được toàn chữ số.',
        });
      }
      const name = cleanName(input.name, '/body/name', errors);
      if (errors.length > 0) throw identityErrors.invalid(errors);
      const agency = await deps.agencies.get(input.agencyCode);
      if (!agency) throw identityErrors.agencyUnknown(input.agencyCode);
      if (!canCreateOfficial(scope, agency.code)) throw identityErrors.forbidden();
      deps.auth.assertPolicy(input.password, username);
      if (await repo.findByUsername(username)) throw identityErrors.usernameTaken();
      const row = accountRow({
        kind: 'official',
        username,
        name,
        email: input.email?.trim().toLowerCase() || null,
        phone: input.phone?.trim() || null,
        agency_code: agency.code,
        position: input.position?.trim() || null,
        password_hash: await deps.auth.hashPassword(input.password),
        password_changed_at: clock.now(),
        mfa_exempt: options.mfaExempt ?? false,
      });
      await insertNewAccount(actorOf(caller), row, requestId, 'admin');
      return viewOf(row, []);
    },

    async listAccounts(
      caller: Caller,
      query: { q?: string; kind?: AccountKind; agencyCode?: string; limit?: number; offset?: number },
    ): Promise<{ items: AccountView[]; total: number; limit: number; offset: number }> {
      const limit = query.limit ?? 50;
      const offset = query.offset ?? 0;
      const scope = await adminScope(caller);
      const listing = listingScope(scope);
      if ('self' in listing) {
        const own = caller === 'admin-token' ? undefined : await repo.findAccount(caller.accountId);
        const items = own ? [viewOf(own, await repo.grantsOf(own.id))] : [];
        return { items, total: items.length, limit, offset };
      }
      let agencies = 'agencies' in listing ? listing.agencies : undefined;
      if (query.agencyCode) {
        const wanted = await deps.agencies.subtree(query.agencyCode);
        agencies = agencies ? agencies.filter((a) => wanted.includes(a)) : wanted;
      }
      const { items, total } = await repo.listAccounts({
        ...(query.q ? { q: foldDiacritics(query.q).toLowerCase().trim() } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(agencies ? { agencies } : {}),
        limit,
        offset,
      });
      const views = await Promise.all(items.map(async (a) => viewOf(a, await repo.grantsOf(a.id))));
      return { items: views, total, limit, offset };
    },

    async getAccount(caller: Caller, id: string, purpose?: string): Promise<AccountView> {
      const { account } = await visibleAccount(caller, id);
      // An official opening a citizen's or organisation's record leaves a trace the holder can read.
      if (
        caller !== 'admin-token' &&
        caller.kind === 'official' &&
        account.kind !== 'official' &&
        caller.accountId !== id
      ) {
        await repo.insertDataAccess(repo.db, {
          id: randomUUID(),
          at: clock.now(),
          official_id: caller.accountId,
          subject_account_id: id,
          record: `identity.account/${id}`,
          purpose: purpose?.trim() || 'Quản trị tài khoản',
        });
      }
      return viewOf(account, await repo.grantsOf(id));
    },

    async setDisabled(
      caller: Caller,
      id: string,
      disabled: boolean,
      reason: string | undefined,
      requestId?: string,
    ): Promise<AccountView> {
      if (caller !== 'admin-token' && caller.accountId === id) throw identityErrors.selfDisable();
      const { account } = await manageableAccount(caller, id);
      const now = clock.now();
      await ctx.change(actorOf(caller), requestId, async (c) => {
        if (disabled) {
          await repo.updateAccount(c.tx, id, {
            disabled_at: now,
            disabled_reason: reason?.trim() || null,
            updated_at: now,
          });
          await c.audit({
            action: 'account.disabled',
            entityType: 'account',
            entityId: id,
            data: { reason: reason ?? null },
          });
          await c.publish(identityEvents.accountDisabled, { accountId: id });
          await deps.auth.endSessions(c, id, 'disabled');
        } else {
          await repo.updateAccount(c.tx, id, {
            disabled_at: null,
            disabled_reason: null,
            locked_until: null,
            updated_at: now,
          });
          // Enabling also lifts a login lockout.
          await repo.recordAttempt(c.tx, {
            at: now,
            username: normaliseUsername(account.username),
            ip: 'admin',
            outcome: 'unlock',
            accountId: id,
          });
          await c.audit({ action: 'account.enabled', entityType: 'account', entityId: id });
        }
      });
      const fresh = (await repo.findAccount(id))!;
      return viewOf(fresh, await repo.grantsOf(id));
    },

    async grantRole(
      caller: Caller,
      id: string,
      role: Role,
      agencyCode: string | null,
      requestId?: string,
    ): Promise<{ id: string; role: Role; agencyCode: string | null }> {
      const { account, scope } = await visibleAccount(caller, id);
      const refusal = grantRefusal(scope, targetOf(account), role, agencyCode);
      if (refusal === 'not_visible') throw identityErrors.accountNotFound();
      if (refusal === 'forbidden') throw identityErrors.forbidden();
      if (refusal === 'invalid') {
        throw identityErrors.roleNotAllowed(
          role === 'citizen' || account.kind !== 'official'
            ? 'Chỉ gán vai trò nghiệp vụ cho tài khoản cán bộ, công chức; vai trò công dân không được gán.'
            : role === 'province_admin'
              ? 'Vai trò quản trị cấp tỉnh áp dụng cho toàn tỉnh: không chọn cơ quan.'
              : 'Vai trò này phải gắn với một cơ quan.',
        );
      }
      if (agencyCode !== null && !(await deps.agencies.get(agencyCode))) throw identityErrors.agencyUnknown(agencyCode);
      return ctx.change(actorOf(caller), requestId, async (c) => {
        const existing = await repo.findGrant(c.tx, id, role, agencyCode);
        if (existing) return { id: existing.id, role, agencyCode };
        const grant: GrantRow = {
          id: randomUUID(),
          account_id: id,
          role,
          agency_code: agencyCode,
          granted_at: clock.now(),
          granted_by: actorOf(caller),
        };
        await repo.insertGrant(c.tx, grant);
        await c.audit({ action: 'role.granted', entityType: 'account', entityId: id, data: { role, agencyCode } });
        return { id: grant.id, role, agencyCode };
      });
    },

    async revokeRole(caller: Caller, id: string, grantId: string, requestId?: string): Promise<void> {
      const { account, scope } = await visibleAccount(caller, id);
      const grant = (await repo.grantsOf(id)).find((g) => g.id === grantId);
      if (!grant) throw identityErrors.grantNotFound();
      const refusal = grantRefusal(scope, targetOf(account), grant.role, grant.agency_code);
      if (refusal === 'not_visible') throw identityErrors.accountNotFound();
      if (refusal === 'forbidden') throw identityErrors.forbidden();
      await ctx.change(actorOf(caller), requestId, async (c) => {
        await repo.deleteGrant(c.tx, grantId);
        await c.audit({
          action: 'role.revoked',
          entityType: 'account',
          entityId: id,
          data: { role: grant.role, agencyCode: grant.agency_code },
        });
      });
    },

    async getAccountClaims(accountId: string): Promise<AccountClaims | null> {
      const account = await repo.findAccount(accountId);
      if (!account) return null;
      const grants = await repo.grantsOf(accountId);
      return {
        id: account.id,
        kind: account.kind,
        username: account.username,
        name: account.name,
        email: account.email,
        emailVerified: account.email_verified,
        phone: account.phone,
        citizenId: account.citizen_id_verified ? account.citizen_id : null,
        agencyCode: account.agency_code,
        roles: rolesOf(account, grants),
        disabled: account.disabled_at !== null,
      };
    },

    async linkExternalCitizen(input: {
      providerId: string;
      subject: string;
      citizenId: string;
      name: string;
      acr: string | null;
    }): Promise<{ accountId: string }> {
      const citizenId = input.citizenId.trim();
      if (!isCitizenId(citizenId)) {
        throw identityErrors.invalid([
          { field: '/citizenId', message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.' },
        ]);
      }
      const system: Actor = { kind: 'system', id: `external:${input.providerId}` };
      const now = clock.now();
      const attemptLink = () =>
        ctx.change(system, undefined, async (c) => {
          const link = await repo.externalLink(c.tx, input.providerId, input.subject);
          if (link && link.citizen_id !== citizenId) throw identityErrors.externalSubjectMismatch();
          let account = link
            ? await repo.findAccount(link.account_id, c.tx)
            : await repo.findByCitizenId(citizenId, c.tx);
          if (account && account.kind !== 'citizen') throw identityErrors.externalSubjectMismatch();
          if (account?.disabled_at) throw identityErrors.externalAccountDisabled();
          if (!account) {
            account = accountRow({
              kind: 'citizen',
              username: citizenId,
              name: input.name.normalize('NFC').trim() || citizenId,
              citizen_id: citizenId,
              citizen_id_verified: true,
            });
            await repo.insertAccount(c.tx, account);
            await c.audit({
              action: 'account.created',
              actor: accountActor(account),
              entityType: 'account',
              entityId: account.id,
              data: { kind: 'citizen', via: `external:${input.providerId}` },
            });
            await c.publish(identityEvents.accountCreated, {
              accountId: account.id,
              kind: 'citizen',
              agencyCode: null,
            });
          } else if (!account.citizen_id_verified) {
            // A self-registered account only claimed this number; the external provider proved it
            // (Nghị định 69/2024/NĐ-CP). Whoever registered it may not have been its holder, and
            // nothing they set up was proven by the holder: every way back in they could still use
            // ends here, in this transaction — password, pending reset links, the e-mail address
            // and phone (their mailbox would receive the next reset link), the second factor and
            // its recovery codes, sessions. The verified holder sets a new password from a fresh
            // external login if they wish (identity.auth.ts FIRST_PASSWORD_REAUTH_MS).
            const proven = input.name.normalize('NFC').trim() || account.name;
            const cleared = {
              password: account.password_hash !== null,
              email: account.email !== null,
              phone: account.phone !== null,
              mfa: account.mfa_secret !== null || account.mfa_pending_secret !== null,
            };
            await repo.updateAccount(c.tx, account.id, {
              citizen_id_verified: true,
              name: proven,
              password_hash: null,
              password_changed_at: null,
              email: null,
              email_verified: false,
              phone: null,
              mfa_secret: null,
              mfa_pending_secret: null,
              mfa_enrolled_at: null,
              mfa_last_step: null,
              locked_until: null,
              search_key: searchKeyOf({ ...account, name: proven, email: null }),
              updated_at: now,
            });
            await repo.useResets(c.tx, account.id, now);
            await repo.replaceRecoveryCodes(c.tx, account.id, []);
            await c.audit({
              action: 'account.citizen_id_verified',
              entityType: 'account',
              entityId: account.id,
              data: {
                via: `external:${input.providerId}`,
                passwordCleared: cleared.password,
                emailCleared: cleared.email,
                phoneCleared: cleared.phone,
                mfaCleared: cleared.mfa,
              },
            });
            await deps.auth.endSessions(c, account.id, 'identity_verified');
            // The relying parties' grants of the former claimant (sso) end with them.
            await c.publish(identityEvents.accountReclaimed, { accountId: account.id });
          }
          await repo.upsertExternalLink(c.tx, {
            provider_id: input.providerId,
            subject: input.subject,
            account_id: account.id,
            citizen_id: citizenId,
            acr: input.acr,
            at: now,
          });
          if (!link) {
            await c.audit({
              action: 'external_identity.linked',
              entityType: 'account',
              entityId: account.id,
              data: { providerId: input.providerId, subject: input.subject, acr: input.acr },
            });
          }
          return { accountId: account.id };
        });
      try {
        return await attemptLink();
      } catch (err) {
        // Two first logins of the same person at once: the loser finds the winner's account.
        if (isUniqueViolation(err)) return attemptLink();
        throw err;
      }
    },

    async hasRole(principal: Principal, role: Role, agencyCode?: string, on?: string): Promise<boolean> {
      const grants = principal.roles.filter((g) => g.role === role);
      if (grants.length === 0) return false;
      if (agencyCode === undefined) return true;
      const date = on ?? today();
      for (const g of grants) {
        if (g.agencyCode === null) return true;
        // The grant covers its agency and every descendant that exists on that date.
        if ((await deps.agencies.subtree(g.agencyCode, date)).includes(agencyCode)) return true;
      }
      return false;
    },

    async recordPersonalDataAccess(
      input: { officialId: string; subjectAccountId: string; record: string; purpose: string },
      tx?: unknown,
    ): Promise<void> {
      if (!input.purpose.trim())
        throw identityErrors.invalid([{ field: '/purpose', message: 'Phải nêu mục đích truy cập.' }]);
      await repo.insertDataAccess((tx as typeof repo.db | undefined) ?? repo.db, {
        id: randomUUID(),
        at: clock.now(),
        official_id: input.officialId,
        subject_account_id: input.subjectAccountId,
        record: input.record,
        purpose: input.purpose.trim(),
      });
    },

    async dataAccessOf(principal: Principal, limit = 50, offset = 0) {
      const { items, total } = await repo.dataAccessOf(principal.accountId, limit, offset);
      return {
        items: items.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          officialName: r.official_name ?? 'Không rõ',
          agencyCode: r.agency_code,
          record: r.record,
          purpose: r.purpose,
        })),
        total,
        limit,
        offset,
      };
    },

    async meOf(accountId: string, session: { id: string; acr: string | null }, pendingEnrolment: boolean) {
      const account = await repo.findAccount(accountId);
      if (!account) throw identityErrors.accountNotFound();
      const grants = await repo.grantsOf(accountId);
      return {
        id: account.id,
        kind: account.kind,
        name: account.name,
        username: account.username,
        ...(account.agency_code ? { agencyCode: account.agency_code } : {}),
        roles: rolesOf(account, grants),
        ...(session.acr ? { acr: session.acr } : {}),
        mfaEnrolled: account.mfa_enrolled_at !== null,
        mfaEnrolmentRequired: pendingEnrolment,
        sessionId: session.id,
      };
    },
  };
}

export type IdentityService = ReturnType<typeof identityService>;
