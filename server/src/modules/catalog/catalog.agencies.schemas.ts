import { Type } from 'typebox';

const On = Type.Optional(Type.String({ format: 'date', description: 'Ngày hiệu lực cần xem (mặc định hôm nay)' }));
export const AgencyCodeParam = Type.String({
  minLength: 5,
  maxLength: 35,
  pattern: '^[0-9A-Za-z.\\-_]+$',
  description: 'Mã định danh điện tử (QCVN 102:2016, Quyết định 20/2020/QĐ-TTg), ví dụ 000.00.00.H53',
});

export const Agency = Type.Object({
  code: Type.String(),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  kindLabel: Type.String({ description: 'Loại cơ quan bằng tiếng Việt' }),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.Union([Type.String(), Type.Null()], { description: 'Đơn vị hành chính cơ quan phục vụ' }),
  validFrom: Type.String({ format: 'date' }),
  validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  origin: Type.String({ description: 'registry | import | demo: nguồn của bản ghi' }),
});

export const AgencyListQuery = Type.Object(
  {
    on: On,
    parent: Type.Optional(AgencyCodeParam),
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    unit: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$' })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Tìm theo tên hoặc mã, có hoặc không dấu' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const AgencyList = Type.Object({
  items: Type.Array(Agency),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  on: Type.String({ format: 'date' }),
});

export const AgencyParams = Type.Object({ code: AgencyCodeParam }, { additionalProperties: false });
export const AgencyOnQuery = Type.Object({ on: On }, { additionalProperties: false });

export const AgencyDetail = Type.Intersect([
  Agency,
  Type.Object({
    etag: Type.String({ description: 'Gửi lại trong header If-Match khi sửa hoặc giải thể phiên bản này' }),
    ancestors: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
      description: 'Các cơ quan cấp trên, gần nhất trước',
    }),
    childCount: Type.Integer(),
    versions: Type.Array(
      Type.Object({
        validFrom: Type.String(),
        validTo: Type.Union([Type.String(), Type.Null()]),
        name: Type.String(),
      }),
    ),
  }),
]);

/** A node of the tree: the Agency fields plus `children` (same shape, recursively). */
export const AgencyTree = Type.Object(
  {},
  { additionalProperties: true, description: 'Cơ quan và các cơ quan trực thuộc (children)' },
);

export const AgencyExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })),
    on: On,
  },
  { additionalProperties: false },
);

export const AgencyImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Chỉ kiểm tra, không ghi' })),
    skipInvalid: Type.Optional(
      Type.Boolean({ default: false, description: 'Nạp các dòng hợp lệ, bỏ qua và báo cáo các dòng có lỗi' }),
    ),
    filename: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const AgencyImportReport = Type.Object({
  format: Type.String(),
  read: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  dryRun: Type.Boolean(),
  skipped: Type.Integer({ description: 'Số dòng bị bỏ qua vì có lỗi (khi skipInvalid)' }),
  defects: Type.Array(
    Type.Object({
      row: Type.Integer(),
      field: Type.String(),
      value: Type.String(),
      message: Type.String(),
      severity: Type.String(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Administration (issue 7): create, change from a date, close. Values are checked by the service
// (agency-import's checks, in Vietnamese), so the schemas only bound types and lengths.

const Text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const Reason = Type.String({
  maxLength: 2000,
  description: 'Lý do, văn bản quyết định (ví dụ "Quyết định 123/QĐ-UBND ngày 01/7/2026")',
});

const AgencyFields = {
  name: Type.String({ maxLength: 300 }),
  shortName: Type.Optional(Text(100)),
  kind: Type.String({ minLength: 1, maxLength: 40, description: 'Loại cơ quan (department, division, …)' }),
  parentCode: Type.Optional(Text(35)),
  unitCode: Type.Optional(Text(5)),
  email: Type.Optional(Text(200)),
  phone: Type.Optional(Text(50)),
  address: Type.Optional(Text(500)),
};

export const CreateAgencyBody = Type.Object(
  {
    code: Type.String({ maxLength: 40, description: 'Mã định danh điện tử, ví dụ 000.00.05.H99' }),
    ...AgencyFields,
    validFrom: Type.Optional(Type.String({ format: 'date', description: 'Ngày bắt đầu hiệu lực (mặc định hôm nay)' })),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const ChangeAgencyBody = Type.Object(
  {
    name: Type.Optional(AgencyFields.name),
    shortName: AgencyFields.shortName,
    kind: Type.Optional(AgencyFields.kind),
    parentCode: AgencyFields.parentCode,
    unitCode: AgencyFields.unitCode,
    email: AgencyFields.email,
    phone: AgencyFields.phone,
    address: AgencyFields.address,
    effectiveFrom: Type.Optional(
      Type.String({ format: 'date', description: 'Ngày thay đổi có hiệu lực (mặc định hôm nay, không sớm hơn)' }),
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const CloseAgencyBody = Type.Object(
  {
    validTo: Type.String({ format: 'date', description: 'Ngày cuối cùng cơ quan còn hiệu lực' }),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const AgencyChangeResult = Type.Object({
  mode: Type.Union([Type.Literal('new_version'), Type.Literal('amended')]),
  agency: AgencyDetail,
});
