import { type Static, Type } from 'typebox';

export const DocumentTypeGroup = Type.Union([Type.Literal('van_ban_hanh_chinh'), Type.Literal('ban_sao')]);

export const DocumentType = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String({ description: 'Mã ổn định của loại văn bản, ví dụ "quyet-dinh"' }),
  name: Type.String({ description: 'Tên loại văn bản' }),
  abbreviation: Type.Union([Type.String(), Type.Null()], { description: 'Chữ viết tắt dùng trong ký hiệu văn bản' }),
  group: DocumentTypeGroup,
  note: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.String(),
  validFrom: Type.String({ format: 'date' }),
  validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
});
export type DocumentType = Static<typeof DocumentType>;

export const CreateDocumentTypeBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    abbreviation: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 10 }), Type.Null()])),
    group: DocumentTypeGroup,
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    legalBasis: Type.String({ minLength: 1, maxLength: 300 }),
    validFrom: Type.String({ format: 'date' }),
  },
  { additionalProperties: false },
);
export type CreateDocumentTypeBody = Static<typeof CreateDocumentTypeBody>;

export const DocumentTypeListQuery = Type.Object(
  { on: Type.Optional(Type.String({ format: 'date', description: 'Ngày hiệu lực cần xem (mặc định hôm nay)' })) },
  { additionalProperties: false },
);

export const DocumentTypeParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const DocumentTypeList = Type.Object({ items: Type.Array(DocumentType), on: Type.String({ format: 'date' }) });

// ---------------------------------------------------------------------------------------------
// Administrative units (effective-dated; validFrom/validTo inclusive, validFrom null = unknown)

export const UnitLevel = Type.Union([Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]);
export type UnitLevel = Static<typeof UnitLevel>;

const UnitCode = Type.String({
  pattern: '^(\\d{2}|\\d{3}|\\d{5})$',
  description: 'Mã đơn vị hành chính (2, 3 hoặc 5 chữ số)',
});

export const AdminUnit = Type.Object({
  code: Type.String({ description: 'Mã chính thức; được dùng lại theo thời gian, khoá là (mã, hiệu lực)' }),
  level: UnitLevel,
  name: Type.String({ description: 'Tên không kèm loại đơn vị, ví dụ "Vị Thanh"' }),
  fullName: Type.String({ description: 'Tên đầy đủ, ví dụ "Phường Vị Thanh"' }),
  unitType: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  validFrom: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'Ngày bắt đầu hiệu lực; null = không rõ (danh mục trước 2025 là ảnh chụp)',
  }),
  validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'Ngày cuối cùng còn hiệu lực (tính cả ngày này); null = đang hiệu lực',
  }),
});
export type AdminUnit = Static<typeof AdminUnit>;

