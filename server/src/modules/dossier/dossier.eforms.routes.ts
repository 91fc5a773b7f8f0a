/**
 * E-forms and drafts (contract "E-forms and drafts"):
 *  - GET /api/v1/procedures/:code/eform — the procedure's e-form in force today, public (the portal
 *    renders it before sign-in): { procedureCode, version, title, schema }, or 404;
 *  - PATCH /api/v1/dossiers/:id/form-data — the applicant replaces a draft's form data after a
 *    partial validation (dossier.drafts.ts); the `submit` action then validates it fully.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { vnDate } from '../../platform/clock/index.ts';
import { AppError, commonErrors } from '../../platform/errors/index.ts';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { type DraftFormDataInput, draftService } from './dossier.drafts.ts';
import { AnyObject, DossierParams } from './dossier.schemas.ts';
import type { DossierService } from './dossier.service.ts';
import { eforms } from './eforms/index.ts';

const tags = ['dossier'];
const Problem = ProblemResponse;

const EFormParams = Type.Object({
  code: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$', description: 'Mã thủ tục hành chính quốc gia' }),
});

const FormDataBody = Type.Object(
  {
    formData: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Toàn bộ dữ liệu tờ khai (thay thế bản đã lưu); được kiểm tra từng phần, chưa bắt buộc đủ',
    }),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'Phiên bản hồ sơ người gọi đã thấy' })),
  },
  { additionalProperties: false },
);

const noEForm = (code: string) =>
  new AppError({
    code: 'EFORM_NOT_FOUND',
    status: 404,
    title: 'Thủ tục chưa có tờ khai điện tử',
    detail: `Thủ tục «${code}» chưa có tờ khai điện tử áp dụng hôm nay.`,
  });

export function dossierEformsRoutes(
  app: FastifyInstance,
  ctx: ModuleContext,
  service: DossierService,
  identity: IdentityApi | undefined,
): void {
  const drafts = draftService(ctx, service);

  async function caller(request: FastifyRequest): Promise<Principal> {
    const p = request.principal ?? (identity ? await identity.principalOf(request) : null);
    if (!p) throw commonErrors.unauthenticated();
    return p;
  }

  app.get(
    '/api/v1/procedures/:code/eform',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Tờ khai điện tử của thủ tục (JSON Schema: mỗi phần là một trang, mỗi trường có nhãn tiếng Việt như trên mẫu giấy)',
        params: EFormParams,
        response: { 200: AnyObject, 404: Problem },
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      const doc = eforms.document(code, vnDate(ctx.clock.now()));
      if (!doc) throw noEForm(code);
      return doc;
    },
  );

  app.patch(
    '/api/v1/dossiers/:id/form-data',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Lưu tờ khai của hồ sơ đang soạn (chỉ người nộp); kiểm tra kiểu, định dạng, độ dài các trường đã điền',
        params: DossierParams,
        body: FormDataBody,
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
    async (request) =>
      drafts.updateFormData(
        await caller(request),
        (request.params as { id: string }).id,
        request.body as DraftFormDataInput,
        request.id,
      ),
  );
}
