/** All SQL of the identity module (schema `identity`). */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AccountKind, Role, RoleGrant } from './identity.types.ts';

type Db = Kysely<any> | Transaction<any>;

/** First keys of the two-key advisory locks that serialise login attempts (any fixed, distinct ints). */
const LOCK_LOGIN_IP = 0x1d_0001;
const LOCK_LOGIN_USERNAME = 0x1d_0002;

export interface AccountRow {
  id: string;
  kind: AccountKind;
  username: string;
  name: string;
  email: string | null;
  email_verified: boolean;
  phone: string | null;
  citizen_id: string | null;
  citizen_id_verified: boolean;
  tax_code: string | null;
  agency_code: string | null;
  position: string | null;
  password_hash: string | null;
  password_changed_at: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  locked_until: Date | null;
  mfa_secret: string | null;
  mfa_enrolled_at: Date | null;
  mfa_pending_secret: string | null;
  mfa_last_step: number | null;
  mfa_exempt: boolean;
  search_key: string;
  created_at: Date;
  updated_at: Date;
}

export interface GrantRow {
  id: string;
  account_id: string;
  role: Role;
  agency_code: string | null;
  granted_at: Date;
  granted_by: unknown;
}

export interface SessionRow {
  id: string;
  token_hash: string;
  account_id: string;
  state: 'active' | 'mfa_enrolment';
  acr: string | null;
  amr: string[];
  ip: string;
  user_agent: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
}

export interface RegistrationRow {
  id: string;
  token_hash: string;
  kind: 'citizen' | 'organisation';
  identifier: string;
  name: string;
  email: string;
  phone: string | null;
  password_hash: string;
  ip: string;
  created_at: Date;
  expires_at: Date;
}

export interface AccountFilter {
  q?: string;
  kind?: AccountKind;
  /** Only officials whose agency is in this list (the caller's scope); undefined = no restriction. */
  agencies?: string[];
  limit: number;
  offset: number;
}