export const UnitListQuery = Type.Object(
  {
    on: Type.Optional(Type.String({ format: 'date', description: 'Ngày hiệu lực cần xem (mặc định hôm nay)' })),
    level: Type.Optional(UnitLevel),
    parent: Type.Optional(UnitCode),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Tìm theo tên, có hoặc không có dấu ("vi thanh")' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type UnitListQuery = Static<typeof UnitListQuery>;

export const UnitList = Type.Object({
  items: Type.Array(AdminUnit),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  on: Type.String({ format: 'date' }),
});
export type UnitList = Static<typeof UnitList>;

export const UnitParams = Type.Object({ code: UnitCode }, { additionalProperties: false });

export const UnitDetailQuery = Type.Object(
  { on: Type.Optional(Type.String({ format: 'date', description: 'Ngày hiệu lực cần xem (mặc định hôm nay)' })) },
  { additionalProperties: false },
);

export const UnitLink = Type.Object({
  code: Type.String(),
  name: Type.String({ description: 'Tên đầy đủ của đơn vị vào ngày chuyển đổi' }),
  kind: Type.Union([Type.Literal('full'), Type.Literal('partial')], {
    description: 'full: toàn bộ đơn vị cũ; partial: một phần (đơn vị cũ bị chia)',
  }),
  effectiveDate: Type.String({ format: 'date', description: 'Ngày đơn vị mới bắt đầu hiệu lực' }),
  correctedFrom: Type.Union([Type.String(), Type.Null()], {
    description: 'Mã trong bảng sắp xếp (danh sách dự thảo) đã được hiệu chỉnh',
  }),
});
export type UnitLink = Static<typeof UnitLink>;

export const UnitDetail = Type.Object({
  ...AdminUnit.properties,
  on: Type.String({ format: 'date' }),
  parent: Type.Union([AdminUnit, Type.Null()]),
  predecessors: Type.Array(UnitLink),
  successors: Type.Array(UnitLink),
});
export type UnitDetail = Static<typeof UnitDetail>;

export const UnitImportDefect = Type.Object({
  seq: Type.Integer(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
  kind: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
  details: Type.Unknown({ description: 'Dữ kiện có cấu trúc cho người rà soát' }),
  suggestion: Type.Union([Type.String(), Type.Null()]),
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
});
export type UnitImportDefect = Static<typeof UnitImportDefect>;

export const UnitImportDefectList = Type.Object({
  items: Type.Array(UnitImportDefect),
  total: Type.Integer(),
  unresolvedErrors: Type.Integer({ description: 'Lỗi chưa được xử lý bằng bảng hiệu chỉnh' }),
});
export type UnitImportDefectList = Static<typeof UnitImportDefectList>;

// ---------------------------------------------------------------------------------------------
// Procedures (thủ tục hành chính), versioned; and the national index of procedure codes

export const ImplementingLevel = Type.Union(
  [
    Type.Literal('ministry'),
    Type.Literal('province'),
    Type.Literal('district'),
    Type.Literal('commune'),
    Type.Literal('other'),
  ],
  { description: 'Cấp thực hiện' },
);

const SearchText = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Từ khoá, có hoặc không có dấu, chấp nhận gõ sai ("dang ky khai sinh", "giấy phép xây dựng")',
});
const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20 });
const Offset = Type.Integer({ minimum: 0, maximum: 10_000, default: 0 });

export const ProcedureListQuery = Type.Object(
  {
    q: Type.Optional(SearchText),
    sector: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Lĩnh vực, ví dụ "Hộ tịch"' })),
    level: Type.Optional(ImplementingLevel),
    flagged: Type.Optional(
      Type.Boolean({ description: 'true: chỉ các thủ tục có trường cần quản trị viên kiểm tra (flagCount > 0)' }),
    ),
    limit: Type.Optional(Limit),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type ProcedureListQuery = Static<typeof ProcedureListQuery>;

export const ProcedureSummary = Type.Object({
  code: Type.String({ description: 'Mã thủ tục quốc gia, ví dụ "1.001193"' }),
  name: Type.String(),
  sector: Type.String(),
  levels: Type.Array(Type.String()),
  versionFrom: Type.String({ format: 'date' }),
  versionTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  flagCount: Type.Integer({ description: 'Số trường chưa đọc được, cần quản trị viên kiểm tra' }),
  score: Type.Number({ description: 'Độ phù hợp với từ khoá (0–1); 1 khi không tìm theo từ khoá' }),
});
export type ProcedureSummary = Static<typeof ProcedureSummary>;

export const ProcedureList = Type.Object({
  items: Type.Array(ProcedureSummary),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type ProcedureList = Static<typeof ProcedureList>;

export const ProcedureParams = Type.Object(
  { code: Type.String({ pattern: '^\\d\\.\\d{6}$', description: 'Mã thủ tục quốc gia' }) },
  { additionalProperties: false },
);

export const ProcedureFlag = Type.Object({
  field: Type.String(),
  raw: Type.String(),
  reason: Type.String(),
  code: Type.String(),
});

export const ProcedureDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  sector: Type.String(),
  levels: Type.Array(Type.String()),
  versionFrom: Type.String({ format: 'date' }),
  versionTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  record: Type.Unknown({
    description: 'Bản ghi đã phân tích: mỗi trường có giá trị (null khi không đọc được) và văn bản gốc (raw)',
  }),
  rawText: Type.Union([Type.String(), Type.Null()], { description: 'Toàn văn trang đã thu thập' }),
  flags: Type.Array(ProcedureFlag),
  flagCount: Type.Integer(),
});
export type ProcedureDetail = Static<typeof ProcedureDetail>;

export const ProcedureIndexQuery = Type.Object(
  { q: Type.Optional(SearchText), limit: Type.Optional(Limit), offset: Type.Optional(Offset) },
  { additionalProperties: false },
);
export type ProcedureIndexQuery = Static<typeof ProcedureIndexQuery>;

export const ProcedureIndexEntry = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String({ description: 'Cấp thực hiện như văn bản gốc ghi' }),
  sector: Type.String(),
  decidingAct: Type.String({ description: 'Quyết định công bố thủ tục' }),
  ministryFolder: Type.String(),
  detailUrl: Type.String(),
  score: Type.Number(),
});

