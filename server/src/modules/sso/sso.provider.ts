/**
 * The province's OpenID Connect provider (oidc-provider 9): authorization code with PKCE (S256
 * only, required for every client), rotating refresh tokens, userinfo, RP-initiated and
 * back-channel logout (OpenID Connect Back-Channel Logout 1.0). Storage is the database
 * (sso.adapter.ts); signing keys come from sso.signing_key.
 *
 * oidc-provider takes its keys at construction, so a key rotation builds a new Provider
 * instance; everything else it needs lives in the database, so instances are interchangeable.
 * Each node notices a rotation made elsewhere by comparing the key set's fingerprint.
 *
 * The platform (identity) session is the single sign-on session: an OP session remembers the
 * platform session it was opened from (sso.session_binding). Ending the platform session ends
 * the OP session (sso.jobs.ts); a confirmed RP-initiated logout ends the platform session; and a
 * relying party refreshing its tokens keeps the platform session from idling out.
 */
import type { Kysely } from 'kysely';
import { Provider } from 'oidc-provider';
import type { Logger } from 'pino';
import { ACR_VALUES } from './sso.acr.ts';
import { currentDb, inBoundTransaction, kyselyAdapterFactory } from './sso.adapter.ts';
import type { Sealer } from './sso.crypto.ts';
import type { AccountClaims, IdentityApi, Principal } from './sso.identity-port.ts';
import type { KeysRepository } from './sso.keys.ts';
import { escapeHtml, layout, logoutPage, messagePage } from './sso.pages.ts';
import type { ClientRow, SsoRepository } from './sso.repository.ts';

/** Namespaced claims (OpenID Connect Core 5.1.2: collision-resistant names). */
export const CLAIM_AGENCY = 'https://tinhso.vn/agency';
export const CLAIM_ROLES = 'https://tinhso.vn/roles';

/** Every provider endpoint lives under this prefix; discovery stays at the issuer's root. */
export const OIDC_PREFIX = '/oidc';
export const interactionPath = (uid: string) => `${OIDC_PREFIX}/interaction/${uid}`;
export const END_SESSION_CONFIRM_PATH = `${OIDC_PREFIX}/session/end/confirm`;

/**
 * The platform caller (identity session of the browser) of an RP-initiated logout confirmation,
 * keyed by the raw request: sso.oidc.routes.ts resolves it before handing the request to the
 * provider, whose middleware below reads it.
 */
export const logoutCallers = new WeakMap<object, Principal>();

export interface ProviderDeps {
  issuer: string;
  db: Kysely<any>;
  identity: IdentityApi;
  keys: KeysRepository;
  repo: SsoRepository;
  clientSecrets: Sealer;
  cookieKeys: string[];
  secureCookies: boolean;
  trustProxy: boolean;
  sessionTtlSeconds: number;
  logger: Logger;
  now: () => Date;
  /**
   * Runs once before the provider is first used (creates the signing keys, plans the jobs).
   * Lazy, so that starting the app writes nothing until the SSO is used.
   */
  beforeFirstUse?: () => Promise<void>;
}

export function clientMetadata(row: ClientRow, secrets: Sealer): Record<string, unknown> {
  return {
    client_id: row.id,
    client_name: row.name,
    redirect_uris: row.redirect_uris,
    post_logout_redirect_uris: row.post_logout_redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: row.auth_method,
    ...(row.secret_sealed ? { client_secret: secrets.open(row.secret_sealed) } : {}),
    ...(row.backchannel_logout_uri
      ? { backchannel_logout_uri: row.backchannel_logout_uri, backchannel_logout_session_required: true }
      : {}),
  };
}

export function accountClaims(a: AccountClaims): Record<string, unknown> {
  return {
    sub: a.id,
    name: a.name,
    preferred_username: a.username,
    email: a.email ?? undefined,
    email_verified: a.email ? a.emailVerified : undefined,
    phone_number: a.phone ?? undefined,
    [CLAIM_AGENCY]: a.agencyCode ?? undefined,
    [CLAIM_ROLES]: a.roles.map((r) => ({ role: r.role, agency: r.agencyCode })),
  };
}

