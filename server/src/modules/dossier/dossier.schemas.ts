import { Type } from 'typebox';
import { ACTION_KINDS, DOSSIER_STATUSES } from './domain/index.ts';

const ID = Type.String({ format: 'uuid', description: 'Mã nội bộ của hồ sơ (UUID)' });

export const DossierParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ComponentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  index: Type.Integer({ minimum: 0, maximum: 999 }),
});
/** `?inline=1`: shown in the page (PDF, images) instead of downloaded; other types are still downloaded. */
const Inline = Type.Optional(
  Type.Union([Type.Literal('1'), Type.Literal('0')], {
    description: '1 = hiển thị ngay trong trang (chỉ PDF và ảnh; loại khác vẫn tải về)',
  }),
);

export const ComponentQuery = Type.Object({
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  inline: Inline,
});

export const DownloadQuery = Type.Object({ inline: Inline });

export const Applicant = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('citizen'), Type.Literal('organisation')])),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Họ tên người nộp / tên tổ chức' }),
    idNumber: Type.Optional(Type.String({ maxLength: 20, description: 'Số định danh cá nhân hoặc mã số thuế' })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const SubmitBody = Type.Object(
  {
    procedureCode: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$', description: 'Mã thủ tục hành chính quốc gia' }),
    agencyCode: Type.String({ minLength: 1, maxLength: 35, description: 'Mã cơ quan tiếp nhận' }),
    applicant: Applicant,
    formData: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Dữ liệu tờ khai điện tử' })),
    channel: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('in_person'), Type.Literal('postal')])),
    submit: Type.Optional(Type.Boolean({ description: 'false: lưu nháp để tải thành phần hồ sơ rồi nộp sau' })),
    receive: Type.Optional(Type.Boolean({ description: 'Cán bộ một cửa tiếp nhận ngay tại quầy (Mẫu 01)' })),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    // The applicant's two actions, then the officials' (the process definitions' vocabulary).
    // `assign` (phân công / phân công lại) is the dossier's own action, not declared per step.
    kind: Type.Union(['submit', 'provide_supplement', ...ACTION_KINDS, 'assign'].map((k) => Type.Literal(k))),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'Bước đích khi bước có nhiều thao tác cùng loại' })),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
    reason: Type.Optional(Type.String({ maxLength: 4000 })),
    nextHandler: Type.Optional(Type.String({ maxLength: 64, description: 'Tài khoản người xử lý tiếp theo' })),
    coHandlers: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
    targetAgency: Type.Optional(Type.String({ maxLength: 35, description: 'Cơ quan nhận liên thông' })),
    newDueDate: Type.Optional(
      Type.String({ maxLength: 40, description: 'Ngày hẹn trả mới (YYYY-MM-DD hoặc thời điểm ISO)' }),
    ),
    resultFileIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object({
  status: Type.Optional(
    Type.String({
      maxLength: 300,
      description: `Một hoặc nhiều trạng thái, cách nhau dấu phẩy: ${DOSSIER_STATUSES.join(', ')}`,
    }),
  ),
  agency: Type.Optional(
    Type.String({ maxLength: 35, description: 'Cơ quan đang giải quyết hồ sơ (gồm các đơn vị trực thuộc)' }),
  ),
  receivingAgency: Type.Optional(Type.String({ maxLength: 35, description: 'Cơ quan tiếp nhận hồ sơ' })),
  procedure: Type.Optional(Type.String({ maxLength: 35, description: 'Mã thủ tục hành chính' })),
  assignee: Type.Optional(Type.String({ maxLength: 64, description: '"me" = hồ sơ được giao cho tôi' })),
  unassigned: Type.Optional(Type.Boolean({ description: 'true = hồ sơ chưa giao cho cán bộ nào ở bước hiện tại' })),
  process: Type.Optional(Type.String({ maxLength: 200, description: 'Mã quy trình nội bộ (định nghĩa quy trình)' })),
  step: Type.Optional(
    Type.String({ maxLength: 100, description: 'Bước hiện tại của hồ sơ (mã bước trong quy trình; dùng kèm process)' }),
  ),
  dueFrom: Type.Optional(Type.String({ format: 'date-time' })),
  dueTo: Type.Optional(Type.String({ format: 'date-time' })),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Mã hồ sơ, tên hoặc số giấy tờ người nộp (không cần dấu)' }),
  ),
  sort: Type.Optional(
    Type.Union([Type.Literal('submittedAt'), Type.Literal('createdAt')], {
      description:
        'Sắp xếp mới nhất trước theo ngày nộp (submittedAt; bản nháp sau cùng) hoặc ngày tạo (createdAt); mặc định: hạn giải quyết gần nhất trước',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const PublicLookupParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
export const PublicLookupQuery = Type.Object({
  check: Type.String({
    minLength: 1,
    maxLength: 20,
    description: '4 số cuối số điện thoại hoặc số định danh của người nộp',
  }),
});

export const AppointmentParams = Type.Object({ code: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' }) });
export const AppointmentQuery = Type.Object({ agency: Type.String({ minLength: 1, maxLength: 35 }) });

export const DefinitionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  version: Type.Integer({ minimum: 1 }),
});
export const DefinitionListQuery = Type.Object({
  procedureCode: Type.Optional(Type.String({ maxLength: 20 })),
  agencyCode: Type.Optional(Type.String({ maxLength: 35 })),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('retired')])),
});
export const DefinitionFormatQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('mermaid'), Type.Literal('svg')])),
});
export const DefinitionStatusBody = Type.Object(
  {
    status: Type.Union([Type.Literal('published'), Type.Literal('retired')]),
    effectiveTo: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const PaymentParams = Type.Object({ paymentId: Type.String({ format: 'uuid' }) });
export const SimulateBody = Type.Object(
  { outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]) },
  { additionalProperties: false },
);
export const CallbackBody = Type.Object(
  {
    paymentId: Type.String({ format: 'uuid' }),
    transactionNo: Type.String({ minLength: 1, maxLength: 64 }),
    amountVnd: Type.Integer({ minimum: 0 }),
    status: Type.String({ minLength: 1, maxLength: 8 }),
    signature: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);

/** Responses are documented loosely: the view objects are built by the service. */
export const AnyObject = Type.Object({}, { additionalProperties: true });
export { ID };

export const ResultParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  fileId: Type.String({ minLength: 1, maxLength: 64 }),
});
export const ResultQuery = Type.Object({
  fileName: Type.Optional(Type.String({ maxLength: 255 })),
});
