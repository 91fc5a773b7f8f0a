import type { FastifyInstance } from 'fastify';
import { adminActor, ProblemResponse } from '../../platform/http/index.ts';
import {
  AgencyChangeResult,
  AgencyDetail,
  AgencyExportQuery,
  AgencyImportQuery,
  AgencyImportReport,
  AgencyList,
  AgencyListQuery,
  AgencyOnQuery,
  AgencyParams,
  AgencyTree,
  ChangeAgencyBody,
  CloseAgencyBody,
  CreateAgencyBody,
} from './catalog.agencies.schemas.ts';
import type { AgenciesService, ChangeAgencyInput, CreateAgencyInput } from './catalog.agencies.service.ts';

const Problem = ProblemResponse;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

export function agencyRoutes(app: FastifyInstance, service: AgenciesService, adminToken: string | undefined): void {
  app.get(
    '/api/v1/catalog/agencies',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Danh mục cơ quan, đơn vị có hiệu lực vào một ngày (lọc theo cấp trên, loại, đơn vị hành chính, tên)',
        querystring: AgencyListQuery,
        response: { 200: AgencyList, 400: Problem },
      },
    },
    async (request) => service.listAgencies(request.query as Parameters<AgenciesService['listAgencies']>[0]),
  );

  app.get(
    '/api/v1/catalog/agencies/export',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Xuất danh mục cơ quan ra CSV hoặc Excel',
        querystring: AgencyExportQuery,
      },
    },
    async (request, reply) => {
      const { format, on } = request.query as { format?: 'csv' | 'xlsx'; on?: string };
      const out = await service.exportAgencies(format ?? 'csv', on);
      reply.header('content-disposition', `attachment; filename="${out.filename}"`);
      reply.type(format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8');
      return reply.send(typeof out.body === 'string' ? out.body : Buffer.from(out.body));
    },
  );

  app.get(
    '/api/v1/catalog/agencies/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Một cơ quan: cấp trên, số đơn vị trực thuộc, các phiên bản theo thời gian',
        params: AgencyParams,
        querystring: AgencyOnQuery,
        response: { 200: AgencyDetail, 404: Problem },
      },
    },
    async (request) =>
      service.agencyDetail((request.params as { code: string }).code, (request.query as { on?: string }).on),
  );

  app.get(
    '/api/v1/catalog/agencies/:code/tree',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Cây cơ quan trực thuộc vào một ngày',
        params: AgencyParams,
        querystring: AgencyOnQuery,
        response: { 200: AgencyTree, 404: Problem },
      },
    },
    async (request) =>
      service.agencyTree((request.params as { code: string }).code, (request.query as { on?: string }).on),
  );

  const ifMatchOf = (request: { headers: Record<string, unknown> }) => {
    const h = request.headers['if-match'];
    return typeof h === 'string' && h.trim() !== '' ? h.trim() : undefined;
  };

  app.post(
    '/api/v1/catalog/agencies',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalog'],
        summary: 'Thêm cơ quan (quản trị cấp tỉnh): mã định danh theo QCVN 102:2016 / Quyết định 20/2020/QĐ-TTg',
        security: [{ adminToken: [] }],
        body: CreateAgencyBody,
        response: { 201: AgencyDetail, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request, adminToken);
      const created = await service.createAgency(actor, request.body as CreateAgencyInput, request.id);
      reply.header('etag', created.etag);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/catalog/agencies/:code',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalog'],
        summary:
          'Sửa cơ quan từ một ngày (quản trị cấp tỉnh): phiên bản mới, phiên bản cũ giữ nguyên; header If-Match = ETag',
        security: [{ adminToken: [] }],
        params: AgencyParams,
        body: ChangeAgencyBody,
        response: {
          200: AgencyChangeResult,
          201: AgencyChangeResult,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          412: Problem,
          428: Problem,
        },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request, adminToken);
      const out = await service.changeAgency(
        actor,
        (request.params as { code: string }).code,
        request.body as ChangeAgencyInput,
        ifMatchOf(request),
        request.id,
      );
      reply.header('etag', out.agency.etag);
      return reply.code(out.mode === 'new_version' ? 201 : 200).send(out);
    },
  );

  app.post(
    '/api/v1/catalog/agencies/:code/close',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalog'],
        summary: 'Giải thể, chấm dứt hoạt động của cơ quan từ sau một ngày (quản trị cấp tỉnh); header If-Match = ETag',
        security: [{ adminToken: [] }],
        params: AgencyParams,
        body: CloseAgencyBody,
        response: {
          200: AgencyDetail,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          412: Problem,
          428: Problem,
        },
      },
    },
    async (request) => {
      const actor = adminActor(request, adminToken);
      return service.closeAgency(
        actor,
        (request.params as { code: string }).code,
        request.body as { validTo: string; reason: string },
        ifMatchOf(request),
        request.id,
      );
    },
  );

  // Imports take the file as the request body (text/csv or .xlsx), so the parser is scoped here.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', XLSX, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/v1/catalog/agencies/import',
      {
        config: { access: 'admin' },
        bodyLimit: IMPORT_LIMIT_BYTES,
        schema: {
          tags: ['catalog'],
          summary: 'Nạp danh mục cơ quan từ CSV hoặc Excel (quản trị); có lỗi thì không ghi dòng nào',
          security: [{ adminToken: [] }],
          querystring: AgencyImportQuery,
          response: { 200: AgencyImportReport, 400: Problem, 401: Problem, 415: Problem, 422: Problem },
        },
      },
      async (request) => {
        const actor = adminActor(request, adminToken);
        const { dryRun, skipInvalid, filename } = request.query as {
          dryRun?: boolean;
          skipInvalid?: boolean;
          filename?: string;
        };
        const type = String(request.headers['content-type'] ?? '');
        const name = filename ?? (type.startsWith(XLSX) ? 'tai-len.xlsx' : 'tai-len.csv');
        const body = request.body as Buffer;
        return service.importAgencyFile(actor, new Uint8Array(body), name, {
          dryRun: dryRun ?? false,
          skipInvalid: skipInvalid ?? false,
          requestId: request.id,
        });
      },
    );
  });
}
