import { type Static, type TSchema, Type } from 'typebox';
import { ROLES } from './identity.types.ts';

export const Problem = Type.Object(
  {},
  { additionalProperties: true, description: 'application/problem+json (RFC 9457)' },
);

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const RoleName = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'Vai trò: citizen, one_stop_officer, specialist, leader, clerk, agency_admin, province_admin' },
);

export const AccountKindSchema = Type.Union([
  Type.Literal('official'),
  Type.Literal('citizen'),
  Type.Literal('organisation'),
]);

export const RoleGrantSchema = Type.Object({
  role: RoleName,
  agencyCode: Nullable(
    Type.String({ description: 'Cơ quan mà vai trò bao trùm (cả các đơn vị trực thuộc); null = toàn tỉnh' }),
  ),
});

// ---- auth

export const LoginBody = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Tên đăng nhập: số định danh cá nhân (công dân), mã số thuế (tổ chức) hoặc tên tài khoản cán bộ',
    }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    otp: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description: 'Mã 6 chữ số từ ứng dụng xác thực, hoặc một mã khôi phục',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: AccountKindSchema,
  name: Type.String(),
  username: Type.String(),
  agencyCode: Type.Optional(Type.String()),
  roles: Type.Array(RoleGrantSchema),
  acr: Type.Optional(Type.String({ description: 'Mức độ bảo đảm danh tính của phiên (ví dụ mức 2 của VNeID)' })),
  mfaEnrolled: Type.Boolean(),
  mfaEnrolmentRequired: Type.Boolean({
    description: 'true: vai trò bắt buộc xác thực hai lớp; phiên chỉ được đăng ký ứng dụng xác thực',
  }),
  hasPassword: Type.Boolean({
    description:
      'false: tài khoản chưa có mật khẩu (tạo qua đăng nhập bên ngoài, ví dụ VNeID); trang tài khoản cho đặt mật khẩu đầu tiên thay vì đổi mật khẩu',
  }),
  sessionId: Type.String({ format: 'uuid' }),
});

export const SessionView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  current: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  ip: Type.String(),
  userAgent: Type.String(),
  acr: Nullable(Type.String()),
  amr: Type.Array(Type.String()),
});
export const SessionList = Type.Object({ items: Type.Array(SessionView) });
export const SessionParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const LogoutAllResult = Type.Object({ ended: Type.Integer() });

export const ForgotBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 128, description: 'Tên đăng nhập của tài khoản' }) },
  { additionalProperties: false },
);
export const Accepted = Type.Object({ message: Type.String() });

export const ResetBody = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200, description: 'Mã trong liên kết đã gửi qua thư điện tử' }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type ResetBody = Static<typeof ResetBody>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const MfaEnrolResult = Type.Object({
  secret: Type.String({ description: 'Khoá bí mật (base32) để nhập tay vào ứng dụng xác thực' }),
  otpauthUri: Type.String({ description: 'Địa chỉ otpauth:// để tạo mã QR' }),
});
export const MfaProofBody = Type.Object(
  {
    otp: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description: 'Mã 6 chữ số hiện tại của ứng dụng xác thực, hoặc một mã khôi phục (khi đã bật xác thực hai lớp)',
      }),
    ),
    currentPassword: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: 'Mật khẩu hiện tại (lần đầu đăng ký, khi phiên đã đăng nhập quá 10 phút)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MfaProofBody = Static<typeof MfaProofBody>;
export const MfaConfirmBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 16, description: 'Mã 6 chữ số đang hiện trên ứng dụng xác thực' }) },
  { additionalProperties: false },
);
export const MfaConfirmResult = Type.Object({
  recoveryCodes: Type.Array(Type.String(), {
    description: '10 mã khôi phục, mỗi mã dùng một lần; chỉ hiển thị lần này — hãy lưu lại',
  }),
});

