/**
 * Secrets at rest: signing keys, client secrets and external-provider secrets are sealed with
 * AES-256-GCM under keys derived (HKDF-SHA256, RFC 5869) from the platform secret, one derived
 * key per purpose so a key for one use never decrypts another's data.
 *
 * The platform secret is `config.secret` (TINHSO_SECRET, required in production). Elsewhere,
 * when it is unset, a random secret is kept in `<dataDir>/secret.key` so a development server
 * keeps its keys across restarts. The identity module needs the same secret (TOTP seeds).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../../platform/secrets/index.ts';

export { deriveKey, platformSecret } from '../../platform/secrets/index.ts';

export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

/**
 * AES-256-GCM, a fresh 96-bit nonce per message; the purpose is bound as additional data too.
 * Format: `v1.<nonce>.<ciphertext>.<tag>` (base64url).
 */
export function sealer(secret: Buffer, purpose: string): Sealer {
  const key = deriveKey(secret, purpose);
  const aad = Buffer.from(purpose, 'utf8');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(aad);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), body.toString('base64url'), c.getAuthTag().toString('base64url')].join(
        '.',
      );
    },
    open(sealed) {
      const [v, iv, body, tag] = sealed.split('.');
      if (v !== 'v1' || !iv || body === undefined || !tag) throw new Error('dữ liệu niêm phong không đúng định dạng');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAAD(aad);
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
    },
  };
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
