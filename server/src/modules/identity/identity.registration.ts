/**
 * Self-registration of citizens (12-digit personal identification number) and organisations
 * (tax/enterprise code), in two steps, so that no answer tells whether a number already has an
 * account (OWASP Authentication Cheat Sheet, "Authentication and error messages": registration
 * must not enumerate accounts; the password reset already answers the same way in every case).
 *
 * 1. `start` checks the request (shape, password policy, rate limits) and then always answers the
 *    same: "we sent a message to finish the registration". When the number is free, a one-use
 *    link (24 hours) is mailed to the address given and nothing else exists yet; when it already
 *    has an account, nothing is created and the account's holder is told by mail instead (someone
 *    asked to register with their number; if it was them, «Quên mật khẩu»). The password is hashed
 *    in both cases and the mail leaves after the answer, so neither the answer nor its timing
 *    differs.
 * 2. `complete` turns the link's token into the account, its e-mail now proven. A link that cannot
 *    (unknown, used, expired, or the number was taken since) gets one answer for all reasons.
 *
 * What remains observable: someone who types another person's number with their own address sees
 * no mail arrive. Each such try costs a mailbox and a wait, is limited per address, per number and
 * per e-mail, and warns the holder — the trade-off OWASP describes for sign-up by e-mail.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/audit/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { AuthService, LoginMeta } from './identity.auth.ts';
import { keyedHash, randomToken, sha256 } from './identity.crypto.ts';
import { identityErrors } from './identity.errors.ts';
import { nextSweepAt, sweepJob } from './identity.jobs.ts';
import type { Mailer, MailMessage } from './identity.mail.ts';
import type { AccountRow, IdentityRepository, RegistrationRow } from './identity.repository.ts';
import { isCitizenId, normaliseTaxCode, retryAfterMs } from './identity.rules.ts';
import {
  type AccountView,
  cleanName,
  isUniqueViolation,
  newAccountRow,
  recordNewAccount,
  viewOf,
} from './identity.service.ts';

/**
 * Registration throttling, counted in the database across nodes. Per address generous enough for
 * a one-stop desk or a carrier-grade NAT helping many people; per number and per e-mail tight,
 * because each request mails someone (the registrant, or the holder of the number).
 */
export const REGISTRATION_LIMITS = {
  windowMs: 60 * 60_000,
  perIp: 20,
  perIdentifier: 3,
  perEmail: 5,
};

export const REGISTRATION_TOKEN_TTL_MS = 24 * 3_600_000;

export type RegistrantKind = 'citizen' | 'organisation';

export interface RegistrationInput {
  /** citizenId for a citizen, taxCode for an organisation. */
  identifier: string;
  name: string;
  email: string;
  phone?: string | undefined;
  password: string;
}

const IDENTIFIER_LABEL: Record<RegistrantKind, string> = {
  citizen: 'số định danh cá nhân',
  organisation: 'mã số thuế/mã số doanh nghiệp',
};

function anonymous(ip: string): Actor {
  return { kind: 'anonymous', id: ip || 'unknown' };
}

export interface RegistrationDeps {
  auth: AuthService;
  mailer: Mailer;
  lookupKey: Buffer;
}

