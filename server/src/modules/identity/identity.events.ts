/** Events the identity module publishes (subject tinhso.identity.<type>). */
export const identityEvents = {
  /** Sessions ended (logout, logout everywhere, revoke, disable, password reset/change): sso sends back-channel logout. */
  sessionsEnded: 'sessions_ended',
  accountCreated: 'account.created',
  accountDisabled: 'account.disabled',
} as const;

export interface SessionsEndedPayload {
  accountId: string;
  sessionIds: string[];
  reason: string;
}
