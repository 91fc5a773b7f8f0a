/** /api/v1/auth: login, logout, me, sessions, password reset and change, TOTP, self-registration. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { commonErrors } from '../../platform/errors/index.ts';
import type { AuthService, LoginMeta } from './identity.auth.ts';
import { RetryLaterError } from './identity.errors.ts';
import type { RegistrationService } from './identity.registration.ts';
import {
  Accepted,
  AccountView,
  ChangePasswordBody,
  ForgotBody,
  LoginBody,
  LogoutAllResult,
  Me,
  MfaConfirmBody,
  MfaConfirmResult,
  MfaEnrolResult,
  MfaProofBody,
  Problem,
  RegisterCitizenBody,
  RegisterCompleteBody,
  RegisterOrganisationBody,
  ResetBody,
  SessionList,
  SessionParams,
} from './identity.schemas.ts';
import type { IdentityService } from './identity.service.ts';
import type { Principal } from './identity.types.ts';

export function metaOf(request: FastifyRequest): LoginMeta {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), requestId: String(request.id) };
}

function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw commonErrors.unauthenticated();
  return request.principal;
}

/** The signed-in account, also when its session may only enrol a second factor. */
function sessionHolder(request: FastifyRequest): { accountId: string; sessionId: string; pending: boolean } {
  if (request.principal) return { ...request.principal, pending: false };
  if (request.pendingEnrolment) return { ...request.pendingEnrolment, pending: true };
  throw commonErrors.unauthenticated();
}

const tags = ['auth'];

