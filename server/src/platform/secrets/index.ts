/**
 * The platform secret and keys derived from it. `TINHSO_SECRET` (config.secret) is required in
 * production; elsewhere, when unset, a random secret is created once in `<dataDir>/secret.key`
 * (mode 0600) so a development server keeps its sessions, sealed seeds and signing keys across
 * restarts. Every module derives its own keys from it (HKDF-SHA256, RFC 5869), one per purpose, so
 * a key made for one use never serves another.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';

const SALT = 'tinhso/v1';

/** The platform secret: config.secret, or (outside production) the local secret.key, created once. */
export function platformSecret(config: Pick<Config, 'secret' | 'env' | 'dataDir'>): Buffer {
  if (config.secret !== undefined) return Buffer.from(config.secret, 'utf8');
  if (config.env === 'production') throw new Error('TINHSO_SECRET bắt buộc khi TINHSO_ENV=production');
  const file = path.join(config.dataDir, 'secret.key');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return Buffer.from(existing, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': two processes starting together must not each write their own secret.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/** A 32-byte key for one purpose (e.g. "sso:signing-key", "dossier:payment-gateway"). */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, purpose, 32));
}