export const ProcedureIndexList = Type.Object({
  items: Type.Array(ProcedureIndexEntry),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type ProcedureIndexList = Static<typeof ProcedureIndexList>;

export const UnitSuccessorsQuery = Type.Object(
  {
    on: Type.Optional(
      Type.String({ format: 'date', description: 'Ngày đơn vị cũ còn hiệu lực (mã có thể đã được dùng lại)' }),
    ),
    at: Type.Optional(
      Type.String({ format: 'date', description: 'Ngày cần biết đơn vị hiện hành (mặc định hôm nay)' }),
    ),
  },
  { additionalProperties: false },
);

export const UnitSuccessors = Type.Object({
  code: Type.String(),
  on: Type.String({ format: 'date' }),
  at: Type.String({ format: 'date' }),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      kind: Type.Union([Type.Literal('full'), Type.Literal('partial')], {
        description: 'partial: chỉ một phần đơn vị cũ nhập vào đơn vị này',
      }),
      path: Type.Array(Type.String(), { description: 'Chuỗi mã từ đơn vị cũ tới đơn vị hiện hành' }),
    }),
  ),
});

export const SectorList = Type.Object({
  items: Type.Array(Type.Object({ name: Type.String(), procedures: Type.Integer(), indexed: Type.Integer() })),
  total: Type.Integer(),
});

// ---------------------------------------------------------------------------------------------
// Administration of procedures: versions and corrections (issue 7)

const CorrectionLog = Type.Object({
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.String(),
  source: Type.String(),
  by: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  at: Type.String(),
  effectiveFrom: Type.String({ format: 'date' }),
});

export const ProcedureVersion = Type.Object({
  code: Type.String(),
  name: Type.String(),
  versionFrom: Type.String({ format: 'date' }),
  versionTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  current: Type.Boolean(),
  etag: Type.String({ description: 'Gửi lại trong header If-Match khi sửa phiên bản này' }),
  flagCount: Type.Integer(),
  flags: Type.Array(
    Type.Object({
      ...ProcedureFlag.properties,
      correctable: Type.Boolean({ description: 'Quản trị viên sửa được trường này qua API sửa thủ tục' }),
    }),
  ),
  corrections: Type.Array(CorrectionLog, { description: 'Các lần quản trị viên sửa, với nguồn và lý do' }),
});

export const ProcedureVersionList = Type.Object({ code: Type.String(), items: Type.Array(ProcedureVersion) });

export const ProcedureCorrectionBody = Type.Object(
  {
    corrections: Type.Array(
      Type.Object(
        {
          field: Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'Đường dẫn trường như trong flags, ví dụ channels[0].fees[1].amountVnd',
          }),
          value: Type.Unknown({ description: 'Giá trị mới (kiểu theo trường)' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    reason: Type.String({ maxLength: 2000, description: 'Lý do sửa (ít nhất 5 ký tự; kiểm tra ở máy chủ)' }),
    source: Type.String({
      maxLength: 1000,
      description: 'Nguồn của giá trị mới: văn bản, quyết định công bố, nghị quyết HĐND…',
    }),
    effectiveFrom: Type.Optional(
      Type.String({ format: 'date', description: 'Ngày phiên bản mới có hiệu lực (mặc định hôm nay, không sớm hơn)' }),
    ),
  },
  { additionalProperties: false },
);

export const ProcedureCorrectionResult = Type.Object({
  mode: Type.Union([Type.Literal('new_version'), Type.Literal('amended')], {
    description: 'new_version: phiên bản mới từ effectiveFrom; amended: sửa phiên bản bắt đầu cùng ngày',
  }),
  version: ProcedureVersion,
  cleared: Type.Array(ProcedureFlag, { description: 'Các điểm cần kiểm tra đã được giải quyết' }),
});
