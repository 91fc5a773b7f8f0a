/** /api/v1/identity: account and role administration, and a citizen's personal-data access log. */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commonErrors } from '../../platform/errors/index.ts';
import {
  AccountGetQuery,
  AccountList,
  AccountListQuery,
  AccountParams,
  AccountView,
  CreateOfficialBody,
  DataAccessList,
  DataAccessQuery,
  DisableBody,
  GrantBody,
  GrantParams,
  GrantResult,
  Problem,
} from './identity.schemas.ts';
import type { Caller, IdentityService } from './identity.service.ts';

/** True when the request carries the temporary TINHSO_ADMIN_TOKEN bearer (compared in constant time). */
export function hasAdminToken(request: FastifyRequest, adminToken: string | undefined): boolean {
  const header = request.headers.authorization;
  if (!adminToken || typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice(7).trim());
  const b = Buffer.from(adminToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function callerOf(request: FastifyRequest, adminToken: string | undefined): Caller {
  if (request.principal) return request.principal;
  if (hasAdminToken(request, adminToken)) return 'admin-token';
  throw commonErrors.unauthenticated();
}

const tags = ['identity'];
const ADMINS = { roles: ['agency_admin', 'province_admin'] as const };
const security = [{ adminToken: [] }];

export function accountRoutes(app: FastifyInstance, identity: IdentityService, adminToken: string | undefined): void {
  const caller = (request: FastifyRequest) => callerOf(request, adminToken);

  app.get(
    '/api/v1/identity/accounts',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Danh sách, tìm kiếm tài khoản trong phạm vi quản trị (quản trị cơ quan: cán bộ thuộc cơ quan mình)',
        security,
        querystring: AccountListQuery,
        response: { 200: AccountList, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => identity.listAccounts(caller(request), request.query as AccountListQuery),
  );

  app.post(
    '/api/v1/identity/accounts',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Tạo tài khoản cán bộ, công chức thuộc một cơ quan',
        security,
        body: CreateOfficialBody,
        response: { 201: AccountView, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const created = await identity.createOfficial(
        caller(request),
        request.body as CreateOfficialBody,
        String(request.id),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/identity/accounts/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Một tài khoản (người dân chỉ xem được tài khoản của mình; việc cán bộ xem được ghi nhật ký)',
        security,
        params: AccountParams,
        querystring: AccountGetQuery,
        response: { 200: AccountView, 401: Problem, 404: Problem },
      },
    },
    async (request) =>
      identity.getAccount(
        caller(request),
        (request.params as { id: string }).id,
        (request.query as { purpose?: string }).purpose,
      ),
  );

  app.post(
    '/api/v1/identity/accounts/:id/disable',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Khoá tài khoản; mọi phiên đăng nhập của tài khoản kết thúc',
        security,
        params: AccountParams,
        body: DisableBody,
        response: { 200: AccountView, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) =>
      identity.setDisabled(
        caller(request),
        (request.params as { id: string }).id,
        true,
        (request.body as { reason?: string } | undefined)?.reason,
        String(request.id),
      ),
  );

  app.post(
    '/api/v1/identity/accounts/:id/enable',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Mở khoá tài khoản (cả khoá tạm do đăng nhập sai nhiều lần)',
        security,
        params: AccountParams,
        response: { 200: AccountView, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) =>
      identity.setDisabled(
        caller(request),
        (request.params as { id: string }).id,
        false,
        undefined,
        String(request.id),
      ),
  );

  app.post(
    '/api/v1/identity/accounts/:id/roles',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Gán vai trò cho cán bộ trên một cơ quan (bao trùm các đơn vị trực thuộc)',
        security,
        params: AccountParams,
        body: GrantBody,
        response: { 201: GrantResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body as GrantBody;
      const grant = await identity.grantRole(
        caller(request),
        (request.params as { id: string }).id,
        body.role,
        body.agencyCode,
        String(request.id),
      );
      return reply.code(201).send(grant);
    },
  );

  app.delete(
    '/api/v1/identity/accounts/:id/roles/:grantId',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Thu hồi một vai trò đã gán',
        security,
        params: GrantParams,
        response: { 204: { type: 'null' }, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id, grantId } = request.params as { id: string; grantId: string };
      await identity.revokeRole(caller(request), id, grantId, String(request.id));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/identity/me/data-access',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Ai đã truy cập dữ liệu cá nhân của tôi, khi nào, hồ sơ nào và vì sao (Luật Bảo vệ dữ liệu cá nhân)',
        querystring: DataAccessQuery,
        response: { 200: DataAccessList, 401: Problem },
      },
    },
    async (request) => {
      if (!request.principal) throw commonErrors.unauthenticated();
      const q = request.query as { limit?: number; offset?: number };
      return identity.dataAccessOf(request.principal, q.limit ?? 50, q.offset ?? 0);
    },
  );
}