export function registrationService(ctx: ModuleContext, repo: IdentityRepository, deps: RegistrationDeps) {
  const { clock, config } = ctx;

  /** The normalised request, or 400 with the fields that are wrong (nothing here depends on who exists). */
  function validated(kind: RegistrantKind, input: RegistrationInput) {
    const errors: FieldError[] = [];
    let identifier: string | null;
    if (kind === 'citizen') {
      identifier = input.identifier.trim();
      if (!isCitizenId(identifier)) {
        errors.push({ field: '/body/citizenId', message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.' });
      }
    } else {
      identifier = normaliseTaxCode(input.identifier);
      if (!identifier) {
        errors.push({
          field: '/body/taxCode',
          message: 'Mã số thuế/mã số doanh nghiệp phải gồm 10 chữ số, hoặc 13 chữ số dạng 0123456789-001.',
        });
      }
    }
    const name = cleanName(input.name, '/body/name', errors);
    if (errors.length > 0 || !identifier) throw identityErrors.invalid(errors);
    deps.auth.assertPolicy(input.password, identifier);
    return {
      identifier,
      name,
      email: input.email.trim().toLowerCase(),
      phone: input.phone?.trim() || null,
    };
  }

  const findHolder = (
    kind: RegistrantKind,
    identifier: string,
    tx?: Parameters<IdentityRepository['findAccount']>[1],
  ) => (kind === 'citizen' ? repo.findByCitizenId(identifier, tx) : repo.findByTaxCode(identifier, tx));

  function send(message: MailMessage, accountOrRegistration: string): void {
    // After the answer, so its timing does not tell which message (if any) went out.
    void deps.mailer
      .send(message)
      .catch((err: unknown) =>
        ctx.logger.error({ err, ref: accountOrRegistration }, 'không gửi được thư đăng ký tài khoản'),
      );
  }

  function linkMail(kind: RegistrantKind, name: string, email: string, token: string): MailMessage {
    // The token travels in the fragment: browsers do not send it to servers or in Referer headers.
    const link = `${config.publicUrl}/hoan-tat-dang-ky#token=${token}`;
    return {
      to: email,
      subject: 'Hoàn tất đăng ký tài khoản dịch vụ công',
      text: [
        `Xin chào ${name},`,
        '',
        `Địa chỉ thư này vừa được dùng để đăng ký tài khoản ${kind === 'citizen' ? 'công dân' : 'tổ chức, doanh nghiệp'} trên Cổng dịch vụ công của tỉnh. Mở liên kết sau trong 24 giờ để hoàn tất đăng ký:`,
        '',
        link,
        '',
        'Liên kết chỉ dùng được một lần. Nếu bạn không đăng ký, hãy bỏ qua thư này: không có tài khoản nào được tạo.',
      ].join('\n'),
    };
  }

  function holderNotice(kind: RegistrantKind, holder: AccountRow): MailMessage {
    const what = IDENTIFIER_LABEL[kind];
    return {
      to: holder.email!,
      subject: 'Có yêu cầu đăng ký tài khoản mới bằng thông tin của bạn',
      text: [
        `Xin chào ${holder.name},`,
        '',
        `Vừa có yêu cầu đăng ký tài khoản mới trên Cổng dịch vụ công của tỉnh bằng ${what} của tài khoản của bạn. Vì ${what} này đã có tài khoản, không có tài khoản mới nào được tạo và tài khoản của bạn không thay đổi.`,
        '',
        `Nếu chính bạn đăng ký vì quên mật khẩu, hãy đăng nhập tại ${config.publicUrl}/dang-nhap và chọn «Quên mật khẩu».`,
        'Nếu không phải bạn, bạn không cần làm gì. Nếu thư này lặp lại nhiều lần, hãy báo cho bộ phận một cửa.',
      ].join('\n'),
    };
  }

  return {
    /** Step 1: always the same outcome for a well-formed, allowed request (see the file comment). */
    async start(kind: RegistrantKind, input: RegistrationInput, meta: LoginMeta): Promise<void> {
      const r = validated(kind, input);
      const now = clock.now();
      const since = new Date(now.getTime() - REGISTRATION_LIMITS.windowMs);
      const identifierKey = keyedHash(deps.lookupKey, `${kind}:${r.identifier}`);
      const emailKey = keyedHash(deps.lookupKey, `email:${r.email}`);
      const limits = [
        ['ip', 'ip', meta.ip, REGISTRATION_LIMITS.perIp],
        ['identifier', 'identifier_key', identifierKey, REGISTRATION_LIMITS.perIdentifier],
        ['email', 'email_key', emailKey, REGISTRATION_LIMITS.perEmail],
      ] as const;
      for (const [limit, column, value, max] of limits) {
        const times = await repo.recentRegistrationAttempts(column, value, since);
        const retry = retryAfterMs(times, max, REGISTRATION_LIMITS.windowMs, now);
        if (retry === null) continue;
        // Counted whether or not the number has an account, so the refusal says nothing about it.
        await ctx.change(anonymous(meta.ip), meta.requestId, (c) =>
          c.audit({
            action: 'registration.rate_limited',
            entityType: 'registration',
            entityId: `ip:${meta.ip}`,
            data: { kind, limit, ip: meta.ip },
          }),
        );
        throw identityErrors.registrationRateLimited(retry);
      }

      // Hashed in both cases, so an existing number does not answer faster.
      const passwordHash = await deps.auth.hashPassword(input.password);
      const holder = await findHolder(kind, r.identifier);
      const token = randomToken();
      const registration: RegistrationRow = {
        id: uuidv7(),
        token_hash: sha256(token),
        kind,
        identifier: r.identifier,
        name: r.name,
        email: r.email,
        phone: r.phone,
        password_hash: passwordHash,
        ip: meta.ip,
        created_at: now,
        expires_at: new Date(now.getTime() + REGISTRATION_TOKEN_TTL_MS),
      };
      const notify = holder !== undefined && holder.email !== null && holder.disabled_at === null;
      await ctx.change(anonymous(meta.ip), meta.requestId, async (c) => {
        await repo.insertRegistrationAttempt(c.tx, { at: now, ip: meta.ip, identifierKey, emailKey });
        // The sweep deletes the request and its rate-limit row once they are stale.
        await c.schedule(sweepJob(nextSweepAt(now)));
        if (holder) {
          // The holder's history shows the attempt; nothing is created.
          await c.audit({
            action: 'registration.identifier_exists',
            entityType: 'account',
            entityId: holder.id,
            data: { kind, ip: meta.ip, holderNotified: notify },
          });
        } else {
          await repo.insertRegistration(c.tx, registration);
          await c.audit({
            action: 'registration.requested',
            entityType: 'registration',
            entityId: registration.id,
            data: { kind, ip: meta.ip },
          });
        }
      });
      if (holder) {
        if (notify) send(holderNotice(kind, holder), holder.id);
      } else {
        send(linkMail(kind, r.name, r.email, token), registration.id);
      }
    },

    /** Step 2: the link's token creates the account (e-mail proven). */
    async complete(token: string, meta: LoginMeta): Promise<AccountView> {
      const tokenHash = sha256(token);
      const now = clock.now();
      let created: AccountRow | null;
      try {
        created = await ctx.change(anonymous(meta.ip), meta.requestId, async (c) => {
          const reg = await repo.registrationByTokenHashForUpdate(c.tx, tokenHash);
          if (!reg) return null;
          if (new Date(reg.expires_at).getTime() <= now.getTime()) {
            await repo.deleteRegistration(c.tx, reg.id);
            return null;
          }
          if ((await findHolder(reg.kind, reg.identifier, c.tx)) || (await repo.findByUsername(reg.identifier, c.tx))) {
            // Taken since the request (another claim finished first, or an external login).
            await repo.deleteRegistration(c.tx, reg.id);
            await c.audit({
              action: 'registration.refused_identifier_taken',
              entityType: 'registration',
              entityId: reg.id,
              data: { kind: reg.kind, ip: meta.ip },
            });
            return null;
          }
          const row = newAccountRow(now, {
            kind: reg.kind,
            username: reg.identifier,
            name: reg.name,
            email: reg.email,
            // The link reached this mailbox.
            email_verified: true,
            phone: reg.phone,
            ...(reg.kind === 'citizen'
              ? // Self-declared: verified only by an external identity (VNeID) or at a one-stop desk.
                { citizen_id: reg.identifier, citizen_id_verified: false }
              : { tax_code: reg.identifier }),
            password_hash: reg.password_hash,
            password_changed_at: now,
          });
          await recordNewAccount(repo, c, row, 'register');
          // This claim and any rival pending claim of the same number are done.
          await repo.deleteRegistrationsOf(c.tx, reg.identifier);
          return row;
        });
      } catch (err) {
        // Two completions of the same number at once: the loser's link is simply no longer valid.
        if (isUniqueViolation(err)) throw identityErrors.registrationLinkInvalid();
        throw err;
      }
      if (!created) throw identityErrors.registrationLinkInvalid();
      return viewOf(created, []);
    },

    /**
     * Creates a self-registered account at once, without the mailed link: only the demo seed
     * (never in production) uses it, for accounts whose addresses are not real mailboxes.
     */
    async createWithoutLink(kind: RegistrantKind, input: RegistrationInput): Promise<AccountView> {
      const r = validated(kind, input);
      const now = clock.now();
      const row = newAccountRow(now, {
        kind,
        username: r.identifier,
        name: r.name,
        email: r.email,
        phone: r.phone,
        ...(kind === 'citizen' ? { citizen_id: r.identifier } : { tax_code: r.identifier }),
        password_hash: await deps.auth.hashPassword(input.password),
        password_changed_at: now,
      });
      await ctx.change({ kind: 'system', id: 'demo', name: 'Dữ liệu mẫu' }, undefined, (c) =>
        recordNewAccount(repo, c, row, 'demo'),
      );
      return viewOf(row, []);
    },
  };
}

export type RegistrationService = ReturnType<typeof registrationService>;