export function authRoutes(
  app: FastifyInstance,
  auth: AuthService,
  identity: IdentityService,
  registration: RegistrationService,
): void {
  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Đăng nhập bằng tên đăng nhập và mật khẩu (kèm mã xác thực hai lớp nếu có); đặt cookie phiên',
        body: LoginBody,
        response: { 200: Me, 400: Problem, 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body as LoginBody;
      const meta = metaOf(request);
      const authenticated = await withRetryAfter(reply, () => auth.authenticate(body, meta));
      const { principal, pendingEnrolment } = await auth.startSession(reply, authenticated.account.id, {
        acr: null,
        amr: authenticated.amr,
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: meta.requestId!,
      });
      const me = await identity.meOf(
        principal.accountId,
        { id: principal.sessionId, acr: principal.acr },
        pendingEnrolment,
      );
      // Signed in with a password: it has one.
      return { ...me, hasPassword: true };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated', allowDuringMfaEnrolment: true },
      schema: { tags, summary: 'Đăng xuất phiên hiện tại', response: { 204: Type204(), 401: Problem, 403: Problem } },
    },
    async (request, reply) => {
      const holder = sessionHolder(request);
      await auth.logout(
        { kind: request.principal?.kind ?? 'anonymous', id: holder.accountId },
        holder.accountId,
        holder.sessionId,
        String(request.id),
      );
      auth.clearSessionCookies(reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/logout-all',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Đăng xuất khỏi mọi thiết bị (kết thúc mọi phiên của tài khoản)',
        response: { 200: LogoutAllResult, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const ended = await auth.logoutAll(identity.actorOf(p), p.accountId, String(request.id));
      auth.clearSessionCookies(reply);
      return { ended };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated', allowDuringMfaEnrolment: true },
      schema: { tags, summary: 'Tài khoản đang đăng nhập', response: { 200: Me, 401: Problem } },
    },
    async (request) => {
      const holder = sessionHolder(request);
      const [me, hasPassword] = await Promise.all([
        identity.meOf(holder.accountId, { id: holder.sessionId, acr: request.principal?.acr ?? null }, holder.pending),
        auth.hasPassword(holder.accountId),
      ]);
      return { ...me, hasPassword };
    },
  );

  app.get(
    '/api/v1/auth/sessions',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Các phiên đăng nhập đang mở của tôi', response: { 200: SessionList, 401: Problem } },
    },
    async (request) => {
      const p = requirePrincipal(request);
      return { items: await auth.listSessions(p.accountId, p.sessionId) };
    },
  );

  app.delete(
    '/api/v1/auth/sessions/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Kết thúc một phiên đăng nhập của tôi',
        params: SessionParams,
        response: { 204: Type204(), 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const { id } = request.params as { id: string };
      await auth.revokeSession(identity.actorOf(p), p.accountId, id, String(request.id));
      if (id === p.sessionId) auth.clearSessionCookies(reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/password/forgot',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Quên mật khẩu: gửi liên kết đặt lại (30 phút, dùng một lần) tới thư điện tử của tài khoản',
        body: ForgotBody,
        response: { 202: Accepted, 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await withRetryAfter(reply, () =>
        auth.forgotPassword((request.body as { username: string }).username, metaOf(request)),
      );
      // The same answer whether or not the account exists.
      return reply.code(202).send({
        message:
          'Nếu tài khoản tồn tại và có địa chỉ thư điện tử, một liên kết đặt lại mật khẩu đã được gửi. Liên kết có hiệu lực 30 phút.',
      });
    },
  );

  app.post(
    '/api/v1/auth/password/reset',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Đặt mật khẩu mới bằng mã trong thư; mọi phiên đang mở kết thúc',
        body: ResetBody,
        response: { 204: Type204(), 400: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body as ResetBody;
      await auth.resetPassword(body.token, body.newPassword, metaOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/password/change',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Đổi mật khẩu (các phiên khác kết thúc)',
        body: ChangePasswordBody,
        response: { 204: Type204(), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      await auth.changePassword(requirePrincipal(request), request.body as ChangePasswordBody, String(request.id));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/mfa/enrol',
    {
      config: { access: 'authenticated', allowDuringMfaEnrolment: true },
      schema: {
        tags,
        summary:
          'Bắt đầu đăng ký (hoặc đăng ký lại) xác thực hai lớp (TOTP): nhận khoá bí mật và địa chỉ otpauth:// cho mã QR',
        description:
          'Đã bật xác thực hai lớp: phải kèm mã hiện tại (hoặc một mã khôi phục) trong `otp`. Chưa bật: phiên vừa đăng nhập (dưới 10 phút) thì không cần gì thêm, quá thời gian đó phải kèm `currentPassword`. Nhập sai được tính vào số lần đăng nhập sai.',
        body: MfaProofBody,
        response: { 200: MfaEnrolResult, 400: Problem, 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async (request, reply) =>
      withRetryAfter(reply, () =>
        auth.startMfaEnrolment(sessionHolder(request), (request.body ?? {}) as MfaProofBody, metaOf(request)),
      ),
  );

  app.post(
    '/api/v1/auth/mfa/disable',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Tắt xác thực hai lớp (kèm mã hiện tại hoặc một mã khôi phục); các phiên khác kết thúc',
        description: 'Không tắt được khi vai trò của tài khoản bắt buộc xác thực hai lớp (MFA_REQUIRED_ROLES).',
        body: MfaProofBody,
        response: { 204: Type204(), 401: Problem, 403: Problem, 409: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await withRetryAfter(reply, () =>
        auth.disableMfa(requirePrincipal(request), (request.body ?? {}) as MfaProofBody, metaOf(request)),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/mfa/confirm',
    {
      config: { access: 'authenticated', allowDuringMfaEnrolment: true },
      schema: {
        tags,
        summary: 'Xác nhận đăng ký xác thực hai lớp bằng một mã; nhận 10 mã khôi phục',
        body: MfaConfirmBody,
        response: { 200: MfaConfirmResult, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request) => {
      const holder = sessionHolder(request);
      return auth.confirmMfaEnrolment(
        holder.accountId,
        holder.sessionId,
        (request.body as { code: string }).code,
        String(request.id),
      );
    },
  );

  const registrationAccepted = {
    message:
      'Đã nhận yêu cầu đăng ký. Chúng tôi đã gửi thư tới địa chỉ thư điện tử bạn khai: mở liên kết trong thư (có hiệu lực 24 giờ) để hoàn tất đăng ký. Nếu không thấy thư, hãy xem cả hộp thư rác. Nếu thông tin định danh này đã có tài khoản, thư được gửi tới địa chỉ của tài khoản đó thay vì liên kết đăng ký.',
  };
  const registerSummary =
    'Trả lời như nhau dù số đã có tài khoản hay chưa (không để lộ ai có tài khoản): khi chưa có, gửi liên kết hoàn tất (24 giờ) tới thư điện tử đã khai; khi đã có, không tạo gì và báo cho chủ tài khoản. Giới hạn số lần theo địa chỉ IP, theo số định danh/mã số thuế và theo thư điện tử.';

  app.post(
    '/api/v1/auth/register',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Công dân đăng ký tài khoản bằng số định danh cá nhân (bước 1: gửi thư xác nhận)',
        description: registerSummary,
        body: RegisterCitizenBody,
        response: { 202: Accepted, 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const { citizenId, ...rest } = request.body as RegisterCitizenBody;
      await withRetryAfter(reply, () =>
        registration.start('citizen', { identifier: citizenId, ...rest }, metaOf(request)),
      );
      return reply.code(202).send(registrationAccepted);
    },
  );

  app.post(
    '/api/v1/auth/register/organisation',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Tổ chức, doanh nghiệp đăng ký tài khoản bằng mã số thuế/mã số doanh nghiệp (bước 1: gửi thư xác nhận)',
        description: registerSummary,
        body: RegisterOrganisationBody,
        response: { 202: Accepted, 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const { taxCode, ...rest } = request.body as RegisterOrganisationBody;
      await withRetryAfter(reply, () =>
        registration.start('organisation', { identifier: taxCode, ...rest }, metaOf(request)),
      );
      return reply.code(202).send(registrationAccepted);
    },
  );

  app.post(
    '/api/v1/auth/register/complete',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Hoàn tất đăng ký bằng mã trong thư (bước 2): tạo tài khoản, thư điện tử được xác nhận',
        body: RegisterCompleteBody,
        response: { 201: AccountView, 400: Problem },
      },
    },
    async (request, reply) => {
      const created = await registration.complete((request.body as RegisterCompleteBody).token, metaOf(request));
      return reply.code(201).send(created);
    },
  );
}

/** Runs work; a refusal that says when to come back also sets the Retry-After header. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RetryLaterError) reply.header('retry-after', String(err.retryAfterSeconds));
    throw err;
  }
}

function Type204() {
  return { type: 'null', description: 'Không có nội dung' };
}
