/**
 * The HTTP routes of process definitions (quy trình nội bộ, Nghị định 118/2025/NĐ-CP): list, one
 * version as JSON / Mermaid / SVG, save a new version, publish or retire, and for drafts a dry-run
 * validation with the diagram, an edit in place and a delete. Officials read; province
 * administrators and the agency's administrators change (dossier.policy.ts canManageDefinitions).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { adminActor, ProblemResponse } from '../../platform/http/index.ts';
import type { Principal } from '../identity/index.ts';
import { exportProcessDefinition, toMermaid, toSvg } from './domain/index.ts';
import type { ProcessDefinitionDrafts } from './dossier.process-definitions.ts';
import {
  AnyObject,
  DefinitionFormatQuery,
  DefinitionListQuery,
  DefinitionParams,
  DefinitionStatusBody,
} from './dossier.schemas.ts';
import type { DossierService } from './dossier.service.ts';

const Problem = ProblemResponse;
const tags = ['dossier'];
const OFFICIALS = ['one_stop_officer', 'specialist', 'leader', 'clerk', 'agency_admin', 'province_admin'];
const MANAGERS = { access: { roles: ['province_admin', 'agency_admin'] } } as const;

const UpdatedAt = Type.String({
  format: 'date-time',
  description: 'Thời điểm cập nhật của bản nháp người sửa đã tải (updatedAt trong danh sách); khác thì trả 409',
});
const ValidateQuery = Type.Object(
  { diagram: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('none')])) },
  { additionalProperties: false },
);
const DraftBody = Type.Object(
  {
    definition: Type.Object({}, { additionalProperties: true, description: 'Nội dung mới của bản nháp' }),
    expectedUpdatedAt: UpdatedAt,
  },
  { additionalProperties: false },
);
const DeleteQuery = Type.Object({ expectedUpdatedAt: Type.Optional(UpdatedAt) }, { additionalProperties: false });

const iso = (d: Date | string) => new Date(d).toISOString();

export function processDefinitionRoutes(
  app: FastifyInstance,
  service: DossierService,
  drafts: ProcessDefinitionDrafts,
  options: { adminToken: string | undefined },
): void {
  /** A definition manager: a signed-in administrator, or the temporary admin token (as the system). */
  async function manager(request: FastifyRequest): Promise<Principal | 'system'> {
    if (request.principal) return request.principal;
    adminActor(request, options.adminToken);
    return 'system';
  }

  app.get(
    '/api/v1/process-definitions',
    {
      config: { access: { roles: OFFICIALS } },
      schema: {
        tags,
        summary: 'Các quy trình nội bộ giải quyết thủ tục',
        querystring: DefinitionListQuery,
        response: { 401: Problem },
      },
    },
    async (request) => {
      const rows = await service.listDefinitions(request.query as { procedureCode?: string });
      return {
        items: rows.map((r) => ({
          id: r.id,
          version: r.version,
          procedureCode: r.procedure_code,
          agencyCode: r.agency_code,
          name: r.definition.name,
          status: r.status,
          effectiveFrom: r.effective_from,
          effectiveTo: r.effective_to,
          updatedAt: iso(r.updated_at),
        })),
      };
    },
  );

  app.get(
    '/api/v1/process-definitions/:id/versions/:version',
    {
      config: { access: { roles: OFFICIALS } },
      schema: {
        tags,
        summary: 'Một phiên bản quy trình: JSON (xuất được để nhập lại), sơ đồ Mermaid hoặc SVG',
        params: DefinitionParams,
        querystring: DefinitionFormatQuery,
        response: { 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id, version } = request.params as { id: string; version: number };
      const { format } = request.query as { format?: 'json' | 'mermaid' | 'svg' };
      const row = await service.getDefinition(id, version);
      // A draft changes in place: the diagram <img> and the editor must not reuse an old copy.
      reply.header('cache-control', 'no-cache');
      reply.header('x-updated-at', iso(row.updated_at));
      if (format === 'mermaid') return reply.type('text/plain; charset=utf-8').send(toMermaid(row.definition));
      if (format === 'svg') return reply.type('image/svg+xml').send(toSvg(row.definition));
      return reply.type('application/json; charset=utf-8').send(exportProcessDefinition(row.definition));
    },
  );

  app.post(
    '/api/v1/process-definitions',
    {
      config: MANAGERS,
      schema: {
        tags,
        summary: 'Nhập (lưu) một phiên bản quy trình từ JSON; kiểm tra đầy đủ trước khi lưu',
        response: { 201: AnyObject, 400: Problem, 401: Problem, 403: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const principal = await manager(request);
      // The catalogue's agencies are checked here (the service checks the definition itself).
      if (typeof request.body === 'object' && request.body !== null) {
        const checked = await drafts.dryRun(request.body, { diagram: false });
        const unknownAgencies = checked.problems.filter((p) => p.code === 'UNKNOWN_AGENCY');
        if (checked.problems.length === unknownAgencies.length && unknownAgencies.length > 0) {
          throw drafts.invalid(unknownAgencies);
        }
      }
      const row = await service.saveDefinition(principal, request.body, request.id);
      return reply.code(201).send({ id: row.id, version: row.version, status: row.status });
    },
  );

  app.post(
    '/api/v1/process-definitions/validate',
    {
      config: MANAGERS,
      schema: {
        tags,
        summary:
          'Kiểm tra thử một quy trình đang soạn (không lưu gì): danh sách lỗi bằng tiếng Việt, tổng tỷ trọng, và sơ đồ SVG nếu ?diagram=svg',
        querystring: ValidateQuery,
        response: { 200: AnyObject, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      await manager(request);
      const { diagram } = request.query as { diagram?: 'svg' | 'none' };
      return drafts.dryRun(request.body, { diagram: diagram === 'svg' });
    },
  );

  app.put(
    '/api/v1/process-definitions/:id/versions/:version',
    {
      config: MANAGERS,
      schema: {
        tags,
        summary:
          'Sửa một bản nháp tại chỗ (chỉ khi còn là bản nháp); gửi kèm updatedAt đã tải, bản nháp đã bị người khác sửa thì trả 409',
        params: DefinitionParams,
        body: DraftBody,
        response: {
          200: AnyObject,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request) => {
      const { id, version } = request.params as { id: string; version: number };
      const body = request.body as { definition: unknown; expectedUpdatedAt: string };
      const row = await drafts.updateDraft(
        await manager(request),
        id,
        version,
        body.definition,
        body.expectedUpdatedAt,
        request.id,
      );
      return { id: row.id, version: row.version, status: row.status, updatedAt: iso(row.updated_at) };
    },
  );

  app.delete(
    '/api/v1/process-definitions/:id/versions/:version',
    {
      config: MANAGERS,
      schema: {
        tags,
        summary: 'Xoá một bản nháp (không xoá được phiên bản đã công bố, đã ngừng, hay có hồ sơ áp dụng)',
        params: DefinitionParams,
        querystring: DeleteQuery,
        response: {
          204: { type: 'null', description: 'Đã xoá' },
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
        },
      },
    },
    async (request, reply) => {
      const { id, version } = request.params as { id: string; version: number };
      const { expectedUpdatedAt } = request.query as { expectedUpdatedAt?: string };
      await drafts.deleteDraft(await manager(request), id, version, expectedUpdatedAt, request.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/process-definitions/:id/versions/:version/status',
    {
      config: MANAGERS,
      schema: {
        tags,
        summary: 'Công bố hoặc ngừng áp dụng một phiên bản quy trình',
        params: DefinitionParams,
        body: DefinitionStatusBody,
        response: { 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => {
      const { id, version } = request.params as { id: string; version: number };
      const body = request.body as { status: 'published' | 'retired'; effectiveTo?: string | null };
      const row = await service.setDefinitionStatus(
        await manager(request),
        id,
        version,
        body.status,
        body.effectiveTo,
        request.id,
      );
      return { id: row.id, version: row.version, status: row.status, effectiveTo: row.effective_to };
    },
  );
}
