import type { FastifyInstance } from 'fastify';
import { adminActor, ProblemResponse } from '../../platform/http/index.ts';
import {
  CreateDocumentTypeBody,
  DocumentType,
  DocumentTypeList,
  DocumentTypeListQuery,
  DocumentTypeParams,
  ProcedureCorrectionBody,
  ProcedureCorrectionResult,
  ProcedureDetail,
  ProcedureIndexList,
  ProcedureIndexQuery,
  ProcedureList,
  ProcedureListQuery,
  ProcedureParams,
  ProcedureVersionList,
  SectorList,
  UnitDetail,
  UnitDetailQuery,
  UnitImportDefectList,
  UnitList,
  UnitListQuery,
  UnitParams,
  UnitSuccessors,
  UnitSuccessorsQuery,
} from './catalog.schemas.ts';
import type { CatalogService, ProcedureCorrectionInput } from './catalog.service.ts';

const Problem = ProblemResponse;
/** Administrators read a procedure's history; province administrators correct it. */
const ADMINS = { roles: ['province_admin', 'agency_admin'] } as const;

export function catalogRoutes(app: FastifyInstance, service: CatalogService, adminToken: string | undefined): void {
  app.get(
    '/api/v1/catalog/document-types',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Danh mục loại văn bản có hiệu lực vào một ngày',
        querystring: DocumentTypeListQuery,
        response: { 200: DocumentTypeList },
      },
    },
    async (request) => {
      const { on } = request.query as { on?: string };
      const date = on ?? service.today();
      return { items: await service.listDocumentTypes(date), on: date };
    },
  );

  app.get(
    '/api/v1/catalog/document-types/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Một loại văn bản',
        params: DocumentTypeParams,
        response: { 200: DocumentType, 404: Problem },
      },
    },
    async (request) => service.getDocumentType((request.params as { id: string }).id),
  );

  app.post(
    '/api/v1/catalog/document-types',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalog'],
        summary: 'Thêm loại văn bản (quản trị)',
        security: [{ adminToken: [] }],
        body: CreateDocumentTypeBody,
        response: { 201: DocumentType, 400: Problem, 401: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request, adminToken);
      const created = await service.createDocumentType(actor, request.body as CreateDocumentTypeBody, request.id);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/catalog/units',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Đơn vị hành chính có hiệu lực vào một ngày (lọc theo cấp, đơn vị cha, tên có hoặc không dấu)',
        querystring: UnitListQuery,
        response: { 200: UnitList, 400: Problem },
      },
    },
    async (request) => service.listUnits(request.query as UnitListQuery),
  );

  // Registered before /units/:code; a static segment wins over a parameter in any case.
  app.get(
    '/api/v1/catalog/units/import-defects',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Báo cáo sai sót của lần nạp đơn vị hành chính (mã dự thảo, tên lệch, …) để quản trị viên rà soát',
        response: { 200: UnitImportDefectList },
      },
    },
    async () => service.listUnitImportDefects(),
  );

  app.get(
    '/api/v1/catalog/units/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Một đơn vị hành chính vào một ngày, với đơn vị cha, đơn vị trước và sau sắp xếp',
        params: UnitParams,
        querystring: UnitDetailQuery,
        response: { 200: UnitDetail, 400: Problem, 404: Problem },
      },
    },
    async (request) =>
      service.getUnit((request.params as { code: string }).code, (request.query as { on?: string }).on),
  );

  app.get(
    '/api/v1/catalog/units/:code/successors',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Các đơn vị hiện hành mà một đơn vị cũ đã trở thành (qua các lần sắp xếp)',
        params: UnitParams,
        querystring: UnitSuccessorsQuery,
        response: { 200: UnitSuccessors, 404: Problem },
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const { on, at } = request.query as { on?: string; at?: string };
      return service.currentSuccessors(code, on, at);
    },
  );

  app.get(
    '/api/v1/catalog/sectors',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Lĩnh vực thủ tục hành chính, với số thủ tục đã nạp và số mã trong danh mục quốc gia',
        response: { 200: SectorList },
      },
    },
    async () => {
      const items = await service.listSectors();
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/v1/catalog/procedures',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'Tìm thủ tục hành chính (có hoặc không dấu, chấp nhận gõ sai), xếp theo độ phù hợp; lọc theo lĩnh vực, cấp',
        querystring: ProcedureListQuery,
        response: { 200: ProcedureList, 400: Problem },
      },
    },
    async (request) => service.listProcedures(request.query as ProcedureListQuery),
  );

  app.get(
    '/api/v1/catalog/procedures/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'Một thủ tục (phiên bản hiện hành, hoặc phiên bản có hiệu lực vào ngày on): các trường đã phân tích, văn bản gốc và các điểm cần kiểm tra',
        params: ProcedureParams,
        querystring: UnitDetailQuery,
        response: { 200: ProcedureDetail, 400: Problem, 404: Problem },
      },
    },
    async (request) =>
      service.getProcedure((request.params as { code: string }).code, (request.query as { on?: string }).on),
  );

  app.get(
    '/api/v1/catalog/procedures/:code/versions',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['catalog'],
        summary: 'Mọi phiên bản của một thủ tục: ngày hiệu lực, điểm cần kiểm tra, các lần sửa (quản trị)',
        params: ProcedureParams,
        response: { 200: ProcedureVersionList, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => service.procedureVersions((request.params as { code: string }).code),
  );

  app.post(
    '/api/v1/catalog/procedures/:code/versions',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalog'],
        summary:
          'Sửa các trường của thủ tục (quản trị cấp tỉnh): ghi nguồn và lý do, mở phiên bản mới; header If-Match = ETag của phiên bản hiện hành',
        security: [{ adminToken: [] }],
        params: ProcedureParams,
        body: ProcedureCorrectionBody,
        response: {
          200: ProcedureCorrectionResult,
          201: ProcedureCorrectionResult,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          412: Problem,
          428: Problem,
        },
      },
    },
    async (request, reply) => {
      const actor = adminActor(request, adminToken);
      const ifMatch = request.headers['if-match'];
      const out = await service.correctProcedure(
        actor,
        (request.params as { code: string }).code,
        request.body as ProcedureCorrectionInput,
        typeof ifMatch === 'string' ? ifMatch.trim() : undefined,
        request.id,
      );
      reply.header('etag', out.version.etag);
      return reply.code(out.mode === 'new_version' ? 201 : 200).send(out);
    },
  );

  app.get(
    '/api/v1/catalog/procedure-index',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Tìm trong danh mục mã thủ tục quốc gia (có hoặc không dấu, chấp nhận gõ sai)',
        querystring: ProcedureIndexQuery,
        response: { 200: ProcedureIndexList, 400: Problem },
      },
    },
    async (request) => service.searchProcedureIndex(request.query as ProcedureIndexQuery),
  );
}
