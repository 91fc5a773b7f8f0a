/**
 * Identity assurance levels. Nghị định 69/2024/NĐ-CP defines two levels of electronic identity
 * accounts: level 1 (registered online, identity checked against the population database) and
 * level 2 (verified in person, with the chip card or face). Some procedures may only be done
 * with a level-2 account; the platform keeps the level on the session as `acr`.
 */
import { commonErrors } from '../../platform/errors/index.ts';
import { ssoErrors } from './sso.errors.ts';
import type { Principal } from './sso.identity-port.ts';

export type AcrLevel = 1 | 2;

/** The acr values this platform writes on sessions and in its own ID tokens. */
export const ACR_VALUES: Record<AcrLevel, string> = {
  1: 'urn:tinhso:loa:1',
  2: 'urn:tinhso:loa:2',
};

/** The level an acr value stands for (0 = none or unknown: a password login). */
export function acrLevel(acr: string | null | undefined): 0 | AcrLevel {
  if (!acr) return 0;
  const m = /(?:^|[:/])(?:loa[:-]?)?([12])$/.exec(acr);
  return m ? (Number(m[1]) as AcrLevel) : 0;
}

/**
 * Refuses a caller whose session is below `level`. The citizen portal answers ACR_TOO_LOW by
 * sending the citizen to `/api/v1/auth/external/<provider>/start?acr=2&returnTo=…` (step-up).
 */
export function requireAcr(principal: Principal | null, level: AcrLevel): void {
  if (!principal) throw commonErrors.unauthenticated();
  if (acrLevel(principal.acr) < level) throw ssoErrors.acrTooLow(level);
}

/** The platform acr for an external provider's acr, by the administrator's mapping. */
export function mapExternalAcr(
  acr: string | undefined,
  mapping: { acrLevel1: string[]; acrLevel2: string[] },
): AcrLevel {
  if (acr && mapping.acrLevel2.includes(acr)) return 2;
  // Unknown or missing acr values count as the lowest level, never higher.
  return 1;
}