function buildProvider(deps: ProviderDeps, jwks: { keys: Record<string, unknown>[] }): Provider {
  const { identity, repo, clientSecrets } = deps;
  const Adapter = kyselyAdapterFactory(deps.db, async (db, id) => {
    const row = await repo.getClient(db, id);
    return row ? clientMetadata(row, clientSecrets) : undefined;
  });
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies };
  const route = (p: string) => `${OIDC_PREFIX}${p}`;

  const provider = new Provider(deps.issuer, {
    adapter: Adapter as any,
    clients: [],
    jwks: jwks as any,
    cookies: {
      keys: deps.cookieKeys,
      names: { session: 'tinhso_op', interaction: 'tinhso_op_interaction', resume: 'tinhso_op_resume' },
      long: cookie,
      short: cookie,
    },
    routes: {
      authorization: route('/auth'),
      backchannel_authentication: route('/backchannel'),
      code_verification: route('/device'),
      device_authorization: route('/device/auth'),
      end_session: route('/session/end'),
      introspection: route('/token/introspection'),
      jwks: route('/jwks'),
      pushed_authorization_request: route('/request'),
      registration: route('/reg'),
      revocation: route('/token/revocation'),
      token: route('/token'),
      userinfo: route('/me'),
      challenge: route('/challenge'),
      credential: route('/credential'),
    },
    responseTypes: ['code'],
    // RFC 9700 (OAuth 2.0 Security BCP) §2.1.1: PKCE for every client, S256 only.
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone', 'tinhso'],
    claims: {
      acr: null,
      amr: null,
      sid: null,
      auth_time: null,
      iss: null,
      // acr/amr/auth_time in every ID token: relying parties decide on the assurance level.
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      phone: ['phone_number'],
      tinhso: [CLAIM_AGENCY, CLAIM_ROLES],
    },
    acrValues: [ACR_VALUES[1], ACR_VALUES[2]],
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: any, form: string) {
          ctx.type = 'html';
          ctx.body = logoutPage(ctx.host, form);
        },
        async postLogoutSuccessSource(ctx: any) {
          ctx.type = 'html';
          ctx.body = messagePage('Đã đăng xuất', 'Bạn đã đăng xuất khỏi hệ thống đăng nhập một lần của tỉnh.');
        },
      },
    },
    // Refresh tokens for every client allowed the grant, without the offline_access ceremony;
    // they end with the session (expiresWithSession default), so logging out ends them too.
    issueRefreshToken: async (_ctx: any, client: any) => client.grantTypeAllowed('refresh_token'),
    // Rotation on every use (RFC 9700 §4.14.2): a replayed refresh token revokes the grant.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 30 * 60,
      Session: deps.sessionTtlSeconds,
      Grant: 30 * 24 * 3600,
      RefreshToken: (ctx: any) => {
        // A rotated token keeps the lifetime of the first one: rotation never extends a login.
        const rotated = ctx?.oidc?.entities?.RotatedRefreshToken;
        return rotated ? rotated.remainingTTL : deps.sessionTtlSeconds;
      },
      ClientCredentials: 10 * 60,
      DeviceCode: 10 * 60,
      BackchannelAuthenticationRequest: 10 * 60,
    },
    interactions: { url: async (_ctx: any, interaction: any) => interactionPath(interaction.uid) },
    // Every client here is first-party (registered by the province administrator): consent is
    // recorded on the grant without asking the user.
    async loadExistingGrant(ctx: any) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
      let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (!oidc.session.accountId) return grant;
      if (!grant)
        grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
      const scopes = [...oidc.requestParamOIDCScopes].filter((s) => s !== 'offline_access');
      grant.addOIDCScope(scopes.join(' '));
      const claims = [...oidc.requestParamClaims];
      if (claims.length > 0) grant.addOIDCClaims(claims);
      await grant.save();
      return grant;
    },
    async findAccount(_ctx: any, sub: string) {
      const a = await identity.getAccountClaims(sub);
      if (!a || a.disabled) return undefined;
      return { accountId: sub, claims: async () => accountClaims(a) };
    },
    async renderError(ctx: any, out: Record<string, string>, _error: unknown) {
      ctx.type = 'html';
      ctx.body = layout(
        'Không thực hiện được yêu cầu',
        `<h1>Không thực hiện được yêu cầu đăng nhập</h1>
<p>Yêu cầu từ ứng dụng không hợp lệ hoặc đã hết hạn. Vui lòng quay lại ứng dụng và thử lại.</p>
<dl>${Object.entries(out)
          .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd><code>${escapeHtml(v)}</code></dd>`)
          .join('')}</dl>`,
      );
    },
    // oidc-provider refuses private and loopback addresses (SSRF protection for dynamically
    // registered clients). Here only the province administrator registers back-channel logout
    // URIs, and the province's applications live on its internal network: the guard is dropped,
    // the provider's own 2.5 s timeout stays.
    fetch: (url: string | URL, options: RequestInit & { dispatcher?: unknown }) => {
      const { dispatcher: _ssrfGuard, ...rest } = options;
      return fetch(url, rest);
    },
  } as any);
  provider.proxy = deps.trustProxy;

  provider.use(async (ctx: any, next: () => Promise<void>) => {
    await next();
    const oidc = ctx.oidc;
    if (!oidc) return;
    // Remember which platform session an OP session came from (see sso.session_binding).
    const platformSessionId = oidc.result?.tinhso?.platformSessionId;
    const session = oidc.session;
    if (oidc.route === 'resume' && typeof platformSessionId === 'string' && session?.uid && session.accountId) {
      await repo.bindSession(deps.db, session.uid, platformSessionId, session.accountId, deps.now());
    }
    if (oidc.route === 'end_session_confirm' && ctx.status === 303 && oidc.params?.logout) {
      await endPlatformSessions(ctx);
    }
    if (oidc.route === 'token' && ctx.status === 200 && oidc.params?.grant_type === 'refresh_token') {
      await touchPlatformSessions(ctx);
    }
  });

  /**
   * RP-initiated logout, confirmed by the user ("Có, đăng xuất"): the provider has ended its own
   * session and told the other relying parties; the platform sessions it was opened from end too,
   * and so does this browser's platform session when it is the same person's — otherwise the
   * portal would stay signed in and the next sign-in at any application would pass silently.
   * Only after a confirmation the provider showed for a signed-in session: a logout request with
   * no provider session is posted automatically and must not end anything here (logout CSRF).
   */
  async function endPlatformSessions(ctx: any): Promise<void> {
    const session = ctx.oidc.session;
    const accountId = session?.accountId;
    if (typeof accountId !== 'string' || typeof session.uid !== 'string') return;
    const ids = new Set(await repo.platformSessionsOf(deps.db, session.uid, accountId));
    const caller = logoutCallers.get(ctx.req);
    if (caller?.accountId === accountId) ids.add(caller.sessionId);
    if (ids.size === 0) return;
    try {
      await identity.endSessions(accountId, [...ids], 'oidc_logout');
    } catch (err) {
      deps.logger.error({ err, accountId }, 'không kết thúc được phiên nền tảng khi ứng dụng yêu cầu đăng xuất');
      throw err;
    }
  }

  /**
   * A relying party refreshing its tokens shows the person is still at work: the platform session
   * the OP session came from is kept from idling out (as a request to the platform would), so the
   * idle timeout ends the single sign-on only when nobody uses any application.
   */
  async function touchPlatformSessions(ctx: any): Promise<void> {
    const token = ctx.oidc.entities?.RefreshToken;
    if (typeof token?.sessionUid !== 'string' || typeof token.accountId !== 'string') return;
    try {
      for (const id of await repo.platformSessionsOf(deps.db, token.sessionUid, token.accountId)) {
        await identity.touchSession(id);
      }
    } catch (err) {
      deps.logger.warn({ err }, 'không cập nhật được thời điểm hoạt động của phiên nền tảng');
    }
  }
  provider.on('server_error', (_ctx: unknown, err: unknown) => deps.logger.error({ err }, 'lỗi máy chủ OIDC'));
  provider.on('backchannel.error', (_ctx: unknown, err: unknown, client: any) =>
    deps.logger.warn({ err, clientId: client?.clientId }, 'gửi thông báo đăng xuất thất bại'),
  );
  return provider;
}

/** Holds the current Provider and rebuilds it when the published key set changes. */
export class ProviderHolder {
  readonly #deps: ProviderDeps;
  #provider: Provider | undefined;
  #fingerprint = '';
  #checkedAt = 0;
  #pending: Promise<Provider> | undefined;
  /** How often a node checks whether another node rotated the keys. */
  static readonly CHECK_MS = 5000;

  constructor(deps: ProviderDeps) {
    this.#deps = deps;
  }

  async get(): Promise<Provider> {
    if (this.#provider && Date.now() - this.#checkedAt < ProviderHolder.CHECK_MS) return this.#provider;
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forces a reload (after a rotation on this node). */
  async reload(): Promise<Provider> {
    this.#checkedAt = 0;
    this.#fingerprint = '';
    return this.get();
  }

  async #refresh(): Promise<Provider> {
    const { keys } = this.#deps;
    // Inside a handler's transaction a second transaction would wait for it forever (PGlite):
    // there the keys already exist, since only a used SSO queues work.
    if (!this.#provider && !inBoundTransaction()) await this.#deps.beforeFirstUse?.();
    // Inside a job or event handler the only (PGlite) connection is that handler's transaction.
    const db = currentDb(this.#deps.db);
    const now = this.#deps.now();
    const fingerprint = await keys.fingerprint(db, now);
    if (!this.#provider || fingerprint !== this.#fingerprint) {
      const rows = await keys.published(db, now);
      if (rows.length === 0) throw new Error('chưa có khóa ký OIDC');
      this.#provider = buildProvider(this.#deps, keys.toProviderJwks(rows));
      this.#fingerprint = fingerprint;
    }
    this.#checkedAt = Date.now();
    return this.#provider;
  }
}
