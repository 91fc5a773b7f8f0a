/** Events the identity module publishes (subject tinhso.identity.<type>). */
export const identityEvents = {
  /** Sessions ended (logout, logout everywhere, revoke, disable, password reset/change): sso sends back-channel logout. */
  sessionsEnded: 'sessions_ended',
  accountCreated: 'account.created',
  accountDisabled: 'account.disabled',
  /**
   * A self-registered claim on a citizen ID was taken over by its holder, proven by an external
   * identity: everything the former claimant set up is void, including what relying parties were
   * granted through the sso module (which revokes it).
   */
  accountReclaimed: 'account.reclaimed',
} as const;

export interface SessionsEndedPayload {
  accountId: string;
  sessionIds: string[];
  reason: string;
}

export interface AccountReclaimedPayload {
  accountId: string;
}
