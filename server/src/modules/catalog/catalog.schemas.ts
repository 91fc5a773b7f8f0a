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
