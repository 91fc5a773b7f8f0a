import { type Static, Type } from 'typebox';

const Uri = Type.String({ minLength: 8, maxLength: 2000, description: 'Địa chỉ URL tuyệt đối' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ClientIdParam = Type.String({
  minLength: 3,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9._-]{2,63}$',
  description: 'Mã ứng dụng (client_id): chữ thường, số, dấu chấm, gạch ngang, gạch dưới',
});

export const AuthMethod = Type.Union(
  [Type.Literal('client_secret_basic'), Type.Literal('client_secret_post'), Type.Literal('none')],
  { description: 'Cách ứng dụng xác thực ở điểm cấp token; none = ứng dụng công khai (bắt buộc PKCE)' },
);

export const CreateClientBody = Type.Object(
  {
    clientId: Type.Optional(ClientIdParam),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Tên ứng dụng hiển thị cho người dùng' }),
    redirectUris: Type.Array(Uri, { minItems: 1, maxItems: 20 }),
    postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    backchannelLogoutUri: Type.Optional(Nullable(Uri)),
    tokenEndpointAuthMethod: Type.Optional(AuthMethod),
  },
  { additionalProperties: false },
);
export type CreateClientBody = Static<typeof CreateClientBody>;

export const PatchClientBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    redirectUris: Type.Optional(Type.Array(Uri, { minItems: 1, maxItems: 20 })),
    postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    backchannelLogoutUri: Type.Optional(Nullable(Uri)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchClientBody = Static<typeof PatchClientBody>;

export const Client = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  backchannelLogoutUri: Type.Union([Type.String(), Type.Null()]),
  tokenEndpointAuthMethod: AuthMethod,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Client = Static<typeof Client>;

export const ClientWithSecret = Type.Object({
  ...Client.properties,
  clientSecret: Type.Union([Type.String(), Type.Null()], {
    description: 'Chỉ hiển thị một lần, lúc tạo hoặc cấp lại; hệ thống chỉ lưu bản niêm phong',
  }),
});
export type ClientWithSecret = Static<typeof ClientWithSecret>;

export const ClientList = Type.Object({ items: Type.Array(Client) });
export const ClientParams = Type.Object({ clientId: ClientIdParam }, { additionalProperties: false });

export const ProviderIdParam = Type.String({
  minLength: 2,
  maxLength: 40,
  pattern: '^[a-z0-9][a-z0-9-]{1,39}$',
  description: 'Mã nhà cung cấp định danh (ví dụ vneid)',
});

const ClaimName = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_:./-]+$' });
const AcrValue = Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' });

export const CreateProviderBody = Type.Object(
  {
    id: ProviderIdParam,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    issuer: Uri,
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    clientSecret: Type.String({ minLength: 8, maxLength: 500 }),
    scopes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21\\x23-\\x5b\\x5d-\\x7e]+$' }), {
        minItems: 1,
        maxItems: 20,
      }),
    ),
    citizenIdClaim: Type.Optional(ClaimName),
    acrLevel1: Type.Optional(Type.Array(AcrValue, { maxItems: 10 })),
    acrLevel2: Type.Array(AcrValue, { minItems: 1, maxItems: 10 }),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateProviderBody = Static<typeof CreateProviderBody>;

export const PatchProviderBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    issuer: Type.Optional(Uri),
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    clientSecret: Type.Optional(Type.String({ minLength: 8, maxLength: 500 })),
    scopes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 20 })),
    citizenIdClaim: Type.Optional(ClaimName),
    acrLevel1: Type.Optional(Type.Array(AcrValue, { maxItems: 10 })),
    acrLevel2: Type.Optional(Type.Array(AcrValue, { minItems: 1, maxItems: 10 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchProviderBody = Static<typeof PatchProviderBody>;

export const ExternalProvider = Type.Object({
  id: Type.String(),
  name: Type.String(),
  issuer: Type.String(),
  clientId: Type.String(),
  scopes: Type.Array(Type.String()),
  citizenIdClaim: Type.String(),
  acrLevel1: Type.Array(Type.String()),
  acrLevel2: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  redirectUri: Type.String({ description: 'Địa chỉ nhận kết quả cần khai báo với nhà cung cấp' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ExternalProvider = Static<typeof ExternalProvider>;

export const ExternalProviderList = Type.Object({ items: Type.Array(ExternalProvider) });
export const ProviderParams = Type.Object({ providerId: ProviderIdParam }, { additionalProperties: false });

export const PublicProviderList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), startUrl: Type.String() })),
});

export const ExternalStartQuery = Type.Object(
  {
    returnTo: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    acr: Type.Optional(Type.Integer({ minimum: 1, maximum: 2, description: 'Mức định danh yêu cầu (1 hoặc 2)' })),
  },
  { additionalProperties: false },
);

export const ExternalCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 4000 })),
    state: Type.Optional(Type.String({ maxLength: 200 })),
    iss: Type.Optional(Type.String({ maxLength: 2000 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 2000 })),
    session_state: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: true },
);

export const SigningKey = Type.Object({
  kid: Type.String(),
  alg: Type.String(),
  state: Type.Union([Type.Literal('next'), Type.Literal('active'), Type.Literal('retired')]),
  createdAt: Type.String({ format: 'date-time' }),
  activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const SigningKeyList = Type.Object({ items: Type.Array(SigningKey) });
export const RotateResult = Type.Object({
  active: Type.String(),
  next: Type.String(),
  retired: Type.Union([Type.String(), Type.Null()]),
});
