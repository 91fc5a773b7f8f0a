/**
 * Properties of the pure rules: the password policy, citizen IDs and tax codes, sealing of stored
 * secrets, recovery-code normalisation, the route access gate and the administration policy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Internal pure helpers of the module, tested directly (not part of its public door).
import {
  deriveKeys,
  normaliseRecoveryCode,
  recoveryCode,
  seal,
  unseal,
} from '../src/modules/identity/identity.crypto.ts';
import { type AdminScope, canViewAccount, grantRefusal } from '../src/modules/identity/identity.policy.ts';
import { isCitizenId, normaliseTaxCode, passwordProblems } from '../src/modules/identity/index.ts';
import { decideAccess, type RouteAccess } from '../src/platform/http/index.ts';

const ROLES = [
  'citizen',
  'one_stop_officer',
  'specialist',
  'leader',
  'clerk',
  'agency_admin',
  'province_admin',
] as const;

describe('password policy', () => {
  const username = fc.stringMatching(/^[a-z][a-z0-9.]{2,15}$/);

  it('accepts every long, varied, uncommon password that does not contain the username', () => {
    fc.assert(
      fc.property(username, fc.string({ minLength: 10, maxLength: 60, unit: 'grapheme' }), (user, pw) => {
        fc.pre(new Set([...pw]).size >= 4 && !pw.toLowerCase().includes(user));
        expect(passwordProblems(pw, user)).toEqual([]);
      }),
    );
  });

  it('refuses every password shorter than 10 characters, saying so in Vietnamese', () => {
    fc.assert(
      fc.property(username, fc.string({ maxLength: 9 }), (user, pw) => {
        fc.pre([...pw].length < 10);
        expect(passwordProblems(pw, user)).toContain('Mật khẩu phải có ít nhất 10 ký tự.');
      }),
    );
  });

  it('refuses every password containing the username, in any case', () => {
    fc.assert(
      fc.property(username, fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (user, a, b) => {
        const pw = `${a}${user.toUpperCase()}${b}`;
        expect(passwordProblems(pw, user)).toContain('Mật khẩu không được chứa tên đăng nhập.');
      }),
    );
  });

  it('refuses common passwords whatever their case', () => {
    for (const pw of ['matkhau123', 'MatKhau123', 'QWERTYUIOP', '1234567890']) {
      expect(passwordProblems(pw, 'someone').join(' ')).toMatch(/quá phổ biến/);
    }
    expect(passwordProblems('aaaaaaaaaaaa', 'someone')).toContain('Mật khẩu phải có ít nhất 4 ký tự khác nhau.');
  });
});

describe('identifiers', () => {
  it('a citizen ID is exactly 12 digits, not all zeros', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (id) => {
        expect(isCitizenId(id)).toBe(id !== '000000000000');
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        fc.pre(!/^\d{12}$/.test(s));
        expect(isCitizenId(s)).toBe(false);
      }),
    );
  });

  it('a tax code is 10 digits, or 13 written with or without the dash; stored as 0123456789-001', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), fc.stringMatching(/^\d{3}$/), fc.boolean(), (ten, three, dash) => {
        fc.pre(ten !== '0000000000');
        expect(normaliseTaxCode(ten)).toBe(ten);
        expect(normaliseTaxCode(`${ten}${dash ? '-' : ''}${three}`)).toBe(`${ten}-${three}`);
      }),
    );
    for (const bad of ['123456789', '12345678901', '0123456789-01', 'abcdefghij', '0000000000']) {
      expect(normaliseTaxCode(bad)).toBeNull();
    }
  });
});

describe('sealing stored secrets (AES-256-GCM under an HKDF key)', () => {
  const keys = deriveKeys('a-test-secret-of-at-least-32-characters!');

  it('round-trips any text, and never stores it in the clear', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.uuid(), (text, aad) => {
        const sealed = seal(keys.seal, text, aad);
        expect(unseal(keys.seal, sealed, aad)).toBe(text);
        if (text.length >= 8) expect(sealed).not.toContain(text);
      }),
    );
  });

  it('refuses a tampered value, another record’s value, or another key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }), fc.nat(), (text, at) => {
        const sealed = seal(keys.seal, text, 'account-1');
        const parts = sealed.split('.');
        const ct = Buffer.from(parts[3]!, 'base64url');
        ct[at % ct.length]! ^= 1;
        const tampered = [parts[0], parts[1], parts[2], ct.toString('base64url')].join('.');
        expect(() => unseal(keys.seal, tampered, 'account-1')).toThrow();
        expect(() => unseal(keys.seal, sealed, 'account-2')).toThrow();
        expect(() =>
          unseal(deriveKeys('another-secret-of-at-least-32-characters').seal, sealed, 'account-1'),
        ).toThrow();
      }),
    );
  });

  it('derives different keys for different purposes', () => {
    expect(keys.seal.equals(keys.csrf)).toBe(false);
  });
});

describe('recovery codes', () => {
  it('are 12 unambiguous characters and match however they are typed', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const code = recoveryCode();
        expect(code).toMatch(/^[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}$/);
        expect(normaliseRecoveryCode(` ${code.toUpperCase().replaceAll('-', ' ')} `)).toBe(normaliseRecoveryCode(code));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the route access gate', () => {
  const access: fc.Arbitrary<RouteAccess> = fc.oneof(
    fc.constantFrom<RouteAccess>('public', 'authenticated', 'admin'),
    fc.subarray([...ROLES], { minLength: 1 }).map((roles) => ({ roles })),
  );
  const roles = fc.option(fc.subarray([...ROLES]), { nil: null });

  it('public allows all; anonymous never passes anything else; undeclared is never allowed', () => {
    fc.assert(
      fc.property(access, roles, fc.boolean(), (a, r, token) => {
        const d = decideAccess(a, { roles: r, adminToken: token });
        if (a === 'public') expect(d).toBe('allow');
        else if (r === null && !token) expect(d).toBe('unauthenticated');
        expect(decideAccess(undefined, { roles: r, adminToken: token })).toBe('undeclared');
      }),
    );
  });

  it('a role route admits exactly the holders of one of its roles; admin admits province_admin or the token', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES], { minLength: 1 }), fc.subarray([...ROLES]), (required, held) => {
        const d = decideAccess({ roles: required }, { roles: held, adminToken: false });
        expect(d === 'allow').toBe(required.some((x) => held.includes(x)));
        expect(decideAccess('admin', { roles: held, adminToken: false }) === 'allow').toBe(
          held.includes('province_admin'),
        );
        expect(decideAccess('admin', { roles: null, adminToken: true })).toBe('allow');
      }),
    );
  });
});

describe('the administration policy', () => {
  const agencies = ['A', 'A.1', 'A.2', 'B', 'B.1'];
  const scopeArb: fc.Arbitrary<AdminScope> = fc.record({
    accountId: fc.constant('me'),
    province: fc.boolean(),
    agencies: fc.subarray(agencies).map((a) => new Set(a)),
  });
  const target = fc.record({
    id: fc.constantFrom('me', 'other'),
    kind: fc.constantFrom('official' as const, 'citizen' as const, 'organisation' as const),
    agencyCode: fc.constantFrom(...agencies, null),
  });

  it('only a province administrator grants province_admin; nobody grants citizen; grants stay in scope', () => {
    fc.assert(
      fc.property(
        scopeArb,
        target,
        fc.constantFrom(...ROLES),
        fc.constantFrom(...agencies, null),
        (scope, tgt, role, on) => {
          const refusal = grantRefusal(scope, tgt, role, on);
          if (refusal === null) {
            expect(role).not.toBe('citizen');
            expect(tgt.kind).toBe('official');
            if (role === 'province_admin') expect(scope.province).toBe(true);
            else expect(scope.province || (on !== null && scope.agencies.has(on))).toBe(true);
          }
          if (refusal === 'not_visible') expect(canViewAccount(scope, tgt)).toBe(false);
        },
      ),
    );
  });

  it('without administrative rights one sees only oneself', () => {
    fc.assert(
      fc.property(target, (tgt) => {
        const none: AdminScope = { accountId: 'me', province: false, agencies: new Set() };
        expect(canViewAccount(none, tgt)).toBe(tgt.id === 'me');
      }),
    );
  });
});
