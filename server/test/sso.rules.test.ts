/** Pure rules of the sso module, as properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACR_VALUES, acrLevel } from '../src/modules/sso/index.ts';
import { mapExternalAcr } from '../src/modules/sso/sso.acr.ts';
import { sealer } from '../src/modules/sso/sso.crypto.ts';
import { redirectUriProblem, safeReturnTo } from '../src/modules/sso/sso.uris.ts';

const BASE = 'https://dichvucong.tinhso.vn';

describe('returnTo', () => {
  it('never yields an address on another origin, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.webPath(),
          fc.string().map((s) => `/${s}`),
        ),
        (input) => {
          const out = safeReturnTo(input, BASE);
          if (out !== null) {
            expect(out.startsWith('/')).toBe(true);
            expect(out.startsWith('//')).toBe(false);
            expect(new URL(out, BASE).origin).toBe(BASE);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses paths that normalise to a protocol-relative address (found by the property above)', () => {
    for (const bad of ['/.//', '/.//evil.example/x', '/a/..//evil.example']) expect(safeReturnTo(bad, BASE)).toBeNull();
  });

  it('keeps ordinary paths and refuses the classic open-redirect forms', () => {
    expect(safeReturnTo('/ho-so/123?tab=1#a', BASE)).toBe('/ho-so/123?tab=1#a');
    expect(safeReturnTo(undefined, BASE)).toBe('/');
    for (const bad of [
      '//evil.vn',
      '/\\evil.vn',
      'https://evil.vn',
      '/\t/evil.vn',
      'javascript:alert(1)',
      '\\\\evil',
    ]) {
      expect(safeReturnTo(bad, BASE), bad).toBeNull();
    }
  });
});

describe('redirect URIs', () => {
  it('refuses any URI with a fragment or a wildcard', () => {
    fc.assert(
      fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), (url) => {
        const problem = redirectUriProblem(url, { production: true });
        if (url.includes('#') || url.includes('*')) expect(problem).not.toBeNull();
      }),
    );
  });

  it('needs https in production except on loopback', () => {
    expect(redirectUriProblem('http://app.tinhso.vn/cb', { production: true })).not.toBeNull();
    expect(redirectUriProblem('http://app.tinhso.vn/cb', { production: false })).toBeNull();
    expect(redirectUriProblem('http://127.0.0.1:8080/cb', { production: true })).toBeNull();
    expect(redirectUriProblem('https://app.tinhso.vn/cb', { production: true })).toBeNull();
  });
});

describe('identity levels', () => {
  it('reads the platform acr values and nothing else as levels', () => {
    expect(acrLevel(ACR_VALUES[1])).toBe(1);
    expect(acrLevel(ACR_VALUES[2])).toBe(2);
    expect(acrLevel(null)).toBe(0);
    expect(acrLevel('urn:tinhso:loa:3')).toBe(0);
  });

  it('maps an external acr to level 2 only when it is listed for level 2', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.array(fc.string()), fc.array(fc.string()), (acr, l1, l2) => {
        const level = mapExternalAcr(acr ?? undefined, { acrLevel1: l1, acrLevel2: l2 });
        expect(level).toBe(acr && l2.includes(acr) ? 2 : 1);
      }),
    );
  });
});

describe('sealing', () => {
  it('opens what it sealed, and refuses a changed byte or another purpose', () => {
    const secret = Buffer.from('bi-mat-nen-tang-0123456789abcdef0123');
    const a = sealer(secret, 'sso:a');
    const b = sealer(secret, 'sso:b');
    fc.assert(
      fc.property(fc.string(), fc.nat(), (plain, at) => {
        const sealed = a.seal(plain);
        expect(a.open(sealed)).toBe(plain);
        expect(() => b.open(sealed)).toThrow();
        const parts = sealed.split('.');
        const body = Buffer.from(parts[2]!, 'base64url');
        if (body.length === 0) return;
        body[at % body.length]! ^= 1;
        parts[2] = body.toString('base64url');
        expect(() => a.open(parts.join('.'))).toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
