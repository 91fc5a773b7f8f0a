/**
 * HTTP side of the provider: oidc-provider (a Koa application) answers discovery and every
 * /oidc/* endpoint on the raw Node request (Fastify hands it over with reply.hijack() and does
 * not read the body); the sign-in pages of its interactions are ordinary Fastify routes here.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Provider } from 'oidc-provider';
import { isAppError } from '../../platform/errors/index.ts';
import { ACR_VALUES } from './sso.acr.ts';
import { constantTimeEqual } from './sso.crypto.ts';
import type { ExternalLoginService } from './sso.external.ts';
import type { IdentityApi, Principal } from './sso.identity-port.ts';
import { loginPage, messagePage } from './sso.pages.ts';
import {
  END_SESSION_CONFIRM_PATH,
  interactionPath,
  logoutCallers,
  OIDC_PREFIX,
  type ProviderHolder,
} from './sso.provider.ts';

export interface OidcRoutesDeps {
  holder: ProviderHolder;
  identity: IdentityApi;
  external: ExternalLoginService;
  issuer: string;
  csrfKey: Buffer;
}

const hidden = { hide: true } as const;
const pub = { access: 'public', ownCsrf: true } as const;
const FORM_LIMIT = 16 * 1024;

export function oidcRoutes(app: FastifyInstance, deps: OidcRoutesDeps): void {
  const { holder, identity, external, issuer } = deps;
  const callbacks = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  const issuerOrigin = new URL(issuer).origin;

  // ── the provider's own endpoints ─────────────────────────────────────────
  app.register(async (scope) => {
    // oidc-provider reads the request body itself: Fastify must leave the stream untouched.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const provider = await holder.get();
      // A confirmed logout also ends this browser's platform session (sso.provider.ts).
      if (request.method === 'POST' && request.url.split('?')[0] === END_SESSION_CONFIRM_PATH) {
        const caller = await identity.principalOf(request);
        if (caller) logoutCallers.set(request.raw, caller);
      }
      let cb = callbacks.get(provider);
      if (!cb) {
        cb = provider.callback();
        callbacks.set(provider, cb);
      }
      reply.hijack();
      await cb(request.raw, reply.raw);
    };
    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: '/.well-known/openid-configuration',
      config: pub,
      schema: hidden,
      handler: handle,
    });
    scope.route({
      method: ['GET', 'POST', 'OPTIONS', 'DELETE'],
      url: `${OIDC_PREFIX}/*`,
      config: pub,
      schema: hidden,
      handler: handle,
    });
  });

  // ── sign-in pages of the interactions ────────────────────────────────────
  const csrfOf = (uid: string) => createHmac('sha256', deps.csrfKey).update(`oidc-login:${uid}`).digest('base64url');

  const html = (reply: FastifyReply, status: number, body: string, formTargets: string[] = []) => {
    // A form's redirect chain ends at the relying party: CSP form-action must allow its origin.
    const formAction = ["'self'", ...new Set(formTargets)].join(' ');
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .header(
        'content-security-policy',
        `default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'; img-src 'self' data:; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      )
      .type('text/html; charset=utf-8')
      .send(body);
  };

  const expired = (reply: FastifyReply) =>
    html(
      reply,
      400,
      messagePage(
        'Phiên đăng nhập đã hết hạn',
        'Yêu cầu đăng nhập đã hết hạn hoặc không còn hợp lệ. Vui lòng quay lại ứng dụng và đăng nhập lại.',
      ),
    );

  async function details(request: FastifyRequest, reply: FastifyReply, uid: string) {
    const provider = await holder.get();
    try {
      const interaction = await provider.interactionDetails(request.raw, reply.raw);
      if (interaction.uid !== uid) return undefined;
      return { provider, interaction };
    } catch {
      return undefined;
    }
  }

  async function finishLogin(
    request: FastifyRequest,
    reply: FastifyReply,
    provider: Provider,
    principal: Principal,
    amr: string[],
  ) {
    const result = {
      login: {
        accountId: principal.accountId,
        ...(principal.acr ? { acr: principal.acr } : {}),
        amr,
        remember: true,
        ts: Math.floor(Date.now() / 1000),
      },
      tinhso: { platformSessionId: principal.sessionId },
    };
    const to = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
    return reply.code(303).header('cache-control', 'no-store').redirect(to, 303);
  }

  async function renderLogin(
    reply: FastifyReply,
    provider: Provider,
    interaction: Awaited<ReturnType<Provider['interactionDetails']>>,
    status: number,
    extra: { error?: string; username?: string; needOtp?: boolean } = {},
  ) {
    const uid = interaction.uid;
    const params = interaction.params as Record<string, string | undefined>;
    const client = params.client_id ? await provider.Client.find(params.client_id) : undefined;
    const wantsLevel2 = (params.acr_values ?? '').split(' ').includes(ACR_VALUES[2]);
    const back = encodeURIComponent(interactionPath(uid));
    const providers = await external.listEnabled();
    const targets: string[] = [];
    try {
      if (params.redirect_uri) targets.push(new URL(params.redirect_uri).origin);
    } catch {
      // an unparsable redirect_uri never reaches here: the provider validated it
    }
    return html(
      reply,
      status,
      loginPage({
        action: `${interactionPath(uid)}/login`,
        abortAction: `${interactionPath(uid)}/abort`,
        csrf: csrfOf(uid),
        clientName: client?.clientName ?? params.client_id ?? 'ứng dụng',
        needOtp: extra.needOtp ?? false,
        ...(extra.error ? { error: extra.error } : {}),
        ...(extra.username ? { username: extra.username } : {}),
        externalProviders: providers.map((p) => ({
          name: p.name,
          url: `/api/v1/auth/external/${p.id}/start?returnTo=${back}${wantsLevel2 ? '&acr=2' : ''}`,
        })),
      }),
      targets,
    );
  }

  /** Checks the form's CSRF token (HMAC of the interaction id) and, when sent, its Origin. */
  function csrfOk(request: FastifyRequest, uid: string, token: unknown): boolean {
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== 'null' && origin !== issuerOrigin) return false;
    return typeof token === 'string' && constantTimeEqual(token, csrfOf(uid));
  }

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    scope.get(`${OIDC_PREFIX}/interaction/:uid`, { config: pub, schema: hidden }, async (request, reply) => {
      const { uid } = request.params as { uid: string };
      const found = await details(request, reply, uid);
      if (!found) return expired(reply);
      const { provider, interaction } = found;
      const prompt = interaction.prompt as { name: string; reasons: string[] };
      if (prompt.name === 'consent') {
        // Clients are first-party (registered by the province): consent is granted for them.
        const grant = interaction.grantId
          ? await provider.Grant.find(interaction.grantId)
          : new provider.Grant({
              accountId: interaction.session!.accountId,
              clientId: String(interaction.params.client_id),
            });
        const d = prompt as unknown as { details: Record<string, any> };
        if (d.details?.missingOIDCScope) grant!.addOIDCScope(d.details.missingOIDCScope.join(' '));
        if (d.details?.missingOIDCClaims) grant!.addOIDCClaims(d.details.missingOIDCClaims);
        const grantId = await grant!.save();
        const to = await provider.interactionResult(request.raw, reply.raw, { consent: { grantId } });
        return reply.redirect(to, 303);
      }
      // Single sign-on: a platform session already exists and nothing asks for a fresh login.
      const principal = await identity.principalOf(request);
      if (principal && prompt.reasons.every((r) => r === 'no_session')) {
        return finishLogin(request, reply, provider, principal, ['sso']);
      }
      return renderLogin(reply, provider, interaction, 200);
    });

    scope.post(`${OIDC_PREFIX}/interaction/:uid/login`, { config: pub, schema: hidden }, async (request, reply) => {
      const { uid } = request.params as { uid: string };
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      if (!csrfOk(request, uid, body.csrf)) {
        return html(reply, 403, messagePage('Yêu cầu không hợp lệ', 'Biểu mẫu đã hết hạn. Vui lòng tải lại trang.'));
      }
      const found = await details(request, reply, uid);
      if (!found) return expired(reply);
      const { provider, interaction } = found;
      const username = (body.username ?? '').trim();
      const password = body.password ?? '';
      const otp = body.otp?.trim() || undefined;
      if (!username || !password) {
        return renderLogin(reply, provider, interaction, 400, {
          error: 'Vui lòng nhập tên đăng nhập và mật khẩu.',
          username,
          needOtp: otp !== undefined,
        });
      }
      const meta = { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
      let accountId: string;
      try {
        ({ accountId } = await identity.verifyCredentials({ username, password, ...(otp ? { otp } : {}) }, meta));
      } catch (err) {
        if (!isAppError(err)) throw err;
        return renderLogin(reply, provider, interaction, err.status, {
          error: err.detail ?? err.title,
          username,
          needOtp: otp !== undefined || /MFA|OTP|TOTP/.test(err.code),
        });
      }
      const amr = otp ? ['pwd', 'otp'] : ['pwd'];
      const principal = await identity.startSession(reply, accountId, { acr: null, amr, ...meta });
      return finishLogin(request, reply, provider, principal, amr);
    });

    scope.post(`${OIDC_PREFIX}/interaction/:uid/abort`, { config: pub, schema: hidden }, async (request, reply) => {
      const { uid } = request.params as { uid: string };
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      if (!csrfOk(request, uid, body.csrf)) {
        return html(reply, 403, messagePage('Yêu cầu không hợp lệ', 'Biểu mẫu đã hết hạn. Vui lòng tải lại trang.'));
      }
      const found = await details(request, reply, uid);
      if (!found) return expired(reply);
      const to = await found.provider.interactionResult(
        request.raw,
        reply.raw,
        { error: 'access_denied', error_description: 'Người dùng đã hủy đăng nhập.' },
        { mergeWithLastSubmission: false },
      );
      return reply.redirect(to, 303);
    });
  });
}
