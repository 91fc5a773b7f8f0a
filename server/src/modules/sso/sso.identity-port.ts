/**
 * What the sso module uses of the identity module, through its one door (index.ts). Kept as a
 * separate file so the rest of sso names one place for these types.
 */
export type {
  AccountClaims,
  AccountReclaimedPayload,
  IdentityApi,
  Principal,
  Role,
  RoleGrant,
  SessionsEndedPayload,
} from '../identity/index.ts';
