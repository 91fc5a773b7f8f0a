/**
 * Pure rules of the identity module: identifiers of citizens and organisations, usernames, the
 * password policy, rate limits, session timeouts and what a session must prove to change its
 * second factor. Messages are Vietnamese because they reach the person typing.
 */

/**
 * Personal identification number (số định danh cá nhân, Nghị định 137/2015, 69/2024): 12 digits;
 * the first three are the province code of birth registration. We check the shape only: the
 * province codes of birth registration predate the 2025 mergers and are not in our catalogue.
 */
export function isCitizenId(value: string): boolean {
  return /^\d{12}$/.test(value) && !/^0{12}$/.test(value);
}

/**
 * Enterprise / tax code (mã số doanh nghiệp, mã số thuế, Thông tư 105/2020/TT-BTC): 10 digits, or
 * 13 for a dependent unit, written 0123456789-001. Stored without the dash.
 */
export function normaliseTaxCode(value: string): string | null {
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(value.trim());
  if (!m || /^0{10}$/.test(m[1]!)) return null;
  return m[2] ? `${m[1]}-${m[2]}` : m[1]!;
}

/** Officials' usernames: lower-case letters, digits, dot, dash, underscore; 3–64 characters. */
export function isOfficialUsername(value: string): boolean {
  return /^[a-z0-9](?:[a-z0-9._-]{1,62})[a-z0-9]$/.test(value);
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Passwords seen most often in leaks, plus Vietnamese favourites. A short list on purpose: the
 * length rule already removes most of the top lists; these are the long ones people still pick.
 */
const COMMON_PASSWORDS = new Set(
  [
    '1234567890',
    '0123456789',
    '12345678910',
    '123456789a',
    'a123456789',
    '1234567890a',
    'qwertyuiop',
    'qwerty1234',
    '1q2w3e4r5t',
    '1qaz2wsx3edc',
    'password123',
    'password1234',
    'passw0rd123',
    'iloveyou123',
    'abc1234567',
    'abcd123456',
    '1111111111',
    '0000000000',
    '1234512345',
    '9876543210',
    'matkhau123',
    'matkhau1234',
    'matkhaumoi',
    'anhyeuem123',
    'emyeuanh123',
    'vietnam123',
    'vietnam1234',
    'hanoi12345',
    'saigon1234',
    'admin12345',
    'administrator',
    'tinhso12345',
    'doimatkhau',
    'motcua12345',
    'dichvucong',
    'dichvucong123',
  ].map((p) => p.toLowerCase()),
);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/**
 * The password policy (TCVN 11930:2017 asks for a policy; the rules follow NIST SP 800-63B:
 * length over composition rules, no known-bad passwords, nothing derived from the username).
 * Returns the Vietnamese reasons it is refused; empty = accepted.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) problems.push(`Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`);
  if (chars.length > PASSWORD_MAX_LENGTH) problems.push(`Mật khẩu dài quá ${PASSWORD_MAX_LENGTH} ký tự.`);
  const user = username.trim().toLowerCase();
  if (user.length >= 3 && password.toLowerCase().includes(user)) {
    problems.push('Mật khẩu không được chứa tên đăng nhập.');
  }
  if (isCommonPassword(password)) problems.push('Mật khẩu này quá phổ biến, dễ bị đoán; vui lòng chọn mật khẩu khác.');
  if (chars.length >= PASSWORD_MIN_LENGTH && new Set(chars).size < 4) {
    problems.push('Mật khẩu phải có ít nhất 4 ký tự khác nhau.');
  }
  return problems;
}

/**
 * Sliding-window limit: `times` are the counted events in the window, newest first. Returns how
 * long until one more is allowed (ms), or null when it is allowed now.
 */
export function retryAfterMs(times: readonly Date[], limit: number, windowMs: number, now: Date): number | null {
  if (times.length < limit) return null;
  return Math.max(1, times[limit - 1]!.getTime() + windowMs - now.getTime());
}

export type SessionEndReason = 'idle_timeout' | 'absolute_timeout';

/**
 * When and why a session ended by itself: the earlier of its absolute end and its idle end (last
 * request + idle timeout), once that moment has passed; null while it is alive.
 */
export function sessionExpiry(
  session: { lastSeenAt: Date; expiresAt: Date },
  idleMs: number,
  now: Date,
): { at: Date; reason: SessionEndReason } | null {
  const idleEnd = session.lastSeenAt.getTime() + idleMs;
  const absoluteEnd = session.expiresAt.getTime();
  const end =
    absoluteEnd <= idleEnd
      ? { at: absoluteEnd, reason: 'absolute_timeout' as const }
      : { at: idleEnd, reason: 'idle_timeout' as const };
  return now.getTime() >= end.at ? { at: new Date(end.at), reason: end.reason } : null;
}

/**
 * How long after signing in a session may enrol a first second factor without typing the
 * password again (NIST SP 800-63B §7.2: reauthentication before sensitive changes).
 */
export const REAUTH_WINDOW_MS = 10 * 60_000;

/**
 * What a session must show to change the second factor. A stolen session cookie alone must not
 * let anyone replace or remove the factor (they would keep access, or lock the holder out):
 * - an enrolled account proves the factor it has: a current TOTP code or an unused recovery code
 *   (the password alone is not enough — it is the factor the second one protects);
 * - an account without one proves the password, unless the session signed in moments ago.
 */
export function mfaChangeProof(
  account: { enrolled: boolean },
  session: { authenticatedAt: Date },
  now: Date,
): 'second_factor' | 'password' | 'none' {
  if (account.enrolled) return 'second_factor';
  return now.getTime() - session.authenticatedAt.getTime() < REAUTH_WINDOW_MS ? 'none' : 'password';
}
