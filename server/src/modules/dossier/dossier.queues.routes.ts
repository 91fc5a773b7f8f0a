/**
 * HTTP routes of the back office's work queues (issue 7):
 *  - GET /api/v1/office/queues — the caller's count in every queue;
 *  - GET /api/v1/office/queues/:queue?procedure=&sector=&from=&to=&channel=&q=&page= — one page.
 * Officials only: a citizen or an organisation gets 403 (their dossiers are in "Hồ sơ của tôi").
 * `registerQueues` builds the service and adds the routes (called from index.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { commonErrors } from '../../platform/errors/index.ts';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { dossierErrors } from './dossier.errors.ts';
import { dossierQueues, QUEUE_LABELS, QUEUES, type QueueFilter, type QueueId } from './dossier.queues.ts';
import type { DossierService } from './dossier.service.ts';

const tags = ['dossier'];
const Problem = ProblemResponse;
const authenticated = { access: 'authenticated' } as const;

const queueList = QUEUES.map((q) => `${q} (${QUEUE_LABELS[q]})`).join(', ');

export const QueueParams = Type.Object({
  queue: Type.Union(
    QUEUES.map((q) => Type.Literal(q)),
    { description: `Hàng đợi: ${queueList}` },
  ),
});

const VnDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Ngày (yyyy-mm-dd, giờ Việt Nam)' });

export const QueueQuery = Type.Object(
  {
    procedure: Type.Optional(Type.String({ pattern: '^[0-9]\\.[0-9]{6}$', description: 'Mã thủ tục' })),
    sector: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Lĩnh vực' })),
    from: Type.Optional({ ...VnDate, description: 'Nộp từ ngày' }),
    to: Type.Optional({ ...VnDate, description: 'Nộp đến ngày' }),
    channel: Type.Optional(
      Type.Union([Type.Literal('online'), Type.Literal('in_person'), Type.Literal('postal')], {
        description: 'Kênh nộp',
      }),
    ),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Mã hồ sơ, tên hoặc số giấy tờ người nộp (không cần dấu)' }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

const QueueCount = Type.Object({ id: Type.String(), label: Type.String(), count: Type.Integer() });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const QueueItem = Type.Object({
  id: Type.String(),
  code: Nullable(Type.String()),
  applicantName: Type.String(),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  stepId: Type.String(),
  stepName: Type.String(),
  assigneeId: Nullable(Type.String()),
  handlingAgency: Type.String(),
  receivingAgency: Type.String(),
  channel: Type.String(),
  submittedAt: Nullable(Type.String()),
  receivedAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String()),
  stepDueAt: Nullable(Type.String()),
  dueState: Nullable(
    Type.Union([Type.Literal('early'), Type.Literal('on-time'), Type.Literal('due-soon'), Type.Literal('overdue')]),
  ),
  version: Type.Integer(),
});

export interface QueuesRouteDeps {
  ctx: ModuleContext;
  service: DossierService;
  catalog: CatalogApi;
  identity: IdentityApi | undefined;
}

export function registerQueues(app: FastifyInstance, deps: QueuesRouteDeps): void {
  const queues = dossierQueues(deps.ctx, {
    catalog: deps.catalog,
    definition: async (id, version) => (await deps.service.getDefinition(id, version)).definition,
  });

  async function official(request: FastifyRequest): Promise<Principal> {
    const p = request.principal ?? (deps.identity ? await deps.identity.principalOf(request) : null);
    if (!p) throw commonErrors.unauthenticated();
    if (p.kind !== 'official') throw dossierErrors.forbidden('Hàng đợi công việc chỉ dành cho cán bộ, công chức.');
    return p;
  }

  app.get(
    '/api/v1/office/queues',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Số hồ sơ trong từng hàng đợi công việc của cán bộ đang đăng nhập',
        response: {
          200: Type.Object({ queues: Type.Array(QueueCount) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => queues.counts(await official(request)),
  );

  app.get(
    '/api/v1/office/queues/:queue',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Hồ sơ trong một hàng đợi, khẩn nhất trước; lọc theo thủ tục, lĩnh vực, ngày nộp, kênh, từ khóa',
        params: QueueParams,
        querystring: QueueQuery,
        response: {
          200: Type.Object({
            queue: Type.String(),
            label: Type.String(),
            items: Type.Array(QueueItem),
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
    async (request) => {
      const { queue } = request.params as { queue: QueueId };
      const query = request.query as QueueFilter;
      if (query.from && query.to && query.from > query.to) {
        throw commonErrors.validation([{ field: '/querystring/to', message: 'Ngày kết thúc phải sau ngày bắt đầu.' }]);
      }
      return queues.items(await official(request), queue, query);
    },
  );
}