const Email = Type.String({ format: 'email', maxLength: 254 });
const Phone = Type.String({ pattern: '^\\+?[0-9 .-]{8,20}$', description: 'Số điện thoại' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Password = Type.String({ minLength: 1, maxLength: 256 });

export const RegisterCitizenBody = Type.Object(
  {
    citizenId: Type.String({ minLength: 1, maxLength: 20, description: 'Số định danh cá nhân (12 chữ số)' }),
    name: Name,
    email: Email,
    phone: Type.Optional(Phone),
    password: Password,
  },
  { additionalProperties: false },
);
export type RegisterCitizenBody = Static<typeof RegisterCitizenBody>;

export const RegisterOrganisationBody = Type.Object(
  {
    taxCode: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'Mã số thuế/mã số doanh nghiệp: 10 chữ số, hoặc 13 chữ số dạng 0123456789-001',
    }),
    name: Name,
    email: Email,
    phone: Type.Optional(Phone),
    password: Password,
  },
  { additionalProperties: false },
);
export type RegisterOrganisationBody = Static<typeof RegisterOrganisationBody>;

export const RegisterCompleteBody = Type.Object(
  {
    token: Type.String({
      minLength: 20,
      maxLength: 200,
      description: 'Mã trong liên kết hoàn tất đăng ký đã gửi qua thư',
    }),
  },
  { additionalProperties: false },
);
export type RegisterCompleteBody = Static<typeof RegisterCompleteBody>;

// ---- accounts (administration)

export const AccountView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: AccountKindSchema,
  username: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  emailVerified: Type.Boolean(),
  phone: Nullable(Type.String()),
  citizenId: Nullable(Type.String()),
  citizenIdVerified: Type.Boolean(),
  taxCode: Nullable(Type.String()),
  agencyCode: Nullable(Type.String()),
  position: Nullable(Type.String()),
  disabled: Type.Boolean(),
  disabledReason: Nullable(Type.String()),
  mfaEnrolled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  roles: Type.Array(
    Type.Object({
      id: Nullable(Type.String({ format: 'uuid', description: 'null: vai trò ngầm định của tài khoản công dân' })),
      role: RoleName,
      agencyCode: Nullable(Type.String()),
    }),
  ),
});

export const AccountList = Type.Object({
  items: Type.Array(AccountView),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const AccountListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Tìm theo tên, tên đăng nhập, thư điện tử (có hoặc không dấu)',
      }),
    ),
    kind: Type.Optional(AccountKindSchema),
    agencyCode: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Chỉ cán bộ thuộc cơ quan này và các đơn vị trực thuộc',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type AccountListQuery = Static<typeof AccountListQuery>;

export const CreateOfficialBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, description: 'Tên đăng nhập, ví dụ nguyen.van.a' }),
    name: Name,
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
    agencyCode: Type.String({ minLength: 1, maxLength: 64, description: 'Mã định danh cơ quan (QCVN 102:2016)' }),
    position: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Chức vụ' })),
    password: Password,
  },
  { additionalProperties: false },
);
export type CreateOfficialBody = Static<typeof CreateOfficialBody>;

export const AccountParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const AccountGetQuery = Type.Object(
  {
    purpose: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'Mục đích xem (ghi vào nhật ký truy cập dữ liệu cá nhân)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DisableBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Lý do khoá' })) },
  { additionalProperties: false },
);

export const GrantBody = Type.Object(
  {
    role: RoleName,
    agencyCode: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type GrantBody = Static<typeof GrantBody>;

export const GrantResult = Type.Object({
  id: Type.String({ format: 'uuid' }),
  role: RoleName,
  agencyCode: Nullable(Type.String()),
});
export const GrantParams = Type.Object(
  { id: Type.String({ format: 'uuid' }), grantId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const DataAccessQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export const DataAccessList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      at: Type.String({ format: 'date-time' }),
      officialName: Type.String(),
      agencyCode: Nullable(Type.String()),
      record: Type.String(),
      purpose: Type.String(),
    }),
  ),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