export function identityRepository(db: Kysely<any>) {
  return {
    db,
    async findAccount(id: string, tx: Db = db): Promise<AccountRow | undefined> {
      return (await tx.selectFrom('identity.account').selectAll().where('id', '=', id).executeTakeFirst()) as
        | AccountRow
        | undefined;
    },

    async findAccountForUpdate(tx: Transaction<any>, id: string): Promise<AccountRow | undefined> {
      return (await tx
        .selectFrom('identity.account')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()) as AccountRow | undefined;
    },

    async findByUsername(username: string, tx: Db = db): Promise<AccountRow | undefined> {
      return (await tx
        .selectFrom('identity.account')
        .selectAll()
        .where(sql<boolean>`lower(username) = ${username.toLowerCase()}`)
        .executeTakeFirst()) as AccountRow | undefined;
    },

    async findByCitizenId(citizenId: string, tx: Db = db): Promise<AccountRow | undefined> {
      return (await tx
        .selectFrom('identity.account')
        .selectAll()
        .where('citizen_id', '=', citizenId)
        .executeTakeFirst()) as AccountRow | undefined;
    },

    async findByTaxCode(taxCode: string, tx: Db = db): Promise<AccountRow | undefined> {
      return (await tx.selectFrom('identity.account').selectAll().where('tax_code', '=', taxCode).executeTakeFirst()) as
        | AccountRow
        | undefined;
    },

    async insertAccount(tx: Db, row: AccountRow): Promise<void> {
      await tx.insertInto('identity.account').values(row).execute();
    },

    async updateAccount(tx: Db, id: string, values: Partial<AccountRow>): Promise<void> {
      await tx.updateTable('identity.account').set(values).where('id', '=', id).execute();
    },

    async listAccounts(f: AccountFilter): Promise<{ items: AccountRow[]; total: number }> {
      let base = db.selectFrom('identity.account');
      if (f.kind) base = base.where('kind', '=', f.kind);
      if (f.agencies) {
        if (f.agencies.length === 0) return { items: [], total: 0 };
        base = base.where('agency_code', 'in', f.agencies);
      }
      if (f.q) {
        const key = f.q;
        base = base.where(sql<boolean>`(search_key like ${`%${key}%`} or ${key} <% search_key)`);
      }
      const [items, count] = await Promise.all([
        base.selectAll().orderBy('name').orderBy('id').limit(f.limit).offset(f.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items as AccountRow[], total: Number(count.n) };
    },

    /**
     * Enabled officials holding one of these roles on one of these agencies, with those grants
     * (one round trip; the staff lookup of identity.staff.ts). Ordered by name.
     */
    async listStaff(
      agencies: readonly string[],
      roles: readonly string[],
    ): Promise<
      {
        id: string;
        name: string;
        position: string | null;
        agency_code: string;
        grants: { role: string; agencyCode: string }[];
      }[]
    > {
      if (agencies.length === 0 || roles.length === 0) return [];
      const r = await sql<{
        id: string;
        name: string;
        position: string | null;
        agency_code: string;
        role: string;
        grant_agency: string;
      }>`
        select a.id::text as id, a.name, a.position, a.agency_code, g.role, g.agency_code as grant_agency
        from identity.account a
        join identity.role_grant g on g.account_id = a.id
        where a.kind = 'official' and a.disabled_at is null
          and g.agency_code in (${sql.join(agencies.map((c) => sql`${c}`))})
          and g.role in (${sql.join(roles.map((c) => sql`${c}`))})
        order by a.name, a.id, g.role, g.agency_code`.execute(db);
      const out = new Map<
        string,
        {
          id: string;
          name: string;
          position: string | null;
          agency_code: string;
          grants: { role: string; agencyCode: string }[];
        }
      >();
      for (const row of r.rows) {
        const entry = out.get(row.id) ?? {
          id: row.id,
          name: row.name,
          position: row.position,
          agency_code: row.agency_code,
          grants: [],
        };
        out.set(row.id, entry);
        entry.grants.push({ role: row.role, agencyCode: row.grant_agency });
      }
      return [...out.values()];
    },

    async grantsOf(accountId: string, tx: Db = db): Promise<GrantRow[]> {
      return (await tx
        .selectFrom('identity.role_grant')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('granted_at')
        .orderBy('id')
        .execute()) as GrantRow[];
    },

    async findGrant(tx: Db, accountId: string, role: Role, agencyCode: string | null): Promise<GrantRow | undefined> {
      return (await tx
        .selectFrom('identity.role_grant')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('role', '=', role)
        .where(sql<boolean>`coalesce(agency_code, '') = ${agencyCode ?? ''}`)
        .executeTakeFirst()) as GrantRow | undefined;
    },

    async insertGrant(tx: Db, row: GrantRow): Promise<void> {
      await tx
        .insertInto('identity.role_grant')
        .values({ ...row, granted_by: JSON.stringify(row.granted_by) })
        .execute();
    },

    async deleteGrant(tx: Db, id: string): Promise<void> {
      await tx.deleteFrom('identity.role_grant').where('id', '=', id).execute();
    },

    // ---- sessions

    async insertSession(tx: Db, row: SessionRow): Promise<void> {
      await tx
        .insertInto('identity.session')
        .values({ ...row, amr: JSON.stringify(row.amr) })
        .execute();
    },

    async sessionByTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
      return (await db
        .selectFrom('identity.session')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()) as SessionRow | undefined;
    },

    async touchSession(id: string, at: Date): Promise<void> {
      await db.updateTable('identity.session').set({ last_seen_at: at }).where('id', '=', id).execute();
    },

    async openSessions(accountId: string, tx: Db = db): Promise<SessionRow[]> {
      return (await tx
        .selectFrom('identity.session')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('ended_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute()) as SessionRow[];
    },

    /** Ends open sessions (all, or the given ids) of an account; returns the ids ended. */
    async endSessions(tx: Db, accountId: string, at: Date, reason: string, ids?: string[]): Promise<string[]> {
      if (ids && ids.length === 0) return [];
      let q = tx
        .updateTable('identity.session')
        .set({ ended_at: at, end_reason: reason })
        .where('account_id', '=', accountId)
        .where('ended_at', 'is', null);
      if (ids) q = q.where('id', 'in', ids);
      const rows = await q.returning('id').execute();
      return rows.map((r) => r.id as string);
    },

    /**
     * Ends up to `limit` open sessions past a timeout, each at the moment it expired (the earlier
     * of its absolute end and last request + idle), and returns them. SKIP LOCKED: two nodes
     * sweeping at once take different rows; a row a request is ending right now is left to it.
     */
    async endExpiredSessions(
      tx: Db,
      now: Date,
      idleMs: number,
      limit: number,
    ): Promise<{ id: string; account_id: string; ended_at: Date; end_reason: string }[]> {
      const idleBefore = new Date(now.getTime() - idleMs);
      const idle = sql`(last_seen_at + make_interval(secs => ${idleMs / 1000}))`;
      const r = await sql<{ id: string; account_id: string; ended_at: Date; end_reason: string }>`
        update identity.session
        set ended_at = least(expires_at, ${idle}),
            end_reason = case when expires_at <= ${idle} then 'absolute_timeout' else 'idle_timeout' end
        where id in (
          select id from identity.session
          where ended_at is null and (expires_at <= ${now} or last_seen_at <= ${idleBefore})
          order by id limit ${limit}
          for update skip locked)
        returning id, account_id, ended_at, end_reason`.execute(tx);
      return r.rows.map((x) => ({ ...x, ended_at: new Date(x.ended_at) }));
    },

    /** Whether the sweep has anything left to watch: open sessions, pending registrations, rate-limit rows. */
    async hasSweepWork(tx: Db): Promise<boolean> {
      const r = await sql`
        select exists (select 1 from identity.session where ended_at is null)
            or exists (select 1 from identity.registration)
            or exists (select 1 from identity.registration_attempt) as any`.execute(tx);
      return Boolean((r.rows[0] as { any: boolean }).any);
    },

    async sessionById(id: string, tx: Db = db): Promise<SessionRow | undefined> {
      return (await tx.selectFrom('identity.session').selectAll().where('id', '=', id).executeTakeFirst()) as
        | SessionRow
        | undefined;
    },

    async promoteSession(tx: Db, id: string, amr: string[]): Promise<void> {
      await tx
        .updateTable('identity.session')
        .set({ state: 'active', amr: JSON.stringify(amr) })
        .where('id', '=', id)
        .execute();
    },

    // ---- login attempts (rate limits and lockout, counted in the database)

    /** Inserts an attempt; returns its id. */
    async recordAttempt(
      tx: Db,
      a: { at: Date; username: string; ip: string; outcome: string; accountId: string | null },
    ): Promise<number> {
      const r = await tx
        .insertInto('identity.login_attempt')
        .values({ at: a.at, username: a.username, ip: a.ip, outcome: a.outcome, account_id: a.accountId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },

    /** Sets the outcome of an attempt recorded before its password was checked. */
    async settleAttempt(tx: Db, id: number, outcome: string, accountId: string | null): Promise<void> {
      await tx
        .updateTable('identity.login_attempt')
        .set({ outcome, account_id: accountId })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Takes the transaction-scoped advisory locks of one client address and one username (held
     * until commit), always the address first so two logins never wait on each other in a cycle.
     * Two-key advisory locks do not share the key space of the one-key locks the migrator takes.
     */
    async lockLoginAttempts(tx: Transaction<any>, ip: string, username: string): Promise<void> {
      await sql`select pg_advisory_xact_lock(${LOCK_LOGIN_IP}::int4, hashtext(${ip}))`.execute(tx);
      await sql`select pg_advisory_xact_lock(${LOCK_LOGIN_USERNAME}::int4, hashtext(${username}))`.execute(tx);
    },

    /** Failures for a username since `since` that came after its last success. */
    async recentUsernameFailures(username: string, since: Date, tx: Db = db): Promise<Date[]> {
      const r = await sql<{ at: Date }>`
        select at from identity.login_attempt
        where username = ${username} and at > ${since} and outcome = 'failure'
          and at > coalesce((select max(at) from identity.login_attempt
                             where username = ${username} and outcome in ('success', 'unlock')), '-infinity'::timestamptz)
        order by at desc`.execute(tx);
      return r.rows.map((x) => new Date(x.at));
    },

    /** Attempts with this outcome since `since` by one username or one client address, newest first. */
    async recentAttempts(by: 'username' | 'ip', value: string, outcome: string, since: Date): Promise<Date[]> {
      const rows = await db
        .selectFrom('identity.login_attempt')
        .select('at')
        .where(by, '=', value)
        .where('outcome', '=', outcome)
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .execute();
      return rows.map((x) => new Date(x.at as Date));
    },

    async recentIpFailures(ip: string, since: Date, tx: Db = db): Promise<Date[]> {
      const r = await sql<{ at: Date }>`
        select at from identity.login_attempt where ip = ${ip} and at > ${since} and outcome = 'failure'
        order by at desc`.execute(tx);
      return r.rows.map((x) => new Date(x.at));
    },

    /** Deletes up to `limit` login attempts made before `before`. Returns how many. */
    async purgeLoginAttempts(tx: Db, before: Date, limit: number): Promise<number> {
      const r = await sql`
        delete from identity.login_attempt
        where id in (select id from identity.login_attempt where at < ${before} limit ${limit})`.execute(tx);
      return Number(r.numAffectedRows ?? 0);
    },

    // ---- self-registration

    async insertRegistration(tx: Db, row: RegistrationRow): Promise<void> {
      await tx.insertInto('identity.registration').values(row).execute();
    },

    async registrationByTokenHashForUpdate(
      tx: Transaction<any>,
      tokenHash: string,
    ): Promise<RegistrationRow | undefined> {
      return (await tx
        .selectFrom('identity.registration')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .forUpdate()
        .executeTakeFirst()) as RegistrationRow | undefined;
    },

    /** Every pending registration of an identifier (the one used and any rival claims). */
    async deleteRegistrationsOf(tx: Db, identifier: string): Promise<number> {
      const r = await tx.deleteFrom('identity.registration').where('identifier', '=', identifier).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async deleteRegistration(tx: Db, id: string): Promise<void> {
      await tx.deleteFrom('identity.registration').where('id', '=', id).execute();
    },

    async insertRegistrationAttempt(
      tx: Db,
      a: { at: Date; ip: string; identifierKey: string; emailKey: string },
    ): Promise<void> {
      await tx
        .insertInto('identity.registration_attempt')
        .values({ at: a.at, ip: a.ip, identifier_key: a.identifierKey, email_key: a.emailKey })
        .execute();
    },

    /** Registration requests since `since` by one address, identifier or e-mail, newest first. */
    async recentRegistrationAttempts(
      by: 'ip' | 'identifier_key' | 'email_key',
      value: string,
      since: Date,
    ): Promise<Date[]> {
      const rows = await db
        .selectFrom('identity.registration_attempt')
        .select('at')
        .where(by, '=', value)
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .execute();
      return rows.map((x) => new Date(x.at as Date));
    },

    /** Deletes expired pending registrations and registration attempts older than `attemptsBefore`. */
    async purgeRegistrations(
      tx: Db,
      now: Date,
      attemptsBefore: Date,
    ): Promise<{ registrations: number; attempts: number }> {
      const a = await tx.deleteFrom('identity.registration').where('expires_at', '<=', now).executeTakeFirst();
      const b = await tx
        .deleteFrom('identity.registration_attempt')
        .where('at', '<', attemptsBefore)
        .executeTakeFirst();
      return { registrations: Number(a.numDeletedRows), attempts: Number(b.numDeletedRows) };
    },

    // ---- password reset

    async insertReset(
      tx: Db,
      row: { id: string; token_hash: string; account_id: string; created_at: Date; expires_at: Date },
    ): Promise<void> {
      await tx.insertInto('identity.password_reset').values(row).execute();
    },

    async resetByTokenHashForUpdate(
      tx: Transaction<any>,
      tokenHash: string,
    ): Promise<{ id: string; account_id: string; expires_at: Date; used_at: Date | null } | undefined> {
      return (await tx
        .selectFrom('identity.password_reset')
        .select(['id', 'account_id', 'expires_at', 'used_at'])
        .where('token_hash', '=', tokenHash)
        .forUpdate()
        .executeTakeFirst()) as any;
    },

    async useResets(tx: Db, accountId: string, at: Date): Promise<void> {
      await tx
        .updateTable('identity.password_reset')
        .set({ used_at: at })
        .where('account_id', '=', accountId)
        .where('used_at', 'is', null)
        .execute();
    },

    /** Records a TOTP step as used if it is later than the last one; false when it is not (a replay, or a race lost). */
    async advanceMfaStep(tx: Db, accountId: string, step: number): Promise<boolean> {
      const r = await tx
        .updateTable('identity.account')
        .set({ mfa_last_step: step })
        .where('id', '=', accountId)
        .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    // ---- recovery codes

    async replaceRecoveryCodes(tx: Db, accountId: string, rows: { id: string; code_hash: string }[]): Promise<void> {
      await tx.deleteFrom('identity.recovery_code').where('account_id', '=', accountId).execute();
      if (rows.length > 0) {
        await tx
          .insertInto('identity.recovery_code')
          .values(rows.map((r) => ({ ...r, account_id: accountId, used_at: null })))
          .execute();
      }
    },

    /** Marks the code used if it exists unused; true when it did (single use even under races). */
    async useRecoveryCode(tx: Db, accountId: string, codeHash: string, at: Date): Promise<boolean> {
      const r = await tx
        .updateTable('identity.recovery_code')
        .set({ used_at: at })
        .where('account_id', '=', accountId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .returning('id')
        .execute();
      return r.length > 0;
    },

    async unusedRecoveryCodes(accountId: string): Promise<number> {
      const r = await db
        .selectFrom('identity.recovery_code')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    // ---- external identities

    async externalLink(
      tx: Db,
      providerId: string,
      subject: string,
    ): Promise<{ account_id: string; citizen_id: string } | undefined> {
      return (await tx
        .selectFrom('identity.external_link')
        .select(['account_id', 'citizen_id'])
        .where('provider_id', '=', providerId)
        .where('subject', '=', subject)
        .executeTakeFirst()) as any;
    },

    async upsertExternalLink(
      tx: Db,
      row: {
        provider_id: string;
        subject: string;
        account_id: string;
        citizen_id: string;
        acr: string | null;
        at: Date;
      },
    ): Promise<void> {
      await sql`
        insert into identity.external_link (provider_id, subject, account_id, citizen_id, acr, linked_at, last_login_at)
        values (${row.provider_id}, ${row.subject}, ${row.account_id}, ${row.citizen_id}, ${row.acr}, ${row.at}, ${row.at})
        on conflict (provider_id, subject) do update set acr = excluded.acr, last_login_at = excluded.last_login_at`.execute(
        tx,
      );
    },

    // ---- personal data access log

    async insertDataAccess(
      tx: Db,
      row: { id: string; at: Date; official_id: string; subject_account_id: string; record: string; purpose: string },
    ): Promise<void> {
      await tx.insertInto('identity.personal_data_access').values(row).execute();
    },

    async dataAccessOf(
      subjectAccountId: string,
      limit: number,
      offset: number,
    ): Promise<{
      items: {
        id: string;
        at: Date;
        official_id: string;
        official_name: string | null;
        agency_code: string | null;
        record: string;
        purpose: string;
      }[];
      total: number;
    }> {
      const items = await sql<any>`
        select p.id, p.at, p.official_id, a.name as official_name, a.agency_code, p.record, p.purpose
        from identity.personal_data_access p left join identity.account a on a.id = p.official_id
        where p.subject_account_id = ${subjectAccountId}
        order by p.at desc, p.id desc limit ${limit} offset ${offset}`.execute(db);
      const count = await sql<{ n: number }>`
        select count(*)::int8 as n from identity.personal_data_access where subject_account_id = ${subjectAccountId}`.execute(
        db,
      );
      return { items: items.rows, total: Number(count.rows[0]!.n) };
    },
  };
}

export type IdentityRepository = ReturnType<typeof identityRepository>;

export function grantOf(r: Pick<GrantRow, 'role' | 'agency_code'>): RoleGrant {
  return { role: r.role, agencyCode: r.agency_code };
}
