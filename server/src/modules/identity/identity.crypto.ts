/**
 * Secrets of the identity module: the platform secret (or a generated one outside production),
 * keys derived from it, sealing of stored secrets (TOTP seeds) with AES-256-GCM, random tokens
 * and their hashes. Tokens are stored only as SHA-256 hashes: they are 256-bit random, so a slow
 * hash adds nothing, and a copy of the database does not let anyone use them.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { Config } from '../../config.ts';
import { platformSecret } from '../../platform/secrets/index.ts';

/** The platform secret (platform/secrets) as text, the input of deriveKeys. */
export function loadSecret(config: Config): string {
  return platformSecret(config).toString('utf8');
}

export interface IdentityKeys {
  seal: Buffer;
  csrf: Buffer;
  /** Keyed hashes of identifiers kept only for counting (registration rate limits). */
  lookup: Buffer;
}

/** Separate keys per purpose (HKDF-SHA256, RFC 5869), so one key never serves two uses. */
export function deriveKeys(secret: string): IdentityKeys {
  const ikm = Buffer.from(secret, 'utf8');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', ikm, 'tinhso-identity', info, 32));
  return { seal: derive('seal/v1'), csrf: derive('csrf/v1'), lookup: derive('lookup/v1') };
}

/** AES-256-GCM; the stored form is "v1.<iv>.<tag>.<ciphertext>" in base64url. */
export function seal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
    '.',
  );
}

export function unseal(key: Buffer, sealed: string, aad: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('sealed value has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The CSRF token of a session (signed double submit, bound to the session so it cannot be planted). */
export function csrfTokenFor(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(sessionId).digest('base64url');
}

/**
 * HMAC-SHA256 of an identifier: equal inputs give equal keys, but a copy of the table does not
 * give back the 12-digit ID numbers (a plain hash of so small a space is reversed by trying all).
 */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A recovery code like "k7mq-2xrp-h9td" (60 bits; no 0/o, 1/l/i to avoid misreading). */
export function recoveryCode(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) {
    s += RECOVERY_ALPHABET[bytes[i]! % RECOVERY_ALPHABET.length];
    if (i === 3 || i === 7) s += '-';
  }
  return s;
}

export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[^a-z0-9]/g, '');
}
