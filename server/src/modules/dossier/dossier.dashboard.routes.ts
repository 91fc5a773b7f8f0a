/**
 * HTTP routes of the leader's dashboard (issue 7, dossier.dashboard.ts):
 *  - GET /api/v1/office/dashboard?agency=&from=&to= — an agency's figures for a leader or an
 *    administrator of it (anyone else: 404, as for a dossier they may not see);
 *  - GET /api/v1/office/escalations?page= — the overdue dossiers escalated to the caller as a leader.
 * Officials only: a citizen or an organisation gets 403, like the work queues.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { commonErrors } from '../../platform/errors/index.ts';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { DASHBOARD_MAX_DAYS, dossierDashboard } from './dossier.dashboard.ts';
import { dossierErrors } from './dossier.errors.ts';
import type { DossierService } from './dossier.service.ts';

const tags = ['dossier'];
const Problem = ProblemResponse;
const authenticated = { access: 'authenticated' } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const VnDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const DashboardQuery = Type.Object(
  {
    agency: Type.String({ minLength: 1, maxLength: 35, description: 'Mã cơ quan (cả các đơn vị trực thuộc)' }),
    from: Type.Optional({ ...VnDate, description: 'Từ ngày (yyyy-mm-dd, giờ Việt Nam); mặc định: đầu tháng này' }),
    to: Type.Optional({
      ...VnDate,
      description: `Đến hết ngày (yyyy-mm-dd); mặc định: hôm nay; tối đa ${DASHBOARD_MAX_DAYS} ngày`,
    }),
  },
  { additionalProperties: false },
);

const DrillDown = Type.Object({ href: Type.String(), exact: Type.Boolean() });
const Outcomes = {
  received: Type.Integer(),
  completed: Type.Integer(),
  early: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
};

const Dashboard = Type.Object({
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  generatedAt: Type.String(),
  volumes: Type.Object({
    received: Type.Integer(),
    inProgress: Type.Integer(),
    completed: Type.Integer(),
    returned: Type.Integer(),
    refused: Type.Integer(),
    stopped: Type.Integer(),
    withdrawn: Type.Integer(),
  }),
  outcomes: Type.Object(Outcomes),
  overdue: Type.Object({
    total: Type.Integer(),
    drillDown: DrillDown,
    byHandler: Type.Array(
      Type.Object({
        handlerId: Nullable(Type.String()),
        handlerName: Nullable(Type.String()),
        count: Type.Integer(),
        escalated: Type.Integer(),
        oldestDueAt: Type.String(),
        drillDown: DrillDown,
      }),
    ),
    byStep: Type.Array(
      Type.Object({
        processId: Type.String(),
        procedureCode: Type.String(),
        procedureName: Type.String(),
        stepId: Type.String(),
        stepName: Type.String(),
        count: Type.Integer(),
        stepLate: Type.Integer(),
        oldestDueAt: Nullable(Type.String()),
        drillDown: DrillDown,
      }),
    ),
  }),
  procedures: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      ...Outcomes,
      overdue: Type.Integer(),
      drillDown: DrillDown,
    }),
  ),
});

const Escalation = Type.Object({
  dossierId: Type.String(),
  code: Nullable(Type.String()),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  agencyCode: Type.String(),
  dueAt: Type.String(),
  escalatedAt: Type.String(),
  handlerId: Nullable(Type.String()),
  handlerName: Nullable(Type.String()),
  status: Type.String(),
  statusLabel: Type.String(),
  closed: Type.Boolean(),
});

export interface DashboardRouteDeps {
  ctx: ModuleContext;
  service: DossierService;
  catalog: CatalogApi;
  identity: IdentityApi | undefined;
}

export function registerDashboard(app: FastifyInstance, deps: DashboardRouteDeps): void {
  const dashboard = dossierDashboard(deps.ctx, {
    catalog: deps.catalog,
    identity: deps.identity,
    definition: async (id, version) => (await deps.service.getDefinition(id, version)).definition,
  });

  async function official(request: FastifyRequest): Promise<Principal> {
    const p = request.principal ?? (deps.identity ? await deps.identity.principalOf(request) : null);
    if (!p) throw commonErrors.unauthenticated();
    if (p.kind !== 'official') throw dossierErrors.forbidden('Bảng theo dõi chỉ dành cho cán bộ, công chức.');
    return p;
  }

  app.get(
    '/api/v1/office/dashboard',
    {
      config: authenticated,
      schema: {
        tags,
        summary:
          'Bảng theo dõi của lãnh đạo cơ quan: số hồ sơ, tỉ lệ đúng hạn, hồ sơ quá hạn theo người xử lý và theo bước',
        querystring: DashboardQuery,
        response: { 200: Dashboard, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) =>
      dashboard.forAgency(await official(request), request.query as { agency: string; from?: string; to?: string }),
  );

  app.get(
    '/api/v1/office/escalations',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Hồ sơ quá hạn đã được báo lên lãnh đạo (người đang đăng nhập), mới nhất trước',
        querystring: Type.Object(
          { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Escalation),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => dashboard.escalations(await official(request), request.query as { page?: number }),
  );
}
