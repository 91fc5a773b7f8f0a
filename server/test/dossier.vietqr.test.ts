/** VietQR (EMVCo merchant-presented QR, NAPAS profile): TLV encoding and the CRC-16/CCITT-FALSE check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16Ccitt, verifyVietQr, vietQrPayload } from '../src/modules/dossier/index.ts';

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the standard check value', () => {
    // The catalogue check value of CRC-16/CCITT-FALSE for "123456789".
    expect(crc16Ccitt('123456789')).toBe(0x29b1);
    expect(crc16Ccitt('')).toBe(0xffff);
  });
});

describe('VietQR payload', () => {
  it('encodes the fields in order with a valid CRC', () => {
    const p = vietQrPayload({
      bankBin: '970415',
      accountNumber: '113366668888',
      amountVnd: 20000,
      purpose: 'LE PHI HS H99.31117-260316-0001',
    });
    expect(p.startsWith('000201010212')).toBe(true);
    expect(p).toContain('0010A000000727');
    expect(p).toContain('0006970415');
    expect(p).toContain('0112113366668888');
    expect(p).toContain('0208QRIBFTTA');
    expect(p).toContain('5303704');
    expect(p).toContain('540520000');
    expect(p).toContain('5802VN');
    expect(p).toMatch(/6304[0-9A-F]{4}$/);
    expect(verifyVietQr(p)).toBe(true);
  });

  it('a static code (no amount) is initiation method 11; diacritics are stripped from the purpose', () => {
    const p = vietQrPayload({ bankBin: '970415', accountNumber: '1', purpose: 'Lệ phí đăng ký' });
    expect(p.startsWith('000201010211')).toBe(true);
    expect(p).toContain('Le phi dang ky');
    expect(p).not.toContain('54');
  });

  it('property: every payload verifies, and any changed character breaks the CRC', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[0-9A-Z]{1,19}$/),
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.string({ maxLength: 40 }),
        fc.nat(),
        (bin, acct, amount, purpose, pos) => {
          const p = vietQrPayload({ bankBin: bin, accountNumber: acct, amountVnd: amount, purpose });
          expect(verifyVietQr(p)).toBe(true);
          const i = pos % (p.length - 4);
          const changed = p.slice(0, i) + (p[i] === '0' ? '1' : '0') + p.slice(i + 1);
          expect(verifyVietQr(changed)).toBe(false);
        },
      ),
    );
  });

  it('refuses invalid input', () => {
    expect(() => vietQrPayload({ bankBin: '123', accountNumber: '1' })).toThrow(RangeError);
    expect(() => vietQrPayload({ bankBin: '970415', accountNumber: '1', amountVnd: 1.5 })).toThrow(RangeError);
  });
});
