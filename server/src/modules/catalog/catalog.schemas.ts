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
