/** JSON routes: administration of clients, external providers and keys; external sign-in. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ExternalLoginService } from './sso.external.ts';
import type { IdentityApi } from './sso.identity-port.ts';
import { assertProvinceAdmin } from './sso.policy.ts';
import {
  Client,
  ClientList,
  ClientParams,
  ClientWithSecret,
  CreateClientBody,
  CreateProviderBody,
  ExternalCallbackQuery,
  ExternalProvider,
  ExternalProviderList,
  ExternalStartQuery,
  PatchClientBody,
  PatchProviderBody,
  ProviderParams,
  PublicProviderList,
  RotateResult,
  SigningKeyList,
} from './sso.schemas.ts';
import type { SsoAdminService } from './sso.service.ts';

const Problem = Type.Object({}, { additionalProperties: true, description: 'application/problem+json (RFC 9457)' });
const admin = { access: 'admin' } as const;
const pub = { access: 'public' } as const;
const security = [{ adminToken: [] }];
const tags = ['sso'];
const adminErrors = { 400: Problem, 401: Problem, 403: Problem };

export function ssoRoutes(
  app: FastifyInstance,
  service: SsoAdminService,
  external: ExternalLoginService,
  identity: IdentityApi,
  adminToken: string | undefined,
): void {
  const actorOf = (request: Parameters<typeof assertProvinceAdmin>[0]) =>
    assertProvinceAdmin(request, identity, adminToken);

  // ── relying-party clients ────────────────────────────────────────────────
  app.post(
    '/api/v1/identity/clients',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Đăng ký ứng dụng đăng nhập một lần (quản trị cấp tỉnh); khóa bí mật chỉ hiển thị một lần',
        security,
        body: CreateClientBody,
        response: { 201: ClientWithSecret, ...adminErrors, 409: Problem },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const created = await service.createClient(actor, request.body as CreateClientBody, request.id);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/identity/clients',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Các ứng dụng đăng nhập một lần',
        security,
        response: { 200: ClientList, ...adminErrors },
      },
    },
    async (request) => {
      await actorOf(request);
      return { items: await service.listClients() };
    },
  );

  app.get(
    '/api/v1/identity/clients/:clientId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Một ứng dụng đăng nhập một lần',
        security,
        params: ClientParams,
        response: { 200: Client, ...adminErrors, 404: Problem },
      },
    },
    async (request) => {
      await actorOf(request);
      return service.getClient((request.params as { clientId: string }).clientId);
    },
  );

  app.patch(
    '/api/v1/identity/clients/:clientId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Sửa ứng dụng đăng nhập một lần',
        security,
        params: ClientParams,
        body: PatchClientBody,
        response: { 200: Client, ...adminErrors, 404: Problem },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      const { clientId } = request.params as { clientId: string };
      return service.patchClient(actor, clientId, request.body as PatchClientBody, request.id);
    },
  );

  app.post(
    '/api/v1/identity/clients/:clientId/secret',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Cấp lại khóa bí mật của ứng dụng (khóa cũ hết hiệu lực ngay)',
        security,
        params: ClientParams,
        response: { 200: ClientWithSecret, ...adminErrors, 404: Problem },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      reply.header('cache-control', 'no-store');
      return service.rotateClientSecret(actor, (request.params as { clientId: string }).clientId, request.id);
    },
  );

  app.delete(
    '/api/v1/identity/clients/:clientId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Xóa ứng dụng; mọi mã và token đã cấp cho ứng dụng hết hiệu lực',
        security,
        params: ClientParams,
        response: { 204: Type.Null(), ...adminErrors, 404: Problem },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      await service.deleteClient(actor, (request.params as { clientId: string }).clientId, request.id);
      return reply.code(204).send();
    },
  );

  // ── external identity providers ──────────────────────────────────────────
  app.post(
    '/api/v1/identity/external-providers',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Khai báo nhà cung cấp định danh bên ngoài (mô hình VNeID) cho công dân đăng nhập',
        security,
        body: CreateProviderBody,
        response: { 201: ExternalProvider, ...adminErrors, 409: Problem },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      return reply.code(201).send(await service.createProvider(actor, request.body as CreateProviderBody, request.id));
    },
  );

  app.get(
    '/api/v1/identity/external-providers',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Các nhà cung cấp định danh bên ngoài',
        security,
        response: { 200: ExternalProviderList, ...adminErrors },
      },
    },
    async (request) => {
      await actorOf(request);
      return { items: await service.listProviders() };
    },
  );

  app.get(
    '/api/v1/identity/external-providers/:providerId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Một nhà cung cấp định danh bên ngoài',
        security,
        params: ProviderParams,
        response: { 200: ExternalProvider, ...adminErrors, 404: Problem },
      },
    },
    async (request) => {
      await actorOf(request);
      return service.getProvider((request.params as { providerId: string }).providerId);
    },
  );

  app.patch(
    '/api/v1/identity/external-providers/:providerId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Sửa nhà cung cấp định danh bên ngoài',
        security,
        params: ProviderParams,
        body: PatchProviderBody,
        response: { 200: ExternalProvider, ...adminErrors, 404: Problem },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      const { providerId } = request.params as { providerId: string };
      return service.patchProvider(actor, providerId, request.body as PatchProviderBody, request.id);
    },
  );

  app.delete(
    '/api/v1/identity/external-providers/:providerId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Ngừng dùng nhà cung cấp định danh bên ngoài',
        security,
        params: ProviderParams,
        response: { 204: Type.Null(), ...adminErrors, 404: Problem },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      await service.deleteProvider(actor, (request.params as { providerId: string }).providerId, request.id);
      return reply.code(204).send();
    },
  );

  // ── signing keys ─────────────────────────────────────────────────────────
  app.get(
    '/api/v1/identity/oidc/keys',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Các khóa ký của máy chủ OIDC (chỉ thông tin công khai)',
        security,
        response: { 200: SigningKeyList, ...adminErrors },
      },
    },
    async (request) => {
      await actorOf(request);
      return { items: await service.listKeys() };
    },
  );

  app.post(
    '/api/v1/identity/oidc/keys/rotate',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Xoay vòng khóa ký: khóa kế tiếp bắt đầu ký, khóa cũ vẫn được công bố để kiểm tra token cũ',
        security,
        response: { 200: RotateResult, ...adminErrors },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      return service.rotateKeys(actor, request.id);
    },
  );

  // ── external sign-in (citizens) ──────────────────────────────────────────
  app.get(
    '/api/v1/auth/external/providers',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Các nhà cung cấp định danh công dân có thể dùng để đăng nhập',
        response: { 200: PublicProviderList },
      },
    },
    async () => ({
      items: (await external.listEnabled()).map((p) => ({
        ...p,
        startUrl: `/api/v1/auth/external/${p.id}/start`,
      })),
    }),
  );

  app.get(
    '/api/v1/auth/external/:providerId/start',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Bắt đầu đăng nhập qua nhà cung cấp định danh (acr=2: yêu cầu định danh mức độ 2)',
        params: ProviderParams,
        querystring: ExternalStartQuery,
        response: { 303: Type.Null(), 400: Problem, 404: Problem, 502: Problem },
      },
    },
    async (request, reply) => {
      const { providerId } = request.params as { providerId: string };
      const url = await external.start(reply, providerId, request.query as { returnTo?: string; acr?: number });
      return reply.redirect(url, 303);
    },
  );

  app.get(
    '/api/v1/auth/external/:providerId/callback',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Nhận kết quả đăng nhập từ nhà cung cấp định danh, liên kết tài khoản theo số định danh cá nhân',
        params: ProviderParams,
        querystring: ExternalCallbackQuery,
        response: {
          303: Type.Null(),
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          422: Problem,
          502: Problem,
        },
      },
    },
    async (request, reply) => {
      const { providerId } = request.params as { providerId: string };
      const returnTo = await external.callback(request, reply, providerId);
      return reply.redirect(returnTo, 303);
    },
  );
}
