import { AppError, type FieldError } from '../../platform/errors/index.ts';

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** A refusal that says when to come back (the route sets the Retry-After header from it). */
export class RetryLaterError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterMs: number, options: ConstructorParameters<typeof AppError>[0]) {
    super(options);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

function withRetryAfter(retryAfterMs: number, options: ConstructorParameters<typeof AppError>[0]): RetryLaterError {
  return new RetryLaterError(retryAfterMs, options);
}

export const identityErrors = {
  /** The same answer whether the username exists or not, and whatever part was wrong. */
  invalidCredentials: () =>
    new AppError({
      code: 'INVALID_CREDENTIALS',
      status: 401,
      title: 'Đăng nhập không thành công',
      detail: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    }),
  loginLocked: (retryAfterMs: number) =>
    withRetryAfter(retryAfterMs, {
      code: 'LOGIN_LOCKED',
      status: 429,
      title: 'Tạm khoá đăng nhập',
      detail: `Đã nhập sai nhiều lần. Đăng nhập với tên này tạm bị khoá; vui lòng thử lại sau ${minutes(retryAfterMs)} phút.`,
    }),
  rateLimited: (retryAfterMs: number) =>
    withRetryAfter(retryAfterMs, {
      code: 'LOGIN_RATE_LIMITED',
      status: 429,
      title: 'Quá nhiều lần đăng nhập',
      detail: `Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau ${minutes(retryAfterMs)} phút.`,
    }),
  mfaRequired: () =>
    new AppError({
      code: 'MFA_REQUIRED',
      status: 401,
      title: 'Cần mã xác thực hai lớp',
      detail: 'Tài khoản này dùng xác thực hai lớp. Nhập mã 6 chữ số từ ứng dụng xác thực (hoặc một mã khôi phục).',
    }),
  mfaInvalid: () =>
    new AppError({
      code: 'MFA_INVALID',
      status: 401,
      title: 'Mã xác thực không đúng',
      detail: 'Mã xác thực hai lớp không đúng, đã hết hạn hoặc đã được dùng.',
    }),
  mfaEnrolmentRequired: () =>
    new AppError({
      code: 'MFA_ENROLMENT_REQUIRED',
      status: 403,
      title: 'Cần đăng ký xác thực hai lớp',
      detail:
        'Vai trò của tài khoản này bắt buộc xác thực hai lớp. Vui lòng đăng ký ứng dụng xác thực trước khi tiếp tục.',
    }),
  /** Changing the second factor needs a proof beyond the session cookie (identity.rules.ts mfaChangeProof). */
  reauthenticationRequired: (proof: 'second_factor' | 'password') =>
    new AppError({
      code: 'REAUTHENTICATION_REQUIRED',
      status: 403,
      title: 'Cần xác nhận lại',
      detail:
        proof === 'second_factor'
          ? 'Để thay đổi hoặc tắt xác thực hai lớp, hãy nhập mã 6 chữ số đang hiện trên ứng dụng xác thực (hoặc một mã khôi phục).'
          : 'Để đăng ký xác thực hai lớp, hãy nhập lại mật khẩu hiện tại (hoặc đăng nhập lại).',
      errors: [
        proof === 'second_factor'
          ? { field: '/body/otp', message: 'Nhập mã xác thực hiện tại hoặc một mã khôi phục.' }
          : { field: '/body/currentPassword', message: 'Nhập mật khẩu hiện tại.' },
      ],
    }),
  mfaRequiredByRole: () =>
    new AppError({
      code: 'MFA_REQUIRED_BY_ROLE',
      status: 409,
      title: 'Không thể tắt xác thực hai lớp',
      detail:
        'Vai trò của tài khoản này bắt buộc xác thực hai lớp. Có thể đăng ký lại ứng dụng xác thực nhưng không thể tắt.',
    }),
  mfaNotEnrolled: () =>
    new AppError({
      code: 'MFA_NOT_ENROLLED',
      status: 409,
      title: 'Chưa bật xác thực hai lớp',
      detail: 'Tài khoản này chưa bật xác thực hai lớp.',
    }),
  mfaNotStarted: () =>
    new AppError({
      code: 'MFA_ENROLMENT_NOT_STARTED',
      status: 409,
      title: 'Chưa bắt đầu đăng ký',
      detail: 'Chưa có yêu cầu đăng ký xác thực hai lớp nào đang chờ xác nhận. Hãy bắt đầu đăng ký lại.',
    }),
  forbidden: () =>
    new AppError({
      code: 'FORBIDDEN',
      status: 403,
      title: 'Không có quyền',
      detail: 'Tài khoản của bạn không có quyền thực hiện chức năng này.',
    }),
  csrf: () =>
    new AppError({
      code: 'CSRF_TOKEN_INVALID',
      status: 403,
      title: 'Yêu cầu không hợp lệ',
      detail: 'Thiếu hoặc sai mã chống giả mạo yêu cầu (x-csrf-token). Vui lòng tải lại trang rồi thử lại.',
    }),
  accessUndeclared: () =>
    new AppError({
      code: 'ROUTE_ACCESS_UNDECLARED',
      status: 500,
      title: 'Chức năng chưa khai báo quyền truy cập',
      detail: 'Chức năng này chưa khai báo ai được dùng nên bị từ chối với mọi người.',
    }),
  accountNotFound: () =>
    new AppError({
      code: 'ACCOUNT_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy tài khoản',
      detail: 'Không có tài khoản được yêu cầu.',
    }),
  grantNotFound: () =>
    new AppError({
      code: 'ROLE_GRANT_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy vai trò',
      detail: 'Tài khoản không có vai trò được yêu cầu.',
    }),
  sessionNotFound: () =>
    new AppError({
      code: 'SESSION_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy phiên đăng nhập',
      detail: 'Không có phiên đăng nhập được yêu cầu.',
    }),
  weakPassword: (messages: string[], field = '/body/password') =>
    new AppError({
      code: 'PASSWORD_POLICY',
      status: 400,
      title: 'Mật khẩu chưa đạt yêu cầu',
      detail: messages.join(' '),
      errors: messages.map((message) => ({ field, message })),
    }),
  invalid: (errors: FieldError[]) =>
    new AppError({
      code: 'VALIDATION_FAILED',
      status: 400,
      title: 'Dữ liệu không hợp lệ',
      detail: 'Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra các trường được nêu.',
      errors,
    }),
  usernameTaken: () =>
    new AppError({
      code: 'USERNAME_TAKEN',
      status: 409,
      title: 'Tên đăng nhập đã được dùng',
      detail: 'Đã có tài khoản với tên đăng nhập này.',
    }),
  resetRateLimited: (retryAfterMs: number) =>
    withRetryAfter(retryAfterMs, {
      code: 'PASSWORD_RESET_RATE_LIMITED',
      status: 429,
      title: 'Quá nhiều yêu cầu đặt lại mật khẩu',
      detail: `Đã có quá nhiều yêu cầu đặt lại mật khẩu cho tên đăng nhập này hoặc từ địa chỉ này. Vui lòng thử lại sau ${minutes(retryAfterMs)} phút.`,
    }),
  /** A first password needs a sign-in through the external provider moments ago. */
  externalReauthenticationRequired: (windowMs: number) =>
    new AppError({
      code: 'REAUTHENTICATION_REQUIRED',
      status: 403,
      title: 'Cần xác nhận lại',
      detail: `Tài khoản chưa có mật khẩu. Để đặt mật khẩu lần đầu, hãy đăng nhập lại bằng tài khoản định danh điện tử (VNeID) rồi đặt mật khẩu trong vòng ${minutes(windowMs)} phút.`,
    }),
  registrationRateLimited: (retryAfterMs: number) =>
    withRetryAfter(retryAfterMs, {
      code: 'REGISTRATION_RATE_LIMITED',
      status: 429,
      title: 'Quá nhiều yêu cầu đăng ký',
      detail: `Đã có quá nhiều yêu cầu đăng ký với thông tin này hoặc từ địa chỉ này. Vui lòng thử lại sau ${minutes(retryAfterMs)} phút.`,
    }),
  /** Any reason a link cannot finish a registration (unknown, used, expired, identifier taken since). */
  registrationLinkInvalid: () =>
    new AppError({
      code: 'REGISTRATION_LINK_INVALID',
      status: 400,
      title: 'Liên kết hoàn tất đăng ký không hợp lệ',
      detail:
        'Liên kết hoàn tất đăng ký không đúng, đã hết hạn (24 giờ) hoặc đã được dùng. Vui lòng đăng ký lại; nếu đã có tài khoản, hãy đăng nhập hoặc dùng chức năng «Quên mật khẩu».',
    }),
  agencyUnknown: (code: string) =>
    new AppError({
      code: 'AGENCY_NOT_FOUND',
      status: 400,
      title: 'Cơ quan không hợp lệ',
      detail: `Không có cơ quan mã «${code}» đang có hiệu lực.`,
      errors: [{ field: '/body/agencyCode', message: `Không có cơ quan mã «${code}» đang có hiệu lực.` }],
    }),
  /** A path's agency that does not exist (today): the resource is missing, not the input wrong. */
  agencyNotFound: (code: string) =>
    new AppError({
      code: 'AGENCY_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy cơ quan',
      detail: `Không có cơ quan mã «${code}» đang có hiệu lực.`,
    }),
  staffForbidden: () =>
    new AppError({
      code: 'FORBIDDEN',
      status: 403,
      title: 'Không có quyền',
      detail:
        'Chỉ cán bộ của cơ quan này, của đơn vị thuộc cơ quan này hoặc của cơ quan cấp trên trực tiếp được xem danh sách cán bộ của cơ quan.',
    }),
  roleNotAllowed: (detail: string) =>
    new AppError({ code: 'ROLE_NOT_ALLOWED', status: 400, title: 'Không thể gán vai trò', detail }),
  resetTokenInvalid: () =>
    new AppError({
      code: 'RESET_TOKEN_INVALID',
      status: 400,
      title: 'Liên kết đặt lại mật khẩu không hợp lệ',
      detail:
        'Liên kết đặt lại mật khẩu không đúng, đã hết hạn (30 phút) hoặc đã được dùng. Vui lòng yêu cầu liên kết mới.',
    }),
  wrongCurrentPassword: () =>
    new AppError({
      code: 'CURRENT_PASSWORD_WRONG',
      status: 400,
      title: 'Mật khẩu hiện tại không đúng',
      detail: 'Mật khẩu hiện tại không đúng.',
      errors: [{ field: '/body/currentPassword', message: 'Mật khẩu hiện tại không đúng.' }],
    }),
  selfDisable: () =>
    new AppError({
      code: 'CANNOT_DISABLE_SELF',
      status: 409,
      title: 'Không thể tự khoá tài khoản',
      detail: 'Không thể khoá chính tài khoản đang dùng.',
    }),
  externalSubjectMismatch: () =>
    new AppError({
      code: 'EXTERNAL_IDENTITY_MISMATCH',
      status: 409,
      title: 'Danh tính bên ngoài không khớp',
      detail: 'Danh tính này đã được liên kết với một số định danh cá nhân khác; không thể liên kết.',
    }),
  externalAccountDisabled: () =>
    new AppError({
      code: 'ACCOUNT_DISABLED',
      status: 403,
      title: 'Tài khoản đã bị khoá',
      detail: 'Tài khoản gắn với danh tính này đã bị khoá. Vui lòng liên hệ quản trị.',
    }),
};
