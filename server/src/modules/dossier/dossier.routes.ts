import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commonErrors } from '../../platform/errors/index.ts';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { sendStoredFile } from './dossier.downloads.ts';
import type { GatewayCallback, PaymentService } from './dossier.payments.ts';
import { dossierResultsRoutes } from './dossier.results.routes.ts';
import {
  ActionBody,
  AnyObject,
  AppointmentParams,
  AppointmentQuery,
  CallbackBody,
  ComponentParams,
  ComponentQuery,
  DossierParams,
  ListQuery,
  PaymentParams,
  PublicLookupParams,
  PublicLookupQuery,
  SimulateBody,
  SubmitBody,
} from './dossier.schemas.ts';
import type { ActionInput, DossierService, ListQuery as ListQueryT, SubmitInput } from './dossier.service.ts';

const Problem = ProblemResponse;
const tags = ['dossier'];
const authenticated = { access: 'authenticated' } as const;
const pub = { access: 'public' } as const;
const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/octet-stream'];

export function dossierRoutes(
  app: FastifyInstance,
  service: DossierService,
  payments: PaymentService,
  identity: IdentityApi | undefined,
  options: { adminToken: string | undefined; simulator: boolean },
): void {
  async function caller(request: FastifyRequest): Promise<Principal> {
    const p = request.principal ?? (identity ? await identity.principalOf(request) : null);
    if (!p) throw commonErrors.unauthenticated();
    return p;
  }

  // --- dossiers --------------------------------------------------------------------------
  app.post(
    '/api/v1/dossiers',
    {
      config: authenticated,
      schema: {
        tags,
        summary:
          'Nộp hồ sơ trực tuyến (công dân, tổ chức) hoặc tiếp nhận tại quầy (cán bộ một cửa); header Idempotency-Key chống trùng',
        body: SubmitBody,
        response: { 201: AnyObject, 400: Problem, 401: Problem, 403: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const principal = await caller(request);
      const key = request.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' && key.trim() !== '' ? key.trim().slice(0, 200) : undefined;
      const r = await service.submit(principal, request.body as SubmitInput, {
        ...(idempotencyKey ? { idempotencyKey } : {}),
        requestId: request.id,
      });
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(r.body);
    },
  );

  app.get(
    '/api/v1/dossiers',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Danh sách hồ sơ người gọi được xem, có lọc',
        querystring: ListQuery,
        response: { 401: Problem },
      },
    },
    async (request) => service.list(await caller(request), request.query as ListQueryT),
  );

  app.get(
    '/api/v1/dossiers/:id',
    {
      config: authenticated,
      schema: { tags, summary: 'Một hồ sơ', params: DossierParams, response: { 401: Problem, 404: Problem } },
    },
    async (request) => service.get(await caller(request), (request.params as { id: string }).id),
  );

  app.get(
    '/api/v1/dossiers/:id/history',
    {
      config: authenticated,
      schema: {
        tags,
        summary:
          'Quá trình xử lý hồ sơ (Phiếu kiểm soát, Mẫu 06); người nộp thấy cơ quan, vai trò và bước xử lý, không thấy tên, mã cán bộ',
        params: DossierParams,
        response: { 401: Problem, 404: Problem },
      },
    },
    async (request) => service.timeline(await caller(request), (request.params as { id: string }).id),
  );

  app.delete(
    '/api/v1/dossiers/:id',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Người nộp xóa hồ sơ nháp chưa nộp của mình (hồ sơ đã nộp: dùng thao tác rút hồ sơ)',
        params: DossierParams,
        response: { 204: { type: 'null', description: 'Đã xóa' }, 401: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      await service.deleteDraft(await caller(request), (request.params as { id: string }).id, request.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/dossiers/:id/actions',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Thực hiện một thao tác trên hồ sơ (tiếp nhận, chuyển, bổ sung, liên thông, phê duyệt, trả kết quả…)',
        params: DossierParams,
        body: ActionBody,
        response: { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request) =>
      service.act(
        await caller(request),
        (request.params as { id: string }).id,
        request.body as ActionInput,
        request.id,
      ),
  );

  // Components take the file as the raw request body; the parser hands the stream to the blob
  // store, which enforces size and type while reading and stores nothing that fails.
  app.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    scope.put(
      '/api/v1/dossiers/:id/components/:index',
      {
        config: authenticated,
        schema: {
          tags,
          summary:
            'Tải lên một thành phần hồ sơ (PDF, JPEG, PNG, TIFF; tối đa 20 MB); bản mới thay thế bản cũ, bản cũ vẫn được lưu',
          params: ComponentParams,
          querystring: ComponentQuery,
          response: {
            201: AnyObject,
            400: Problem,
            401: Problem,
            404: Problem,
            409: Problem,
            413: Problem,
            415: Problem,
          },
        },
      },
      async (request, reply) => {
        const { id, index } = request.params as { id: string; index: number };
        const { fileName } = request.query as { fileName?: string };
        const result = await service.uploadComponent(
          await caller(request),
          id,
          index,
          request.body as NodeJS.ReadableStream,
          {
            fileName: fileName ?? `thanh-phan-${index}`,
            requestId: request.id,
          },
        );
        return reply.code(201).send(result);
      },
    );
  });

  app.get(
    '/api/v1/dossiers/:id/components/:index',
    {
      config: authenticated,
      schema: {
        tags,
        summary:
          'Tải về một thành phần hồ sơ (bản mới nhất, hoặc ?version=); ?inline=1 để xem ngay trong trang (PDF, ảnh)',
        params: ComponentParams,
        querystring: ComponentQuery,
        response: { 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id, index } = request.params as { id: string; index: number };
      const { version, inline } = request.query as { version?: number; inline?: '1' | '0' };
      const file = await service.downloadComponent(await caller(request), id, index, version);
      sendStoredFile(reply, file, inline === '1');
      return reply.send(file.stream);
    },
  );

  dossierResultsRoutes(app, service, caller);

  // --- payments ----------------------------------------------------------------------------
  app.get(
    '/api/v1/dossiers/:id/payments',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Phí, lệ phí, giao dịch và mã VietQR của hồ sơ',
        params: DossierParams,
        response: { 401: Problem, 404: Problem },
      },
    },
    async (request) => payments.summary(await caller(request), (request.params as { id: string }).id),
  );

  app.post(
    '/api/v1/dossiers/:id/payments',
    {
      config: authenticated,
      schema: {
        tags,
        summary: 'Bắt đầu thanh toán các khoản chưa nộp; trả địa chỉ cổng thanh toán',
        params: DossierParams,
        response: { 201: AnyObject, 401: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await payments.start(await caller(request), (request.params as { id: string }).id, request.id)),
  );

  app.post(
    '/api/v1/payments/callback',
    {
      config: pub,
      schema: {
        tags,
        summary:
          'Thông báo kết quả thanh toán từ cổng thanh toán (ký HMAC-SHA256); gửi lại nhiều lần không có tác dụng thêm',
        body: CallbackBody,
        response: { 400: Problem, 404: Problem },
      },
    },
    async (request) => payments.callback(request.body as GatewayCallback),
  );

  if (options.simulator) {
    app.post(
      '/api/v1/payments/simulator/:paymentId',
      {
        config: pub,
        schema: {
          tags,
          summary:
            'Cổng thanh toán giả lập (không có khi chạy thật): người nộp thanh toán thành công hoặc thất bại; trả thông báo đã ký mà cổng sẽ gửi',
          params: PaymentParams,
          body: SimulateBody,
          response: { 404: Problem },
        },
      },
      async (request) =>
        payments.simulate(
          (request.params as { paymentId: string }).paymentId,
          (request.body as { outcome: 'success' | 'failure' }).outcome,
        ),
    );
  }

  // --- public ------------------------------------------------------------------------------
  app.get(
    '/api/v1/public/dossiers/:code',
    {
      config: pub,
      schema: {
        tags,
        summary:
          'Tra cứu tình trạng hồ sơ bằng mã hồ sơ và 4 số cuối điện thoại/số định danh (không có thông tin cá nhân)',
        params: PublicLookupParams,
        querystring: PublicLookupQuery,
        response: { 404: Problem, 429: Problem },
      },
    },
    async (request) =>
      service.publicLookup(
        (request.params as { code: string }).code,
        (request.query as { check: string }).check,
        request.ip,
      ),
  );

  app.get(
    '/api/v1/procedures/:code/appointment',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Ngày hẹn trả dự kiến nếu hồ sơ được tiếp nhận đầy đủ ngay bây giờ',
        params: AppointmentParams,
        querystring: AppointmentQuery,
        response: { 404: Problem, 422: Problem },
      },
    },
    async (request) =>
      service.predictAppointment(
        (request.params as { code: string }).code,
        (request.query as { agency: string }).agency,
      ),
  );

  // Process definitions: dossier.process-definitions.routes.ts (registered by index.ts).
}
